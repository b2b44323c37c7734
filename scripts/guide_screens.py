"""Make the user guide's screenshots from the real main window, offscreen (docs/guide/images/).

    .venv/bin/python scripts/guide_screens.py [--out docs/guide/images] [--voters 2000] [--width 960]

Builds a small demo district in a temporary folder, encrypted as `polldesk demo` makes it (the demo users
sign in: chief1 at the station, admin1 at the district, password demo-pass), opens the real MainWindow with
the offscreen Qt platform, and plays a station's day (sign-in, desk, proxy, turnout, lock, poll close, counting,
certification, export) and the district office's (register import wizard, candidates, dashboard, package
import), saving one PNG per step: Chinese by default, a few in English (names ending in -en). Each PNG
is at most `--width` pixels wide and reduced to a 24-colour palette with Pillow to stay small.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402
from PySide6.QtCore import QBuffer, QIODevice, QSettings, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget, QWizard  # noqa: E402

from app.auth import DEMO_PASSWORD, ensure_demo_users  # noqa: E402
from app.db import open_data_file  # noqa: E402
from app.demo import run_demo  # noqa: E402
from app.demo.polls_open import cheap_demo_hashes  # noqa: E402
from app.election.store import read_election  # noqa: E402
from app.i18n import set_language  # noqa: E402
from app.pollbook import issue_ballot  # noqa: E402
from app.register.idnumber import make_id  # noqa: E402
from app.vault import Unlock  # noqa: E402
from app.vault.recovery import read_recovery_key  # noqa: E402

STATION = "C02-Z"            # 太平社区中心会场
CHIEF, ADMIN = "chief1", "admin1"    # the encrypted demo's users (password DEMO_PASSWORD)
WINDOW_SIZE = (1280, 780)   # a common laptop screen; scaled down to --width
COLOURS = 24                 # palette size: legible text, a few tens of KB a screen
# The screenshots the guide shows, in the order they are made (a test checks they all exist).
EXPECTED = (
    "welcome", "sign-in", "desk-search", "desk-card-check", "desk-issued", "desk-refused", "desk-proxy",
    "lock-screen", "turnout", "poll-close", "poll-closed-backup", "counting-board", "counting-reconcile",
    "station-register", "package-exported", "desk-closed-en", "turnout-en", "district-election",
    "import-wizard-1-file", "import-wizard-2-columns", "import-wizard-3-check", "import-wizard-5-summary",
    "district-register", "candidates", "dashboard", "package-import-result", "dashboard-en",
)


class Camera:
    """Saves a widget's picture as a small PNG: at most `width` wide, a 256-colour palette."""

    def __init__(self, folder: Path, width: int) -> None:
        self.folder, self.width = folder, width
        self.saved: list[Path] = []
        folder.mkdir(parents=True, exist_ok=True)

    def shoot(self, widget: QWidget, name: str) -> Path:
        settle()
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not widget.grab().save(buffer, "PNG"):
            raise RuntimeError(f"could not grab {name}")
        image = Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGB")
        if image.width > self.width:
            image = image.resize((self.width, round(image.height * self.width / image.width)), Image.LANCZOS)
        path = self.folder / f"{name}.png"
        # No dithering: flat UI colours stay flat, text stays crisp, and the file stays small.
        image.quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
            path, optimize=True)
        self.saved.append(path)
        return path


def settle(ms: int = 60) -> None:
    """Let the event loop draw and deliver what is queued."""
    end = time.monotonic() + ms / 1000
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.005)


