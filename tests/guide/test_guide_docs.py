"""The user guide: every file and picture it names exists, every command and key it tells a clerk to use is real."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pytest

from app.cli import build_parser
from ui.main import PAGE_KEYS

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "guide"
PAGES = ("README.md", "clerk.md", "clerk.en.md", "district.md", "district.en.md")
sys.path.insert(0, str(ROOT / "scripts"))

from guide_screens import EXPECTED  # noqa: E402

# Where each key the guide names is bound in the program (file, the text that binds it).
KEY_BINDINGS = {
    "F2": ("ui/desk/page.py", '"F2": self.focus_search'),
    "F5": ("ui/desk/page.py", '"F5": self.issuing.issue'),
    "F6": ("ui/desk/page.py", '"F6": self.issuing.proxy'),
    "F7": ("ui/desk/page.py", '"F7": self.issuing.mobile'),
    "F8": ("ui/desk/page.py", '"F8": self.issuing.spoilt'),
    "F9": ("ui/desk/page.py", '"F9": self.issuing.undo'),
    "Ctrl+L": ("ui/main.py", 'QKeySequence("Ctrl+L")'),
    "Ctrl+O": ("ui/main.py", 'QKeySequence("Ctrl+O")'),
    "Ctrl+Z": ("ui/counting/page.py", "QKeySequence.StandardKey.Undo"),
}


def _text(name: str) -> str:
    return (GUIDE / name).read_text(encoding="utf-8")


def _commands(text: str) -> list[list[str]]:
    """Every `polldesk ...` the guide names, as its words up to the first option or argument."""
    found = []
    for match in re.finditer(r"polldesk((?: [a-z][a-z-]*)+)", text):
        found.append(match.group(1).split())
    return found


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def test_the_guide_has_its_pages_in_chinese_and_english_and_an_index_linking_them() -> None:
    index = _text("README.md")
    for name in PAGES[1:]:
        assert f"]({name})" in index, name
        assert len(_text(name)) > 2000, name
    assert re.search(r"[\u4e00-\u9fff]", _text("clerk.md")) and "可以安全拔出U盘" in _text("clerk.md")
    assert "safely unplug" in _text("clerk.en.md")


def test_every_picture_the_guide_shows_exists_and_is_small() -> None:
    shown = {name: re.findall(r"!\[[^\]]*\]\(([^)]+)\)", _text(name)) for name in PAGES}
    assert sum(len(v) for v in shown.values()) >= 30
    for page, pictures in shown.items():
        for picture in pictures:
            path = GUIDE / picture
            assert path.is_file(), f"{page}: {picture}"
            assert path.stat().st_size < 120_000, picture
    images = sorted((GUIDE / "images").glob("*.png"))
    assert {p.stem for p in images} == set(EXPECTED)
    assert sum(p.stat().st_size for p in images) < 1_200_000


def test_every_link_between_guide_pages_leads_somewhere() -> None:
    for name in PAGES:
        for target in re.findall(r"(?<!!)\[[^\]]*\]\(([^)#]+\.md)\)", _text(name)):
            assert (GUIDE / target).resolve().is_file(), f"{name}: {target}"


@pytest.mark.parametrize("page", PAGES)
def test_every_polldesk_command_named_in_the_guide_exists(page: str) -> None:
    commands = _commands(_text(page))
    assert commands, page
    top = _subcommands(build_parser())
    for words in commands:
        assert words[0] in top, f"{page}: polldesk {' '.join(words)}"
        nested = _subcommands(top[words[0]])
        if nested:
            assert len(words) > 1 and words[1] in nested, f"{page}: polldesk {' '.join(words)}"


def test_every_key_named_in_the_guide_is_bound_in_the_program() -> None:
    named = set()
    for page in PAGES:
        named.update(re.findall(r"\b(F\d{1,2}|Ctrl\+[A-Z0-9])\b", _text(page)))
    assert {"F2", "F5", "F6", "F7", "F8", "F9", "Ctrl+L"} <= named
    for key in sorted(named):
        if re.fullmatch(r"Ctrl\+\d", key):
            assert 1 <= int(key[-1]) <= PAGE_KEYS, key
            continue
        assert key in KEY_BINDINGS, f"the guide names {key}, which nothing binds"
        source, binding = KEY_BINDINGS[key]
        assert binding in (ROOT / source).read_text(encoding="utf-8"), key
