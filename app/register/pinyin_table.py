"""pypinyin's readings of plain characters, read from its data files without importing it.

Importing pypinyin costs about 0.1 s (it parses its phrase dictionary into readings and builds its
segmenter); indexing a register needs only which texts are phrases and each character's first
reading. This module reads those from the same files (`pinyin_dict.json`, `phrases_dict.json`)
in about a fifth of the time. A text whose characters all have a reading of their own and none of
whose pieces (of two or more characters, or a single character) is a phrase is read by pypinyin
character by character, each in its first reading, tone marks dropped and ü written v: exactly
what `reading_keys` returns (tests/register/test_name_keys_fast_path.py holds it to pypinyin).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

_PHRASE_KEY = re.compile(r'"([^"\\]+)": ')      # the keys of phrases_dict.json (its values hold no '": ')
_NOT_LATIN = re.compile(r"[^a-z0-9]")
# A two-character phrase's entry in phrases_dict.json, one reading (or more) per character, one a line:
# its key and each character's first reading (a phrase whose entry is written otherwise is left to pypinyin).
_READINGS = r'\[\n"([^"\\]*)"(?:,\n"[^"\\]*")*\n\]'
_PAIR = re.compile(r'^"([^"\\]{2})": \[\n' + _READINGS + r",\n" + _READINGS + r"\n\]", re.MULTILINE)


class _Tables(NamedTuple):
    readings: dict[str, str]       # a character's code (as text) -> its readings, commonest first
    phrases: frozenset[str]        # every phrase
    pairs: dict[str, tuple[str, str]]   # a two-character phrase -> its characters' first readings in it


@lru_cache(maxsize=1)
def _tables() -> _Tables | None:
    """pypinyin's dictionaries, or None when its files are not there or phrases are switched off
    (PYPINYIN_NO_PHRASES): then pypinyin itself is asked."""
    spec = importlib.util.find_spec("pypinyin")
    if os.environ.get("PYPINYIN_NO_PHRASES") or spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations)))
    try:
        readings = json.loads((folder / "pinyin_dict.json").read_bytes())
        text = (folder / "phrases_dict.json").read_bytes().decode("utf-8")
    except (OSError, ValueError):
        return None
    return _Tables(readings, frozenset(_PHRASE_KEY.findall(text)), {k: (a, b) for k, a, b in _PAIR.findall(text)})


class _AloneReadings(dict[str, "tuple[str, str] | None"]):
    """A character's (pinyin, initial) when pypinyin reads it the same alone and inside any non-phrase, else None."""

    def __missing__(self, char: str) -> tuple[str, str] | None:
        tables = _tables()
        found = None
        if tables is not None and char not in tables.phrases and (reading := tables.readings.get(str(ord(char)))):

            found = _keys([reading.split(",")[0]])
        self[char] = found
        return found


_ALONE = _AloneReadings()


def reading_keys(text: str) -> tuple[str, str] | None:
    """(pinyin, initials) of `text` as pypinyin reads it (`given_syllables`), for a text read character by
    character or a two-character phrase; None for others (a longer text holding a phrase): ask pypinyin."""
    tables = _tables()
    if tables is None:
        return None
    phrases = tables.phrases
    n = len(text)
    if n == 2 and text in phrases:     # read as the phrase, each character in the phrase's first reading
        pair = tables.pairs.get(text)
        return _keys(list(pair)) if pair is not None else None
    if n == 2:      # most given names: two characters, each read alone
        first, second = _ALONE[text[0]], _ALONE[text[1]]
        if first is None or second is None:
            return None
        return first[0] + second[0], first[1] + second[1]
    parts = [_ALONE[c] for c in text]
    if not parts or None in parts:
        return None
    if n > 2 and any(text[i:j] in phrases for i in range(n - 1) for j in range(i + 2, n + 1)):
        return None
    return "".join(p[0] for p in parts), "".join(p[1] for p in parts)    # type: ignore[index]  # no None


def _keys(readings: list[str]) -> tuple[str, str]:
    """(pinyin, initials) of these readings: tone marks dropped, ü as v, nothing but a-z and digits kept."""
    from app.register.pinyin import plain_latin  # pinyin builds on this module

    syllables = [s for s in (_NOT_LATIN.sub("", plain_latin(r)) for r in readings) if s]
    return "".join(syllables), "".join(s[0] for s in syllables)
