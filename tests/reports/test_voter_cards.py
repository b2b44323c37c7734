"""Voter cards (选民证): what the voter brings to the station, and what the station scans."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from reports_readback import card_qr_payloads, pdf_fonts, pdf_text

from app.db import create_data_file
from app.errors import PollDeskError
from app.register.privacy import parse_card_payload, register_key
from app.reports.voter_cards import voter_cards_pdf
from tests.datafiles import polldesk_command


def test_every_card_qr_code_scans_to_its_own_voter(registered, tmp_path: Path) -> None:
    conn = registered.df.conn
    document = voter_cards_pdf(conn, tmp_path / "cards.pdf", community="C01")
    assert (document.voters, document.pages) == (30, 4)
    payloads = card_qr_payloads(document.path, tmp_path)
    key = register_key(conn)
    scanned = [parse_card_payload(key, registered.df.election_id, p) for p in payloads]
    # Page 1 holds group 1 of 东湖社区 in household order: voters 1, 5, 9 ... 29.
    assert scanned == [1, 5, 9, 13, 17, 21, 25, 29]
    assert all(registered.voters[v]["community"] == "C01" and registered.voters[v]["group"] == "1" for v in scanned)


def test_a_card_of_another_election_does_not_scan(registered, tmp_path: Path) -> None:
    document = voter_cards_pdf(registered.df.conn, tmp_path / "cards.pdf", voter_ids=[7])
    payload = card_qr_payloads(document.path, tmp_path)[0]
    key = register_key(registered.df.conn)
    assert parse_card_payload(key, registered.df.election_id, payload) == 7
    assert parse_card_payload(key, "another-election", payload) is None


def test_card_shows_masked_id_place_and_day_but_not_the_full_number(registered, tmp_path: Path) -> None:
    document = voter_cards_pdf(registered.df.conn, tmp_path / "cards.pdf", voter_ids=[3, 32])
    text = pdf_text(document.path)
    flat = re.sub(r"\s", "", text)
    for voter_id in (3, 32):
        number = registered.voters[voter_id]["id"]
        assert number[:6] + "********" + number[-4:] in flat
        assert number not in flat
        assert registered.voters[voter_id]["name"] in text
    assert "东湖社区第一投票站" in text          # voter 3 is in group 3, served by the station
    assert "西园社区中心会场" in text            # voter 32 is in group 2, served by the centre
    assert "2011年4月10日" in text and "000003" in text and "000032" in text
    assert "第四届社区居委会换届选举" in text
    assert document.missing_glyphs == ()


def test_cards_embed_the_chinese_font(registered, tmp_path: Path) -> None:
    fonts = pdf_fonts(voter_cards_pdf(registered.df.conn, tmp_path / "cards.pdf", limit=3).path)
    cjk = fonts.splitlines()[2:]     # every font, reportlab's default Helvetica included
    assert cjk and all(line.split()[-5] == "yes" for line in cjk), fonts


def test_cards_need_the_register_key(small_definition, tmp_path: Path) -> None:
    with create_data_file(tmp_path / "d.polldesk", kind="district", election_id=small_definition.election.id) as df:
        from app.election.store import store_definition

        store_definition(df, small_definition)
        with pytest.raises(PollDeskError) as caught:
            voter_cards_pdf(df.conn, tmp_path / "cards.pdf")
    assert caught.value.code == "no_register_key"


def polldesk(*args: str) -> dict:
    """Run the `polldesk` command as a clerk would; its JSON answer."""
    done = subprocess.run([*polldesk_command(), *args], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_clerk_prints_cards_and_list_from_the_command_line(registered, tmp_path: Path) -> None:
    db = str(registered.df.path)
    group = registered.group_ids[("C02", 1)]
    assert polldesk("print", "voter-cards", db, "--out", str(tmp_path / "c.pdf"), "--community", "C01",
                    "--limit", "9") == {"pdf": str(tmp_path / "c.pdf"), "pages": 2, "voters": 9}
    assert polldesk("print", "posted-list", db, "--out", str(tmp_path / "l.pdf"), "--group", str(group)) == {
        "pdf": str(tmp_path / "l.pdf"), "pages": 1, "voters": 8}
    assert "西园社区第1居民小组选民名单" in pdf_text(tmp_path / "l.pdf")
