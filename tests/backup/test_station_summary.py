"""The station summary printed at poll close, read back from the PDF."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from app.db import DataFile
from app.pollbook import close_poll, issue_ballot, open_poll, receive_ballots, spoil_exchange, undo_issuance
from app.reports.station_summary import station_summary_pdf
from tests.backup.backupkit import CHIEF, CLERK
from tests.handclock import HandClock

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reports"))
from reports_readback import pdf_fonts, pdf_text  # noqa: E402


def test_summary_at_poll_close_shows_every_figure_signature_lines_and_the_test_mark(
        station: DataFile, voters: list[int], clock: HandClock, tmp_path: Path) -> None:
    conn = station.conn
    committee = conn.execute("SELECT id, name FROM contests WHERE kind = 'committee'").fetchone()
    receive_ballots(conn, CHIEF, None, 40, clock=clock)
    open_poll(conn, CHIEF, clock=clock)
    for voter in voters[:5]:
        issue_ballot(conn, CLERK, voter, clock=clock)
    issue_ballot(conn, CLERK, voters[5], proxy_for=voters[6], auth_no="WT-001", clock=clock)
    spoil_exchange(conn, CLERK, voters[0], reason="marked wrongly", clock=clock)
    undo_issuance(conn, CHIEF, voters[1], reason="wrong voter card", clock=clock)
    clock.advance(600)
    close_poll(conn, CHIEF, clock=clock)

    printed = station_summary_pdf(conn, tmp_path / "summary.pdf", clock)

    text = pdf_text(printed.path)
    assert printed.pages == 1 and printed.voters == 5 and printed.missing_glyphs == ()
    assert "投票站投票情况汇总表" in text and "测试" in text
    assert f"（{station.place_code}）" in text and "投票结束时间：2011-04-10 18:00" in text
    row = re.search(re.escape(f"({committee['id']})") + r"\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)"
                    r"\s+(\d+)\s+(\d+)\s+(-?\d+)\s+([\d.]+%)", text)
    assert row is not None, text
    electorate, received, issued, in_person, proxy, mobile, household, spoilt, undone, unused, _ = row.groups()
    assert (received, issued, in_person, proxy, mobile, household) == ("40", "5", "4", "1", "0", "0")
    assert (spoilt, undone, unused) == ("1", "1", "34")
    assert text.count("（签名）") == 3
    embedded = pdf_fonts(printed.path).splitlines()[2:]     # every font, embedded
    assert embedded and all("WenQuanYi" in line and " yes yes " in line for line in embedded)
