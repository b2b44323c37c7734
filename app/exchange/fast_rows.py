"""A station table checked in one pass against the district's copy of its table (one pattern per table shape).

The district knows each station table's columns, their types and where NULL may stand. From that it
builds, once per batch, one regular expression that matches exactly the canonical text of a row of that
table: `{"a":...,"b":...}` with every column in sorted order, each value a canonical JSON string (only
the escapes the canonical encoder writes), a whole number of at most 18 digits (so within SQLite's
range) or `null` where allowed. A table whose every line matches is therefore canonical, of the right
shape and types; its keys, its place codes, contests and boxes and its JSON columns come from the
pattern's groups, without the rows being parsed into objects or encoded again.

Anything the pattern does not take (floats, booleans, BLOBs, long numbers, escapes, odd columns, a bad
line) gives None, and the plain reader and checks (`reader._table`, `row_checks.check_rows`) then decide
and say what is wrong. So this path only ever accepts what the plain path accepts, with the same keys
and texts, and never refuses anything by itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from itertools import repeat
from typing import Any

from app.exchange.package import TableData
from app.exchange.rows import IDENTIFIER, holds_id_number

# A canonical JSON string: raw characters but `"`, `\\` and controls; the encoder's own escapes only.
_STRING = r'"[^"\\\x00-\x1f]*+(?:\\(?:["\\bfnrt]|u00(?:0[0-7bef]|1[0-9a-f]))[^"\\\x00-\x1f]*+)*+"'
_WHOLE = r"(?:0|-?[1-9][0-9]{0,17}+)"        # no -0, no leading zero, |n| < 10**18 (SQLite's range)
_TOKENS = {"TEXT": _STRING, "INTEGER": _WHOLE}
# A JSON column holding a flat JSON object as PollDesk writes it (plain strings, numbers, literals), as a
# canonical JSON string: valid JSON by its form, so no row of a table whose every line matches is parsed.
_INNER_STRING = r'\\"[^"\\\x00-\x1f]*+\\"'
_INNER_VALUE = (rf"(?:{_INNER_STRING}|-?(?:0|[1-9][0-9]*+)(?:\.[0-9]++)?(?:[eE][+-]?[0-9]++)?|null|true|false)")
_FLAT_JSON = rf'"\{{(?:{_INNER_STRING}:{_INNER_VALUE}(?:,{_INNER_STRING}:{_INNER_VALUE})*+)?\}}"'
NAMED = ("place_code", "contest_id", "box_id")   # the columns whose values say whose rows they are
_DECODER = json.JSONDecoder()


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


_JSON_SCAN = json.JSONDecoder(parse_constant=_no_constant).scan_once  # type: ignore[attr-defined]

Columns = dict[str, tuple[tuple[type, ...], bool]]


class RowPattern:
    """The compiled pattern of one district table, and which of its groups hold which column."""

    def __init__(self, pattern: str, flat: str | None, groups: dict[str, int], key: list[str],
                 json_columns: list[str]):
        self._pattern, self._flat = pattern, flat
        self._compiled: dict[str, re.Pattern[str]] = {}
        self.groups = groups
        self.key = key
        self.json_columns = json_columns
        self.key_format = "[" + ",".join(["{}"] * len(key)) + "]"

    @property
    def pattern(self) -> re.Pattern[str]:
        """The rows' pattern, compiled when first used."""
        return self._compile(self._pattern)

    @property
    def flat(self) -> re.Pattern[str] | None:
        """The same with flat JSON objects in the JSON columns (None when the table has none), compiled when used."""
        return self._compile(self._flat) if self._flat is not None else None

    def _compile(self, source: str) -> re.Pattern[str]:
        if source not in self._compiled:
            self._compiled[source] = re.compile(source, re.MULTILINE)
        return self._compiled[source]


def row_pattern(table: str, declared: list[tuple[str, str, bool]], key: list[str],
                json_columns: tuple[str, ...]) -> RowPattern | None:
    """The pattern of a table from its columns (name, declared type, may be NULL); None when one is not TEXT/INTEGER."""
    parts: list[str] = []
    flat_parts: list[str] = []
    groups: dict[str, int] = {}
    wanted = set(key) | set(NAMED) | set(json_columns)
    for name, kind, nullable in sorted(declared):
        token = _TOKENS.get(kind.upper())
        if token is None or not IDENTIFIER.match(name):
            return None
        flat = _FLAT_JSON if name in json_columns and token is _STRING else token
        if nullable:
            token, flat = f"(?:null|{token})", f"(?:null|{flat})"
        if name in wanted:
            groups[name] = len(groups)
            token, flat = f"({token})", f"({flat})"
        parts.append(f'"{name}":{token}')
        flat_parts.append(f'"{name}":{flat}')
    if not set(key) <= set(groups):
        return None
    body, flat_body = (r"^\{" + ",".join(p) + r"\}\n" for p in (parts, flat_parts))
    json_in = [c for c in json_columns if c in groups]
    return RowPattern(body, flat_body if json_in else None, groups, key, json_in)


def read_checked_table(entry: dict[str, Any], clear: bytes, pattern: RowPattern) -> TableData | None:
    """The table as `reader._table` and the district's checks of types and JSON would take it, or None."""
    if entry["key"] != pattern.key:
        return None
    try:
        text = clear.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if text and text[-1] != "\n":
        return None
    lines = text.split("\n")
    lines.pop()
    if len(lines) != entry["rows"]:
        return None
    flat = pattern.flat if pattern.flat is not None and pattern.flat.match(text) else None
    found = (flat or pattern.pattern).findall(text)
    json_checked = flat is not None and len(found) == len(lines)
    if flat is not None and not json_checked:
        found = pattern.pattern.findall(text)
    if len(found) != len(lines):    # a line the pattern did not take whole
        return None
    if len(pattern.groups) == 1:
        found = [(value,) for value in found]
    columns: list[tuple[str, ...]] = list(zip(*found, strict=True)) if found else [()] * len(pattern.groups)
    by_name = {name: columns[i] for name, i in pattern.groups.items()}
    keys = list(map(pattern.key_format.format, *[by_name[k] for k in pattern.key]))
    if len(set(keys)) != len(keys) or holds_id_number(clear):
        return None
    if not json_checked and not all(_holds_json(by_name[c]) for c in pattern.json_columns):
        return None
    named = {c: {_DECODER.decode(v) for v in set(by_name[c])} for c in NAMED if c in by_name}
    return TableData(list(pattern.key), None, keys, lines, named=named)


def _holds_json(tokens: tuple[str, ...]) -> bool:
    """Whether each value (a canonical JSON string or null) is one JSON text with nothing around it."""
    texts = [t for t in _DECODER.decode("[" + ",".join(tokens) + "]") if t is not None]
    try:
        ends = [end for _, end in map(_JSON_SCAN, texts, repeat(0))]
    except (ValueError, RecursionError):
        return False
    return ends == list(map(len, texts))     # a StopIteration ends the map early: the lengths then differ


FastReader = Callable[[dict[str, Any], bytes], TableData | None]
