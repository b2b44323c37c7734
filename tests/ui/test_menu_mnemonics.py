"""Alt+letter in every menu: no two entries of one menu share their letter, at a station or the district, in both languages."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from PySide6.QtWidgets import QMenu, QMenuBar

from ui.main import MainWindow

MNEMONIC = re.compile(r"&([^&])")


def _clashes(window: MainWindow) -> list[str]:
    """Each menu's letters used more than once, with the entries that use them."""
    found = []
    menus: list[QMenu | QMenuBar] = [window.menuBar()]      # the menu bar's titles, then each menu
    while menus:
        menu = menus.pop()
        assert isinstance(menu, QMenu | QMenuBar)
        visible = [a for a in menu.actions() if a.isVisible() and not a.isSeparator()]
        menus += [a.menu() for a in visible if a.menu() is not None]
        letters = {a.text(): m.group(1).lower() for a in visible if (m := MNEMONIC.search(a.text()))}
        twice = {k for k, n in Counter(letters.values()).items() if n > 1}
        title = menu.title() if isinstance(menu, QMenu) else "menu bar"
        found += [f"{title}: {text}" for text, letter in letters.items() if letter in twice]
    return found


def test_no_menu_has_two_entries_on_one_letter(qtbot, open_and_wait, sign_in, window: MainWindow,  # type: ignore[no-untyped-def]
                                                demo_district_file: Path, station_file: Path) -> None:
    open_and_wait(window, demo_district_file)
    for code in ("zh_CN", "en"):
        window.switch_language(code)
        assert not _clashes(window), (code, _clashes(window))
    window.close_file()
    sign_in(window, station_file, "chief1")
    for code in ("zh_CN", "en"):
        window.switch_language(code)
        assert not _clashes(window), (code, _clashes(window))
