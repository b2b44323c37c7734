"""One translation mechanism: every tr() string has its Chinese, with the same placeholders."""

from __future__ import annotations

import ast
import json
import string
from pathlib import Path

from app.i18n import catalogue, set_language, tr

ROOT = Path(__file__).resolve().parent.parent


def _tr_literals() -> list[tuple[str, str]]:
    found = []
    for folder in ("app", "ui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                args = node.args[1:] if name == "tr_in" else node.args
                if name in ("tr", "tr_in", "PollDeskError", "DataFileError", "DefinitionError") or (
                        name and name.endswith("Error") and len(node.args) >= 2):
                    if name.endswith("Error"):
                        args = node.args[1:]
                    if args and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
                        found.append((f"{path.relative_to(ROOT)}:{node.lineno}", args[0].value))
    return found


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def test_every_user_visible_string_has_its_chinese() -> None:
    zh = catalogue("zh_CN")
    missing = [f"{where}: {text!r}" for where, text in _tr_literals() if text not in zh]
    assert not missing, "untranslated strings:\n" + "\n".join(missing)


def test_placeholders_are_the_same_in_both_languages() -> None:
    wrong = [text for text, zh in catalogue("zh_CN").items() if _placeholders(text) != _placeholders(zh)]
    assert not wrong, wrong


def test_catalogue_files_are_flat_string_maps_without_clashes() -> None:
    seen: dict[str, tuple[str, str]] = {}
    for path in sorted((ROOT / "resources" / "translations" / "zh_CN").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for key, value in data.items():
            assert isinstance(value, str) and value.strip(), f"{path.name}: {key!r}"
            if key in seen:
                assert seen[key][1] == value, f"{key!r} translated differently in {seen[key][0]} and {path.name}"
            seen[key] = (path.name, value)


def test_switching_language_switches_messages() -> None:
    text = "{path} is not a PollDesk data file."
    assert tr(text, path="x") == "x 不是选务台数据文件。"
    set_language("en")
    assert tr(text, path="x") == "x is not a PollDesk data file."
