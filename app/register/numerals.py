"""Resident-group numbers as clerks write them: "3", "第3组", "03", "第三居民小组", "十二组"."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100}
_NUMBER = re.compile(r"\d+|[零〇一二两三四五六七八九十百]+")


def chinese_numeral(text: str) -> int | None:
    """The value of a Chinese numeral below 1000 ("三" 3, "十二" 12, "二十" 20, "一百零五" 105)."""
    total, digit, seen_digit_run = 0, 0, False
    for ch in text:
        if ch in _DIGITS:
            digit = digit * 10 + _DIGITS[ch] if seen_digit_run else _DIGITS[ch]
            seen_digit_run = True
        elif ch in _UNITS:
            total += (digit or 1) * _UNITS[ch]
            digit, seen_digit_run = 0, False
        else:
            return None
    return total + digit


@lru_cache(maxsize=4096)   # a register repeats a few dozen spellings 100,000 times
def group_number(text: str) -> int | None:
    """The resident-group number written in `text`, or None when it holds no number."""
    t = unicodedata.normalize("NFKC", text).strip()
    match = _NUMBER.search(t)
    if match is None:
        return None
    token = match.group()
    value = int(token) if token.isdigit() else chinese_numeral(token)
    return value if value else None
