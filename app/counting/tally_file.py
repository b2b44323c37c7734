"""The `polldesk tally` file: JSON in, checked field by field, into a TallyInput (and the outcome out)."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from typing import Any

from app.counting.ballots import Ballot, PositionSpec, Section
from app.counting.reconcile import BoxCount
from app.counting.tally import CountingError, TallyInput
from app.election.model import FORMS
from app.election.rules import RuleSet
from app.i18n import tr

_TOP_KEYS = {"form", "electorate", "issued", "round", "rules", "positions", "ballots", "boxes"}
_REQUIRED = ("form", "electorate", "issued", "positions", "ballots")


def read_tally_file(path: Path) -> TallyInput:
    """Load and check a tally file; any mistake is a CountingError naming where it is."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CountingError("unreadable_file", "The file {path} does not exist or cannot be read.",
                            path=str(path)) from exc
    try:
        text = raw.decode("utf-8-sig")     # Windows editors often start UTF-8 with a byte order mark
    except UnicodeDecodeError as exc:
        raise CountingError("not_utf8", "The file {path} is not saved as UTF-8 text: save it as UTF-8 "
                            "and try again.", path=str(path)) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CountingError("not_json", "{path} is not valid JSON (line {line}, column {column}).",
                            path=str(path), line=exc.lineno, column=exc.colno) from exc
    return tally_input_from_dict(data)


def tally_input_from_dict(data: Any) -> TallyInput:
    """Check plain JSON data and build the tally's input from it."""
    _object(data, tr("the whole file"), allowed=_TOP_KEYS)
    for key in _REQUIRED:
        if key not in data:
            raise CountingError("missing_key", "{where} is missing.", where=key)
    form = data["form"]
    if form not in FORMS:
        raise CountingError("bad_choice", "{where} must be one of: {choices}.", where="form",
                            choices=", ".join(FORMS))
    round_ = data.get("round", 1)
    if round_ not in (1, 2) or isinstance(round_, bool):
        raise CountingError("bad_choice", "{where} must be one of: {choices}.", where="round",
                            choices="1, 2")
    positions = _positions(data["positions"])
    return TallyInput(
        form=form, electorate=_count(data["electorate"], "electorate", minimum=1),
        issued=_count(data["issued"], "issued"), positions=positions,
        ballots=_ballots(data["ballots"], {p.id for p in positions}), round=round_,
        rules=_rules(data.get("rules")), boxes=_boxes(data.get("boxes", [])))


def _rules(value: Any) -> RuleSet:
    if value is None:
        return RuleSet()
    _object(value, "rules")
    unknown = sorted(str(k) for k in set(value) - {f.name for f in fields(RuleSet)})
    if unknown:
        raise CountingError("unknown_rule", "Unknown rule setting in the tally file: {names}.",
                            names=", ".join(unknown))
    return RuleSet.from_dict(value)


def _positions(value: Any) -> tuple[PositionSpec, ...]:
    _list(value, "positions")
    if not value:
        raise CountingError("no_positions", "{where} must list at least one position.", where="positions")
    specs: list[PositionSpec] = []
    for i, item in enumerate(value):
        where = f"positions[{i}]"
        _object(item, where, allowed={"id", "seats", "candidates"})
        if "id" not in item or "seats" not in item:
            raise CountingError("missing_key", "{where} is missing.",
                                where=f"{where}.{'id' if 'id' not in item else 'seats'}")
        pid = _name(item["id"], f"{where}.id")
        if any(s.id == pid for s in specs):
            raise CountingError("duplicate_position", "Position {id} appears twice.", id=pid)
        candidates = _names(item.get("candidates", []), f"{where}.candidates")
        twice = sorted({name for name in candidates if candidates.count(name) > 1})
        if twice:
            raise CountingError("duplicate_candidate", "Candidate {name} appears twice in position {id}.",
                                name=", ".join(twice), id=pid)
        specs.append(PositionSpec(pid, _count(item["seats"], f"{where}.seats", minimum=1), candidates))
    return tuple(specs)


def _ballots(value: Any, known: set[str]) -> tuple[Ballot, ...]:
    _list(value, "ballots")
    ballots: list[Ballot] = []
    for i, item in enumerate(value):
        _object(item, f"ballots[{i}]")
        sections: dict[str, Section] = {}
        for pid, entry in item.items():
            if pid not in known:
                raise CountingError("unknown_position", "{where} names position {id}, which is not on "
                                    "the ballot paper.", where=f"ballots[{i}]", id=pid)
            sections[pid] = _section(entry, f"ballots[{i}].{pid}")
        ballots.append(Ballot(sections))
    return tuple(ballots)


def _section(entry: Any, where: str) -> Section:
    """A list of names, or {"names": [...], "undecided": bool, "ruled_invalid": bool}."""
    if isinstance(entry, list):
        return Section(_names(entry, where))
    if not isinstance(entry, dict):
        raise CountingError("bad_type", "{where} must be a list of names, or an object with \"names\".",
                            where=where)
    _object(entry, where, allowed={"names", "undecided", "ruled_invalid"})
    flags = {}
    for flag in ("undecided", "ruled_invalid"):
        flags[flag] = entry.get(flag, False)
        if not isinstance(flags[flag], bool):
            raise CountingError("bad_type", "{where} must be true or false.", where=f"{where}.{flag}")
    return Section(_names(entry.get("names", []), f"{where}.names"), **flags)


def _boxes(value: Any) -> tuple[BoxCount, ...]:
    _list(value, "boxes")
    boxes: list[BoxCount] = []
    for i, item in enumerate(value):
        where = f"boxes[{i}]"
        _object(item, where, allowed={"id", "issued", "collected"})
        for key in ("id", "issued", "collected"):
            if key not in item:
                raise CountingError("missing_key", "{where} is missing.", where=f"{where}.{key}")
        box_id = _name(item["id"], f"{where}.id")
        if any(box.id == box_id for box in boxes):
            raise CountingError("duplicate_box", "Box {box} appears twice.", box=box_id)
        boxes.append(BoxCount(box_id, _count(item["issued"], f"{where}.issued"),
                              _count(item["collected"], f"{where}.collected")))
    return tuple(boxes)


def _object(value: Any, where: str, allowed: set[str] | None = None) -> None:
    if not isinstance(value, dict):
        raise CountingError("bad_type", "{where} must be a JSON object.", where=where)
    extra = sorted(str(k) for k in set(value) - allowed) if allowed is not None else []
    if extra:
        raise CountingError("unknown_key", "{where} has unknown keys: {keys}.", where=where,
                            keys=", ".join(extra))


def _list(value: Any, where: str) -> None:
    if not isinstance(value, list):
        raise CountingError("bad_type", "{where} must be a list.", where=where)


def _count(value: Any, where: str, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise CountingError("bad_number", "{where} must be a whole number of at least {minimum}.",
                            where=where, minimum=minimum)
    return value


def _name(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CountingError("bad_name", "{where} must be a name (non-empty text).", where=where)
    return value.strip()


def _names(value: Any, where: str) -> tuple[str, ...]:
    _list(value, where)
    return tuple(_name(v, f"{where}[{i}]") for i, v in enumerate(value))
