"""The README documents every command, and its first two commands are the ones .ci/run and the demo use."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from app.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent


def _commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[str]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                nested = _commands(sub, (*prefix, name))
                found.extend(nested or [" ".join((*prefix, name))])
    return found


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [c for c in _commands(build_parser()) if f"polldesk {c}" not in readme]
    assert not missing, f"undocumented commands: {missing}"


def test_the_first_two_commands_are_the_demo_and_the_test_suite() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^(bash scripts/\S+)", readme, flags=re.MULTILINE)
    assert commands[:2] == ["bash scripts/demo.sh", "bash scripts/test.sh"]
    assert "bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
