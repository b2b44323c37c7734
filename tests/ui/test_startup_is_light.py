"""Starting the window loads only what the welcome page needs: the file's libraries and pages come with a file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from ui.main import MainWindow

ROOT = Path(__file__).resolve().parents[2]

# Loaded with the first file, never to show the welcome page: password hashing, the vault's cryptography,
# SQLCipher, the report and spreadsheet libraries, pinyin sorting, the data-file and election layers.
HEAVY = ("argon2", "cryptography", "sqlcipher3", "reportlab", "openpyxl", "pypinyin", "sqlite_utils",
         "app.auth", "app.audit", "app.db", "app.vault", "app.election", "app.register", "app.reports",
         "ui.pages", "ui.shell_signin", "ui.shell_station", "ui.shell_district")

# The start-up path of `polldesk` (ui.main.run) up to the first idle turn, as the start-up benchmark runs it.
_START = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

def report():
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()]
    print(json.dumps({"windows": len(shown), "modules": sorted(sys.modules)}))
    QApplication.instance().quit()

app = QApplication(sys.argv[:1])
QTimer.singleShot(0, report)
from ui.main import run
run([])
"""


def _modules_at_start(home: Path) -> tuple[int, list[str]]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), HOME=str(home),
               XDG_CONFIG_HOME=str(home / "config"), XDG_CACHE_HOME=str(home / "cache"))
    out = subprocess.run([sys.executable, "-c", _START], capture_output=True, text=True, env=env, cwd=home,
                         timeout=120, check=True)
    report = json.loads(out.stdout.strip().splitlines()[-1])
    return report["windows"], report["modules"]


def test_the_welcome_page_opens_without_loading_crypto_reports_or_the_file_pages(tmp_path: Path) -> None:
    windows, modules = _modules_at_start(tmp_path)
    assert windows == 1
    assert "ui.main" in modules and "ui.welcome" in modules
    loaded = sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))
    assert loaded == [], f"start-up loaded modules only a file needs: {loaded}"


def test_before_any_file_the_language_switches_and_close_does_nothing(window: MainWindow) -> None:
    assert window.stack.count() == 0          # the file's pages are made with the first file
    window.switch_language("en")
    assert window.windowTitle() == "PollDesk" and window.file_menu.title() == "&File"
    window.close_file()
    window.switch_language("zh_CN")
    assert window.screens.currentWidget() is window.welcome and window.file_menu.title() == "文件(&F)"
    assert window.stack.count() == 0


def test_the_file_pages_are_made_once_when_a_file_opens(open_and_wait: Callable[[MainWindow, Path], None],
                                                         window: MainWindow, district_file: Path) -> None:
    window.switch_language("en")              # chosen before the pages exist: they are made in English
    open_and_wait(window, district_file)
    pages = [entry.widget for entry in window.fixed_pages]
    assert pages == [window.election_page, window.communities_page, window.places_page, window.contests_page]
    assert all(window.stack.indexOf(page) >= 0 for page in pages)
    assert window.communities_page.heading.text() == "Communities"
    assert window.overview is not None and window.election_page.title.text() == window.overview.summary.election.name
    window.close_file()
    open_and_wait(window, district_file)
    assert [entry.widget for entry in window.fixed_pages] == pages      # made once, kept
    window.switch_language("zh_CN")
    assert window.communities_page.heading.text() == "社区"


def test_the_polldesk_command_opens_the_window_without_building_every_subcommand(tmp_path: Path) -> None:
    from app.cli import _window_only

    assert _window_only([]) == (None, []) and _window_only(["--lang", "en"]) == ("en", [])
    assert _window_only(["gui", "d.polldesk"]) == (None, ["d.polldesk"])
    assert _window_only(["--lang", "zh_CN", "gui"]) == ("zh_CN", [])
    for other in (["gui", "--help"], ["lookup", "x", "y"], ["--version"], ["gui", "a", "b"]):
        assert _window_only(other) is None, other
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), HOME=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_CACHE_HOME=str(tmp_path / "cache"))
    script = _START.replace("from ui.main import run\nrun([])", "from app.cli import main\nmain(['--lang', 'en'])")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path,
                         timeout=120, check=True)
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["windows"] == 1
    assert not [m for m in report["modules"] if m.startswith("app.cli.") and m != "app.cli.gui"]
    assert not [m for m in report["modules"] if any(m == h or m.startswith(h + ".") for h in HEAVY)]
