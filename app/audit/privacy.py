"""Keeping ID numbers (公民身份号码) out of the audit log: find them in any detail and mask them."""

from __future__ import annotations

import re
from typing import Any

_DIGIT = "[0-9０-９]"
# An 18-digit number (last character may be X) or a legacy 15-digit one, not part of a longer word.
_ID_NUMBER = re.compile(
    rf"(?<![0-9A-Za-z０-９])({_DIGIT}{{6}})({_DIGIT}{{8}})({_DIGIT}{{3}}[0-9０-９XxＸｘ])(?![0-9A-Za-z０-９])"
    rf"|(?<![0-9A-Za-z０-９])({_DIGIT}{{6}})({_DIGIT}{{6}})({_DIGIT}{{3}})(?![0-9A-Za-z０-９])"
)


def _mask_match(match: re.Match[str]) -> str:
    if match.group(1):
        return match.group(1) + "*" * 8 + match.group(3)
    return match.group(4) + "*" * 6 + match.group(6)


def mask_id_numbers_in_text(text: str) -> str:
    """`text` with every ID number masked as on posted lists (110105********002X)."""
    return _ID_NUMBER.sub(_mask_match, text)


def contains_id_number(value: Any) -> bool:
    """True when an ID number appears in clear anywhere in `value` (keys, strings, numbers, nested)."""
    if isinstance(value, str):
        return _ID_NUMBER.search(value) is not None
    if isinstance(value, int) and not isinstance(value, bool):
        return _ID_NUMBER.search(str(value)) is not None
    if isinstance(value, dict):
        return any(contains_id_number(k) or contains_id_number(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(contains_id_number(v) for v in value)
    return False


def scrub_id_numbers(value: Any) -> Any:
    """A copy of `value` (JSON-like data) with every ID number masked; numbers holding one become strings."""
    if isinstance(value, str):
        return mask_id_numbers_in_text(value)
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return value
    if isinstance(value, int):
        masked = mask_id_numbers_in_text(str(value))
        return value if masked == str(value) else masked
    if isinstance(value, dict):
        return {scrub_id_numbers(k) if isinstance(k, str) else k: scrub_id_numbers(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub_id_numbers(v) for v in value]
    return value