def wait_for(condition: Callable[[], Any], what: str, timeout: float = 30.0) -> Any:
    """Process events until `condition()` is truthy; its value."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        QApplication.processEvents()
        value = condition()
        if value:
            return value
        time.sleep(0.01)
    raise TimeoutError(f"timed out waiting for {what}")


def press_yes(box: Any) -> None:
    """Press Yes on a question the window asked."""
    assert isinstance(box, QMessageBox), box
    box.button(QMessageBox.StandardButton.Yes).click()
    settle()


def build_demo(folder: Path, voters: int) -> dict[str, Path]:
    """The small demo, encrypted as `polldesk demo` makes it, stopped after setup (the guide opens the poll):
    the district file (admin1) and station C02-Z, given its demo users (clerk1, chief1) as the demo's
    poll-opening stage gives them, opened with the district's recovery key."""
    summary = run_demo(folder / "demo", voters=voters, encrypt=True)
    assert summary["encrypted"], summary
    station = Path(summary["station_files"][STATION])
    recovery = Unlock.with_recovery_key(read_recovery_key(Path(summary["recovery_key"]))[1])
    with open_data_file(station, kind="station", unlock=recovery) as df, cheap_demo_hashes():
        ensure_demo_users(df, read_election(df.conn))
    return {"station": station, "district": Path(summary["district_file"])}


def sign_in(window: Any, path: Path, name: str, password: str, camera: Camera | None = None) -> None:
    """Open `path` and sign in through the login dialog, typing as a person does."""
    shown: list[Any] = []
    window.login_requested.connect(shown.append)
    window.open_file(path)
    dialog = wait_for(lambda: shown[-1] if shown else None, "the login dialog")
    window.login_requested.disconnect(shown.append)
    QTest.keyClicks(dialog.name, name)
    if camera is not None:
        camera.shoot(dialog, "sign-in")
    QTest.keyClick(dialog.name, Qt.Key.Key_Return)
    QTest.keyClicks(dialog.password, password)
    QTest.keyClick(dialog.password, Qt.Key.Key_Return)
    wait_for(lambda: window.shell is not None, "the signed-in pages")


def voters_here(conn: Any, count: int, offset: int = 0) -> list[tuple[int, str]]:
    """Voters of the station whose names are unique in the register (id, name)."""
    rows = conn.execute(
        "SELECT id, name FROM voters v WHERE place_code = ? AND status = 'active'"
        " AND (SELECT COUNT(*) FROM voters w WHERE w.name = v.name) = 1 ORDER BY id LIMIT ? OFFSET ?",
        (STATION, count, offset)).fetchall()
    return [(int(r[0]), str(r[1])) for r in rows]


