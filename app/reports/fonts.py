"""The CJK font every PDF embeds: registered with reportlab once, with a glyph-coverage check.

A name whose character the font lacks would print as an empty box on a posted list. The
documents do not refuse to print for one rare character (the clerk can write it in by hand):
they report the missing characters (`missing_glyphs`) so the caller can warn.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.fonts import find_cjk_font

FONT_NAME = "PollDeskCJK"


@cache
def cjk_font() -> TTFont:
    """The CJK font, registered with reportlab under FONT_NAME on first use."""
    found = find_cjk_font()
    font = TTFont(FONT_NAME, str(found.path), subfontIndex=found.subfont_index)
    pdfmetrics.registerFont(font)
    return font


def register_cjk_font() -> str:
    """Register the CJK font (once) and return the name to pass to `canvas.setFont`."""
    cjk_font()
    return FONT_NAME


@cache
def _has_glyph(char: str) -> bool:
    return char.isspace() or ord(char) in cjk_font().face.charToGlyph


def missing_glyphs(texts: Iterable[str]) -> list[str]:
    """The characters of `texts` the CJK font cannot draw, sorted, each once."""
    missing: set[str] = set()
    for text in texts:
        missing.update(c for c in text if not _has_glyph(c))
    return sorted(missing)
