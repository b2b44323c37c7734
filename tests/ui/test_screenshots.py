"""Pictures of the main window for a person to look at (POLLDESK_SCREENSHOTS=folder keeps them)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtGui import QFontInfo

from app.i18n import set_language
from ui.main import MainWindow
from ui.theme import BASE_POINT_SIZE

PAGES = ("election", "communities", "places", "contests")


def test_window_is_drawn_with_a_large_cjk_font_in_both_languages(qtbot, open_and_wait, window: MainWindow,
                                                                 district_file: Path, tmp_path: Path) -> None:
    folder = Path(os.environ.get("POLLDESK_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    font = QFontInfo(window.font())
    assert font.family() in ("WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC")
    assert font.pointSize() == BASE_POINT_SIZE
    qtbot.wait(50)   # let the layouts settle, as they have before anyone looks
    assert window.grab().save(str(folder / "main-welcome-zh.png"))
    open_and_wait(window, district_file)
    try:
        for lang in ("zh", "en"):
            window.language_actions["zh_CN" if lang == "zh" else "en"].trigger()
            for number, page in enumerate(PAGES):
                window.show_page(number)
                qtbot.wait(50)
                image = window.grab()
                assert not image.isNull() and image.width() >= 1000
                assert image.save(str(folder / f"main-{page}-{lang}.png"))
    finally:
        set_language("zh_CN")