def station_day(window: Any, files: dict[str, Path], camera: Camera, work: Path) -> Path:
    """The station's day from sign-in to the exported package; returns the package."""
    sign_in(window, files["station"], CHIEF, DEMO_PASSWORD, camera)
    shell = window.shell
    stick = work / "usb-stick"
    stick.mkdir()
    shell.backups.set_folder(stick)
    poll = shell.poll
    poll.open_action.trigger()
    press_yes(poll.dialog)
    window.show_page(1)
    desk = window.page("desk")
    (_, name), (_, principal), (_, proxy) = voters_here(desk.conn, 3)
    desk.focus_search()
    desk.search.box.setText(name[:1])
    desk.search.search(name[:1])
    camera.shoot(window, "desk-search")
    desk.search.box.setText(name)
    desk.search.search(name)
    QTest.keyClick(desk.search.box, Qt.Key.Key_Return)
    QTest.keyClick(desk.card_check, Qt.Key.Key_Space)
    camera.shoot(window, "desk-card-check")
    QTest.keyClick(desk.card_check, Qt.Key.Key_F5)
    camera.shoot(window, "desk-issued")
    desk.search.box.setText(name)
    desk.search.search(name)
    QTest.keyClick(desk.search.box, Qt.Key.Key_Return)
    QTest.keyClick(desk.card_check, Qt.Key.Key_Space)
    QTest.keyClick(desk.card_check, Qt.Key.Key_F5)
    camera.shoot(window, "desk-refused")

    desk.search.box.setText(principal)
    desk.search.search(principal)
    QTest.keyClick(desk.search.box, Qt.Key.Key_Return)
    QTest.keyClick(desk.card_check, Qt.Key.Key_F6)
    dialog = wait_for(lambda: desk.issuing.dialog, "the proxy dialog")
    dialog.search.box.setText(proxy)
    dialog.search.search(proxy)
    QTest.keyClick(dialog.search.box, Qt.Key.Key_Return)
    dialog.auth_no.setText("WT-007")
    camera.shoot(dialog, "desk-proxy")
    dialog.reject()
    settle()

    shell.lock_now()
    camera.shoot(window, "lock-screen")
    QTest.keyClicks(shell.lock.screen.password, DEMO_PASSWORD)
    QTest.keyClick(shell.lock.screen.password, Qt.Key.Key_Return)
    wait_for(lambda: not shell.lock.is_locked(), "the unlocked screen")

    contest = desk.contest_now().id
    for other_id, _ in voters_here(desk.conn, 24, offset=3):
        issue_ballot(desk.conn, desk.session, other_id, contest)
    shell.turnout.refresh()
    desk.refresh_header()
    window.show_page(2)
    camera.shoot(window, "turnout")

    poll.menu.aboutToShow.emit()
    poll.close_action.trigger()
    camera.shoot(poll.dialog, "poll-close")
    press_yes(poll.dialog)
    camera.shoot(poll.dialog, "poll-closed-backup")
    poll.dialog.reject()
    settle()
    poll.menu.aboutToShow.emit()
    poll.count_action.trigger()
    press_yes(poll.dialog)
    window.show_page(3)
    counting = window.page("counting")
    counting.contest.setCurrentIndex(max(0, counting.contest.findData(contest)))
    for line in ("1 / 1 2 / 1 2 3", "1 / 1 3 / 1 2 4", "2 / 1 2 / 2 3 4", "1 / 2 3 / 1 3 4", "1 / 1 2 / 1 2 3",
                 "", "1 / 1 2 / 1 2 3", "2 / 1 3 / 1 2 3", "1 / 1 2 / 1 4 5", "1 / 1 2 / 1 2 3"):
        counting.line.setFocus()
        QTest.keyClicks(counting.line, line)
        QTest.keyClick(counting.line, Qt.Key.Key_Return)
    camera.shoot(window, "counting-board")
    counting.tabs.setCurrentIndex(2)
    counting.reconciliation.certify.click()
    settle(200)
    camera.shoot(window, "counting-reconcile")

    window.show_page(4)
    register = window.page("register")
    register.search_box.setText(name[:1])
    settle(400)
    camera.shoot(window, "station-register")

    exported: list[Any] = []
    poll.exported.connect(exported.append)
    poll.export_to(stick)
    package = Path(wait_for(lambda: exported[-1] if exported else None, "the exported package"))
    camera.shoot(poll.dialog, "package-exported")
    poll.dialog.accept()

    window.switch_language("en")
    window.show_page(1)
    desk.search.box.setText(name)
    desk.search.search(name)
    QTest.keyClick(desk.search.box, Qt.Key.Key_Return)
    camera.shoot(window, "desk-closed-en")     # the poll is over: the desk says so in English
    window.show_page(2)
    camera.shoot(window, "turnout-en")
    window.switch_language("zh_CN")
    window.close_file()
    settle()
    return package


def register_csv(path: Path, community: str, groups: list[str]) -> Path:
    """A community's register file as a clerk fills it in: a title row, one row with a wrong check digit."""
    header = ["姓名", "性别", "公民身份号码", "出生日期", "居民小组", "户号", "社区", "登记类别", "住址", "民族"]
    names = ["王秀兰", "李建华", "张桂英", "刘志强", "陈丽娟", "杨国庆", "赵淑珍", "黄海燕"]
    rows = []
    for n, name in enumerate(names):
        born = date(1948 + 5 * n, 1 + n, 3 + n)
        rows.append([name, "男" if n % 2 else "女", make_id("510104", born, 901 + 2 * n + (n % 2 == 0)),
                     born.isoformat(), groups[n % len(groups)], f"新{n // 2 + 1:03d}", community, "户籍",
                     "太平路8号", "汉族"])
    rows[3][2] = rows[3][2][:-1] + ("0" if rows[3][2][-1] != "0" else "1")
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([f"{community}参选居民登记表（补充）"])
        writer.writerow(header)
        writer.writerows(rows)
    return path


