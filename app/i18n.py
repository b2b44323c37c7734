"""The one translation layer: English source strings, zh_CN by default, English switchable.

Every user-visible string goes through `tr()`. The catalogue is the folder
`resources/translations/zh_CN/`, one JSON file per area (core, register, counting, ui ...), each
mapping English source strings to their Chinese text; placeholders use `str.format` names
(`{name}`) and must be the same in both languages (a test checks).
"""

from __future__ import annotations

import json
import os
from functools import cache
from typing import Any

from app.paths import resources_dir

LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"

_language = os.environ.get("POLLDESK_LANG", DEFAULT_LANGUAGE)
if _language not in LANGUAGES:
    _language = DEFAULT_LANGUAGE


@cache
def catalogue(language: str) -> dict[str, str]:
    """The translations for `language` (empty for English, the source language)."""
    if language == "en":
        return {}
    data: dict[str, str] = {}
    for path in sorted((resources_dir() / "translations" / language).glob("*.json")):
        with path.open(encoding="utf-8") as f:
            data.update(json.load(f))
    return data


def set_language(language: str) -> None:
    """Switch every later `tr()` to `language` ("zh_CN" or "en")."""
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    _language = language


def language() -> str:
    """The language now in use."""
    return _language


def tr(text: str, /, **params: Any) -> str:
    """`text` in the current language, with `{placeholders}` filled from `params`."""
    translated = catalogue(_language).get(text, text)
    return translated.format(**params) if params else translated


def tr_in(lang: str, text: str, /, **params: Any) -> str:
    """`text` in a given language, whatever the current one is (reports in a chosen language)."""
    translated = catalogue(lang).get(text, text)
    return translated.format(**params) if params else translated
