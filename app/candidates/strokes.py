"""Surname stroke order (姓氏笔画): the customary order of names on ballots and candidate lists.

A name sorts by its surname first (compound surnames such as 欧阳 are one surname), then by its given
name. Each part compares character by character: the total stroke count first, then - for characters
with the same count - the code point. The customary tie rule is the first stroke's type (横竖撇点折),
but no data for it ships with the machine, so the code point stands in; it is stable, so the same
names always come out in the same order. A single surname sorts before a compound one beginning with
the same character (欧 before 欧阳).

Stroke counts are Unicode's Unihan `kTotalStrokes` (the first value, the mainland form), read from
Debian's `unicode-data` package at run time and kept as a compact one-byte-per-character table in the
user's cache folder. Nothing third-party is committed. Where the file is absent (a Windows machine),
names sort by their pinyin (surname read as a surname) instead and `stroke_source()` says so.
"""

from __future__ import annotations

import bz2
import logging
import os
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from app.i18n import tr
from app.register.pinyin import given_syllables, split_name, surname_syllables

log = logging.getLogger("polldesk.candidates")

# Where Unihan's kTotalStrokes may be found (the field moved between files in Unicode releases).
UNIHAN_FILES = (
    "/usr/share/unicode/Unihan_IRGSources.txt.bz2",
    "/usr/share/unicode/Unihan_DictionaryLikeData.txt.bz2",
    "/usr/share/unicode-data/Unihan_IRGSources.txt.bz2",
)
_FIELD = "\tkTotalStrokes\t"
_FIRST, _LAST = 0x3400, 0x323AF       # the CJK blocks Unihan covers (extension A .. extension H)
_CACHE_VERSION = 1

Key = tuple[tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]


def unihan_file() -> Path | None:
    """The Unihan file holding kTotalStrokes on this machine (POLLDESK_UNIHAN overrides), or None."""
    override = os.environ.get("POLLDESK_UNIHAN")
    paths = [override] if override else list(UNIHAN_FILES)
    for candidate in paths:
        path = Path(candidate)
        if path.is_file():
            return path
    return None


def _cache_dir() -> Path:
    if sys.platform.startswith("win") and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "PollDesk" / "cache"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "polldesk"


def _read_unihan(path: Path) -> bytearray:
    """One byte per code point from _FIRST to _LAST: the stroke count, 0 where Unihan gives none."""
    table = bytearray(_LAST - _FIRST + 1)
    opener = bz2.open if path.suffix == ".bz2" else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if _FIELD not in line:
                continue
            code, _, value = line.rstrip("\n").split("\t")
            point = int(code[2:], 16)
            if _FIRST <= point <= _LAST:
                table[point - _FIRST] = min(255, int(value.split()[0]))
    return table


@cache
def _table() -> bytes | None:
    """The stroke table: from the cache file when it matches the Unihan file, else read and cached."""
    path = unihan_file()
    if path is None:
        log.warning("Unihan stroke data not found; names are ordered by pinyin instead of strokes")
        return None
    stat = path.stat()
    cached = _cache_dir() / f"strokes-v{_CACHE_VERSION}-{stat.st_size}-{int(stat.st_mtime)}.bin"
    if cached.is_file() and cached.stat().st_size == _LAST - _FIRST + 1:
        return cached.read_bytes()
    table = bytes(_read_unihan(path))
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        tmp.write_bytes(table)
        os.replace(tmp, cached)
    except OSError:   # a read-only home folder: keep the table in memory only
        log.info("could not write the stroke cache %s", cached)
    return table


def stroke_order_available() -> bool:
    """Whether real stroke counts are available (else the pinyin fallback is in use)."""
    return _table() is not None


def stroke_source() -> str:
    """A sentence for printouts and logs saying which order names are in."""
    if stroke_order_available():
        return tr("Names are in surname stroke order (姓氏笔画).")
    return tr("Stroke data is missing on this computer: names are in pinyin order, not stroke order.")


def strokes(char: str) -> int:
    """The total stroke count of one character (0 when unknown)."""
    table = _table()
    point = ord(char)
    if table is None or not _FIRST <= point <= _LAST:
        return 0
    return table[point - _FIRST]


def _part_key(text: str) -> tuple[tuple[int, int], ...]:
    return tuple((strokes(c), ord(c)) for c in text)


def stroke_key(name: str) -> Key:
    """The sort key of a name in surname stroke order (see the module's note for ties)."""
    surname, given = split_name(name.strip())
    return _part_key(surname), _part_key(given)


def pinyin_key(name: str) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """The fallback key: surname read as a surname, then the given name, then the characters."""
    surname, given = split_name(name.strip())
    return surname_syllables(surname), given_syllables(given), name


def ballot_sorted(names: Iterable[str]) -> list[str]:
    """Names in ballot order: surname strokes, or pinyin where no stroke data exists."""
    if stroke_order_available():
        return sorted(names, key=stroke_key)
    return sorted(names, key=pinyin_key)


def name_order_key(name: str) -> tuple[object, ...]:
    """The ballot-order key of one name, whichever order is in use."""
    return stroke_key(name) if stroke_order_available() else pinyin_key(name)