def district_office(window: Any, files: dict[str, Path], camera: Camera, work: Path, package: Path) -> None:
    """The district office: election, register import wizard, register, candidates, dashboard, package import."""
    sign_in(window, files["district"], ADMIN, DEMO_PASSWORD)
    shell = window.shell
    window.show_page(0)
    camera.shoot(window, "district-election")
    conn = window.data_file.conn
    community = conn.execute("SELECT name FROM communities WHERE code = 'C02'").fetchone()[0]
    groups = [str(r[0]) for r in conn.execute(
        "SELECT number FROM resident_groups WHERE community_code = 'C02' ORDER BY number LIMIT 2")]
    wizard = shell.import_register()
    wizard.file_page.path.setText(str(register_csv(work / "太平社区补充登记.csv", community, groups)))
    camera.shoot(wizard, "import-wizard-1-file")
    wizard.button(QWizard.WizardButton.NextButton).click()
    camera.shoot(wizard, "import-wizard-2-columns")
    wizard.button(QWizard.WizardButton.NextButton).click()
    wait_for(lambda: wizard.check_page.finished, "the register check")
    camera.shoot(wizard, "import-wizard-3-check")
    wizard.button(QWizard.WizardButton.NextButton).click()
    wait_for(lambda: wizard.import_page.finished, "the register import")
    wizard.button(QWizard.WizardButton.NextButton).click()
    camera.shoot(wizard, "import-wizard-5-summary")
    wizard.accept()
    settle(300)
    for key, name in (("register", "district-register"), ("candidates", "candidates"), ("dashboard", "dashboard")):
        keys = [entry.key for entry in shell.pages]
        window.show_page(keys.index(key))
        settle(300)
        camera.shoot(window, name)
    imported: list[Any] = []
    shell.packages_imported.connect(imported.append)
    shell.import_packages([package])
    wait_for(lambda: imported, "the package import")
    camera.shoot(shell.dialog, "package-import-result")
    shell.dialog.accept()
    window.switch_language("en")
    camera.shoot(window, "dashboard-en")
    window.switch_language("zh_CN")
    window.close_file()


def make_screens(out: Path, voters: int = 2000, width: int = 960) -> list[Path]:
    """Build the demo in a temporary folder and save every screenshot into `out`; the files written."""
    from ui.main import MainWindow
    from ui.theme import apply_style, install_cjk_font

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    problem = install_cjk_font(app)
    if problem:
        raise RuntimeError(problem)
    apply_style(app)
    set_language("zh_CN")
    camera = Camera(out, width)
    with tempfile.TemporaryDirectory(prefix="polldesk-guide-") as tmp:
        work = Path(tmp)
        files = build_demo(work, voters)
        settings = QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings, demo_path=files["district"])
        window.resize(*WINDOW_SIZE)
        window.show()
        camera.shoot(window, "welcome")
        package = station_day(window, files, camera, work)
        district_office(window, files, camera, work, package)
        window.close()
        window.deleteLater()
        settle()
    return camera.saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Make the user guide's screenshots from the real app.")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "guide" / "images")
    parser.add_argument("--voters", type=int, default=2000)
    parser.add_argument("--width", type=int, default=960)
    args = parser.parse_args(argv)
    saved = make_screens(args.out, args.voters, args.width)
    total = sum(p.stat().st_size for p in saved)
    print(f"{len(saved)} screenshots, {total // 1024} KB, in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
