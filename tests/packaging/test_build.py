"""The one-folder PyInstaller build runs on its own: the demo's election day, lookup, tally, PDFs, packages, window.

The app is built once for this module (scripts/build.sh into a temp folder, about 20-60 s) and then run as a
user would: outside the source tree, with a fresh home folder, English messages. Any traceback, "Error" or
PyInstaller bootloader message on stderr fails the test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("PyInstaller", reason="PyInstaller is not installed (pip install -e '.[build]')")
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
EXE_NAME = "polldesk.exe" if sys.platform.startswith("win") else "polldesk"
BAD_SIGNS = ("Traceback", "Error", "[PYI-", "Failed to execute script", "could not load the Qt platform plugin")
ROUND = {
    "form": "direct", "electorate": 6, "issued": 5, "round": 1,
    "positions": [{"id": "director", "seats": 1, "candidates": ["王建国", "李秀英"]}],
    "ballots": [{"director": ["王建国"]}] * 3 + [{"director": ["李秀英"]}] * 2,
    "boxes": [{"id": "C01-Z-1", "issued": 5, "collected": 5}],
}


def _clean_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a user's machine: no venv, no source tree on the path, a home folder of its own."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "POLLDESK_LANG", "POLLDESK_UNIHAN", "PYTHONHOME")}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), XDG_CACHE_HOME=str(home / ".cache"),
               QT_QPA_PLATFORM="offscreen", **extra)
    return env


def assert_clean(stderr: str) -> None:
    """Fail on any sign of a crash, a missing module or a bootloader problem."""
    found = [sign for sign in BAD_SIGNS if sign.lower() in stderr.lower()]
    assert not found, f"{found} in stderr:\n{stderr[-3000:]}"


class BuiltApp:
    """The built executable, run in a work folder like a clerk's."""

    def __init__(self, exe: Path, work: Path) -> None:
        self.exe, self.work = exe, work
        self.demo_summary: dict[str, object] = {}

    def run(self, *args: str, stdin: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([str(self.exe), "--lang", "en", *args], cwd=self.work, input=stdin,
                              capture_output=True, text=True, env=_clean_env(self.work, **env), timeout=180)
        assert done.returncode == 0, f"{args}: exit {done.returncode}\n{done.stderr[-3000:]}"
        assert_clean(done.stderr)
        return done

    def json(self, *args: str, **env: str) -> object:
        return json.loads(self.run(*args, **env).stdout)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> BuiltApp:
    base = tmp_path_factory.mktemp("packaging")
    env = dict(os.environ, POLLDESK_BUILD_WORK=str(base / "work"), PYTHON=sys.executable)
    started = time.monotonic()
    done = subprocess.run(["bash", str(ROOT / "scripts" / "build.sh"), "onefolder", str(base / "dist")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    exe = base / "dist" / "polldesk" / EXE_NAME
    assert exe.is_file()
    print(f"\none-folder build: {time.monotonic() - started:.0f} s; {done.stderr.strip().splitlines()[-1]}")
    work = base / "clerk"
    work.mkdir()
    built = BuiltApp(exe, work)
    built.demo_summary = dict(built.json("demo", "--out", "demo", "--voters", "1000"))  # type: ignore[call-overload]
    return built


def test_the_built_app_builds_the_demo_district_with_its_stations(app: BuiltApp) -> None:
    assert app.demo_summary["voters"] == 1000
    assert (app.work / "demo" / "district.polldesk").is_file()
    assert len(list((app.work / "demo" / "stations").glob("*.polldesk"))) == 38


def test_the_built_app_finds_a_voter_by_pinyin(app: BuiltApp) -> None:
    rows = app.json("lookup", "--json", "--limit", "5", "demo/district.polldesk", "wang", "--user", "admin1",
                    POLLDESK_PASSWORD="demo-pass")
    assert isinstance(rows, list) and rows
    assert all(row["name"][0] in "王汪" for row in rows)       # pypinyin's readings travelled with the app
    assert all("*" in row["masked_id"] for row in rows)


def test_the_built_app_tallies_a_round_from_a_file(app: BuiltApp) -> None:
    (app.work / "round.json").write_text(json.dumps(ROUND, ensure_ascii=False), encoding="utf-8")
    outcome = app.json("tally", "round.json")
    assert isinstance(outcome, dict)
    assert outcome["valid_round"] is True
    assert outcome["positions"][0]["elected"] == ["王建国"]


def test_the_built_app_prints_voter_cards_in_chinese(app: BuiltApp) -> None:
    from pypdf import PdfReader

    app.run("print", "voter-cards", "demo/stations/C01-Z.polldesk", "--out", "cards.pdf", "--limit", "8",
            "--user", "chief1", POLLDESK_PASSWORD="demo-pass")
    text = PdfReader(app.work / "cards.pdf").pages[0].extract_text()
    assert "选民证" in text or "Voter card" in text


def test_the_built_app_signs_station_packages_the_district_verifies(app: BuiltApp) -> None:
    packages = sorted((app.work / "demo").rglob("*.zip"))     # the demo's day ends with every station imported
    assert packages
    verdict = app.json("package", "verify", str(packages[0]))
    assert isinstance(verdict, dict) and verdict["ok"] is True and verdict["kind"] == "station-result"


def test_without_stroke_data_the_built_app_orders_ballots_by_pinyin_and_says_so(app: BuiltApp) -> None:
    done = app.run("ballots", "demo/district.polldesk", "--contest", "C01-committee", "--out", "ballot.pdf",
                   "--user", "admin1", POLLDESK_PASSWORD="demo-pass",
                   POLLDESK_UNIHAN=str(app.work / "no-unihan-here.txt.bz2"))
    assert json.loads(done.stdout)["stroke_order"] is False
    assert "pinyin order" in done.stderr
    assert (app.work / "ballot.pdf").read_bytes().startswith(b"%PDF")


def test_the_built_app_opens_its_main_window_offscreen(app: BuiltApp) -> None:
    assert "usage: polldesk gui" in app.run("gui", "--help").stdout
    window = subprocess.Popen([str(app.exe), "--lang", "en", "gui", "demo/district.polldesk"], cwd=app.work,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_clean_env(app.work))
    try:
        time.sleep(6)                  # Qt loaded, the window shown and the file opened, or the process died
        still_running = window.poll() is None
    finally:
        window.terminate()
        _, stderr = window.communicate(timeout=30)
    assert still_running, stderr[-3000:]
    assert_clean(stderr)


def test_the_bundle_carries_only_the_qt_modules_polldesk_uses(app: BuiltApp) -> None:
    internal = app.exe.parent / "_internal"
    bindings = {p.name.split(".")[0] for p in (internal / "PySide6").glob("Qt*.*")}
    assert bindings == {"QtCore", "QtGui", "QtWidgets"}
    assert not list(internal.rglob("*Qt6Network*")) and not list(internal.rglob("*Qt6Qml*"))
    assert (internal / "resources" / "translations" / "zh_CN" / "core.json").is_file()
    assert sorted(p.name for p in (internal / "app" / "db" / "schema").glob("*.sql")) == \
        sorted(p.name for p in (ROOT / "app" / "db" / "schema").glob("*.sql"))
