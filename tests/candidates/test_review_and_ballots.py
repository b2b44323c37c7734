"""The qualification review (社区审查, then 区联审) and the ballot papers printed from its outcome."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from candidatekit import PASSWORD, District, pass_all
from pypdf import PdfReader

from app.audit import read_events
from app.auth import Session
from app.candidates import ballot_order, community_review, district_review, list_candidates
from app.candidates.strokes import ballot_sorted
from app.cli import main
from app.db import transaction
from app.errors import PollDeskError
from app.reports.ballots import ballot_pdf
from app.reports.candidate_list import candidate_list_pdf


def text_of(pdf: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(pdf)).pages)


def test_candidate_passes_only_when_community_and_district_both_pass(district: District) -> None:
    conn, cid = district.df.conn, district.candidate_id("王建国")
    assert community_review(conn, district.admin, cid, "passed").review_status == "pending"
    assert district_review(conn, district.admin, cid, "passed").review_status == "passed"
    events = read_events(conn, event="candidate_reviewed")
    assert [(e.details["step"], e.details["outcome"]) for e in events] == [("community", "pending"),
                                                                          ("district", "passed")]


def test_district_review_waits_for_the_community(district: District) -> None:
    with pytest.raises(PollDeskError) as refused:
        district_review(district.df.conn, district.admin, district.candidate_id("王建国"), "passed")
    assert refused.value.code == "community_review_first"


def test_rejection_needs_a_reason_and_the_district_may_reject(district: District) -> None:
    conn, cid = district.df.conn, district.candidate_id("张伟")
    with pytest.raises(PollDeskError) as refused:
        community_review(conn, district.admin, cid, "rejected", " ")
    assert refused.value.code == "reason_needed"
    community_review(conn, district.admin, cid, "passed")
    row = district_review(conn, district.admin, cid, "rejected", "联审发现不符合任职条件")
    assert (row.review_status, row.review_reason) == ("rejected", "联审发现不符合任职条件")


def test_a_clerk_may_not_review_candidates(district: District) -> None:
    clerk = Session("clerk1", "clerk", district.admin.started)
    with pytest.raises(PollDeskError) as refused:
        community_review(district.df.conn, clerk, district.candidate_id("王建国"), "passed")
    assert refused.value.code == "forbidden"


def test_only_passed_candidates_reach_the_ballot_in_stroke_order(district: District) -> None:
    conn = district.df.conn
    assert ballot_order(conn, "C01-committee") == {"director": [], "deputy": [], "member": []}
    pass_all(district)
    community_review(conn, district.admin, district.candidate_id("黄磊"), "rejected", "提名程序不符合规定")
    order = ballot_order(conn, "C01-committee")
    assert list(order) == ["director", "deputy", "member"]
    assert order["deputy"] == [(1, "刘芳"), (2, "张伟"), (3, "陈静")]
    assert [n for _, n in order["member"]] == ballot_sorted(["杨洋", "赵敏", "周杰"]) == ["杨洋", "周杰", "赵敏"]


def test_ballot_pdf_lists_candidates_in_ballot_order_with_write_ins_and_test_watermark(
        district: District, tmp_path: Path) -> None:
    pass_all(district)
    doc = ballot_pdf(district.df.conn, "C01-committee", tmp_path / "ballot.pdf")
    assert doc.pages == 1 and doc.candidates == 9 and doc.missing_glyphs == ()
    text = text_of(doc.path)
    names = [n for position in ballot_order(district.df.conn, "C01-committee").values() for _, n in position]
    assert [text.index(n) for n in names] == sorted(text.index(n) for n in names)
    assert text.splitlines().count("另选他人") == 1 + 2 + 3      # one write-in box per seat
    assert "测试选票 — 无效" in text and "测试" in text
    assert "东湖社区第四届居民委员会选举" in text and "应选2名" in text
    fonts = subprocess.run(["pdffonts", str(doc.path)], capture_output=True, text=True, check=True).stdout
    cjk = [line.split() for line in fonts.splitlines()[2:]]     # every font, embedded
    assert cjk and all(cols[-5] == "yes" for cols in cjk), fonts


def test_official_ballot_on_a3_has_no_watermark(district: District, tmp_path: Path) -> None:
    pass_all(district)
    with transaction(district.df.conn) as conn:
        conn.execute("UPDATE election SET mode = 'official'")
    doc = ballot_pdf(district.df.conn, "C01-committee", tmp_path / "a3.pdf", size="A3")
    box = PdfReader(str(doc.path)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 1191)
    assert "测试" not in text_of(doc.path)


def test_ballot_of_a_contest_with_no_passed_candidate_is_refused(district: District, tmp_path: Path) -> None:
    with pytest.raises(PollDeskError) as refused:
        ballot_pdf(district.df.conn, "C01-committee", tmp_path / "b.pdf")
    assert refused.value.code == "no_passed_candidates"


def test_candidate_list_shows_passed_candidates_with_sex_age_and_publication_date(
        district: District, tmp_path: Path) -> None:
    pass_all(district)
    community_review(district.df.conn, district.admin, district.candidate_id("黄磊"), "rejected", "不符合条件")
    path, pages, missing, warning = candidate_list_pdf(district.df.conn, "C01", tmp_path / "list.pdf")
    text = text_of(path)
    assert pages == 1 and missing == () and warning == ""
    assert "东湖社区候选人名单公告" in text and "黄磊" not in text
    assert text.index("杨洋") < text.index("周杰") < text.index("赵敏")
    assert "2011年4月5日" in text          # 5 days before election day (candidate_list_days)
    assert "政治面貌" in text and "文化程度" in text


def test_cli_check_list_review_and_ballots(district: District, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(district.df.path)
    assert main(["candidates", "check", db, "--json"]) == 0
    checked = json.loads(capsys.readouterr().out)
    assert set(checked["communities"]) == {"C01", "C02"}
    first = checked["communities"]["C01"]["C01-committee"][0]
    assert set(first) == {"community", "contest", "position", "code", "message", "candidates"}
    assert checked["problems"] == sum(len(v) for c in checked["communities"].values() for v in c.values())

    cid = district.candidate_id("王建国")
    monkeypatch.setenv("POLLDESK_PASSWORD", PASSWORD)
    assert main(["candidates", "review", db, "--candidate", str(cid), "--status", "passed", "--user", "admin1"]) == 0
    assert json.loads(capsys.readouterr().out)["review_status"] == "pending"
    assert main(["candidates", "review", db, "--candidate", str(cid), "--status", "passed", "--step", "district",
                 "--user", "admin1"]) == 0
    assert json.loads(capsys.readouterr().out)["review_status"] == "passed"
    monkeypatch.setenv("POLLDESK_PASSWORD", "wrong password")
    assert main(["candidates", "review", db, "--candidate", str(cid), "--status", "rejected", "--reason", "x",
                 "--user", "admin1"]) == 2

    assert main(["candidates", "list", db, "--json"]) == 0
    listed = {c["id"]: c for c in json.loads(capsys.readouterr().out)["candidates"]}
    assert listed[cid]["ballot_number"] == 1 and listed[cid]["review_status"] == "passed"
    assert len(listed) == len(list_candidates(district.df.conn))

    out = tmp_path / "ballot.pdf"
    assert main(["ballots", db, "--contest", "C01-committee", "--out", str(out), "--size", "A3"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["order"]["director"] == [[1, "王建国"]] and out.is_file()
