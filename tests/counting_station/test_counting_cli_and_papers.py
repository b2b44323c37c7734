"""The count from the command line, and the printed announcement and record read back (text and QR code)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from counting_day import BOX, COMMITTEE, LINES, layout_of

from app.auth import HashParameters, add_user, login, set_hash_parameters
from app.cli import main
from app.counting.entry import parse_entry
from app.counting.store import ballot_to_json
from app.db import open_data_file

PASSWORD = "station-pass-1"


@pytest.fixture
def staffed_station(station_path: Path) -> Iterator[Path]:
    """The closed station file with a chief and a counter (cheap password hashes for speed)."""
    previous = set_hash_parameters(HashParameters(time_cost=1, memory_cost=1024, parallelism=1))
    try:
        with open_data_file(station_path) as df:
            add_user(df, None, "chief1", "chief", PASSWORD)
            add_user(df, login(df.conn, "chief1", PASSWORD), "counter1", "counter", PASSWORD)
        yield station_path
    finally:
        set_hash_parameters(previous)


def _run(capsys: pytest.CaptureFixture[str], *argv: str, lang: str = "en") -> tuple[int, dict]:
    code = main(["--lang", lang, *argv])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else {}


def _ballots_file(folder: Path, station: Path) -> Path:
    """The box's ballots in the tally file's "ballots" form, the unclear one already decided."""
    with open_data_file(station) as df:
        layout = layout_of(df.conn)
        ballots = [json.loads(ballot_to_json(parse_entry(line.replace("?", ""), layout))) for line in LINES]
    path = folder / "box.json"
    path.write_text(json.dumps(ballots, ensure_ascii=False), encoding="utf-8")
    return path


def _qr(pdf: Path, folder: Path) -> str:
    """Render the last page at 150 dpi and read its QR code with zbarimg."""
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(folder / pdf.stem)], check=True)
    page = sorted(folder.glob(f"{pdf.stem}*.png"))[-1]
    done = subprocess.run(["zbarimg", "--raw", "-q", str(page)], capture_output=True, check=False)
    return done.stdout.decode("utf-8").strip()


def test_a_box_is_counted_and_certified_from_the_command_line_and_the_papers_match(
        staffed_station: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from pypdf import PdfReader

    db = str(staffed_station)
    monkeypatch.setenv("POLLDESK_PASSWORD", PASSWORD)
    ballots = _ballots_file(tmp_path, staffed_station)
    assert _run(capsys, "count", db, "--ballots", str(ballots), "--user", "counter1")[0] == 2  # poll not counting
    assert _run(capsys, "count", "start", db, "--user", "counter1")[0] == 2                   # not a chief
    assert _run(capsys, "count", "start", db, "--user", "chief1") == (0, {"db": db, "state": "counting"})
    code, out = _run(capsys, "count", db, "--contest", COMMITTEE, "--ballots", str(ballots), "--user", "counter1")
    assert (code, out["box"], out["entered"], out["collected"], out["issued"]) == (0, BOX, 30, 30, 32)
    code, out = _run(capsys, "results", db, "--json")
    assert (code, out["certified"], out["votes"]["director"]) == (0, False, {"王建国": 21, "李秀英": 6})
    assert _run(capsys, "count", "certify", db, "--user", "counter1")[0] == 2
    code, out = _run(capsys, "count", "certify", db, "--contest", COMMITTEE, "--user", "chief1")
    assert (code, out["state"]) == (0, "certified")
    digest = out["sha256"]
    announcement, record = tmp_path / "announcement.pdf", tmp_path / "record.pdf"
    code, out = _run(capsys, "results", db, "--json", "--pdf", str(announcement), "--record", str(record),
                     "--fingerprint", "AB12 CD34 EF56", lang="zh_CN")
    assert (code, out["certified"], out["intact"], out["sha256"]) == (0, True, True, digest)
    expected_qr = f"PDR1|{COMMITTEE}|40|30|1|王建国;刘芳,张伟;赵敏,黄磊,杨洋|{digest[:16]}"
    assert out["qr"] == expected_qr
    for pdf in (announcement, record):
        text = "\n".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
        for words in ("东湖社区第四届居民委员会选举", "2011年4月10日", "王建国", "AB12 CD34 EF56", digest[:32], "TEST"):
            assert words in text, (pdf.name, words)
        assert _qr(pdf, tmp_path) == expected_qr
    announced = "\n".join(p.extract_text() for p in PdfReader(str(announcement)).pages)
    assert "选举结果公告" in announced and "登记选民" in announced
    recorded = "\n".join(p.extract_text() for p in PdfReader(str(record)).pages)
    for words in ("选举结果报告单", "总监票人", "监票人", "计票人", "唱票人", "C01-Z-1"):
        assert words in recorded, words


def test_papers_are_refused_before_the_chief_certifies(staffed_station: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "results", str(staffed_station), "--pdf", str(tmp_path / "a.pdf")]) == 2
    assert "not certified" in capsys.readouterr().err
    assert not (tmp_path / "a.pdf").exists()
