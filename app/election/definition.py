"""Reading and writing an election definition file (JSON or TOML); see docs/election-file.md."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from app.election.model import (
    BOX_KINDS,
    CONTEST_KINDS,
    FORMS,
    MODES,
    PLACE_KINDS,
    POSITIONS,
    REVIEW_STATUSES,
    BallotBox,
    Candidate,
    Community,
    Contest,
    Definition,
    Election,
    Position,
    ResidentGroup,
    UnitRepresentative,
    VotingPlace,
)
from app.election.rules import RuleSet
from app.errors import DefinitionError

FORMAT = "polldesk-election/1"


def load_definition(path: Path | str) -> Definition:
    """Read a definition from a .json or .toml file, with a clear message for any fault."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DefinitionError("unreadable", "Cannot read {path}: {error}", path=str(path),
                              error=exc.strerror or str(exc)) from exc
    try:
        if path.suffix.lower() == ".toml":
            data = tomllib.loads(raw.decode("utf-8"))
        else:
            data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DefinitionError("bad_syntax", "{path} is not valid JSON or TOML: {error}",
                              path=str(path), error=str(exc)) from exc
    return definition_from_dict(data)


def save_definition(definition: Definition, path: Path | str) -> None:
    """Write a definition as JSON (UTF-8, readable Chinese)."""
    text = json.dumps(definition_to_dict(definition), ensure_ascii=False, indent=2)
    Path(path).write_text(text + "\n", encoding="utf-8")


def _need(data: dict[str, Any], key: str, where: str) -> Any:
    if key not in data or data[key] in (None, ""):
        raise DefinitionError("missing_field", "{where}: the field '{key}' is missing.",
                              where=where, key=key)
    return data[key]


def _one_of(value: Any, allowed: tuple[str, ...], key: str, where: str) -> str:
    if value not in allowed:
        raise DefinitionError("bad_value", "{where}: '{key}' must be one of {allowed}, not {value}.",
                              where=where, key=key, allowed=", ".join(allowed), value=value)
    return str(value)


def _date(value: Any, key: str, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise DefinitionError("bad_date", "{where}: '{key}' must be a date such as 2011-04-10.",
                              where=where, key=key) from exc


def definition_from_dict(data: dict[str, Any]) -> Definition:
    """Build and validate a definition from plain data."""
    if not isinstance(data, dict):
        raise DefinitionError("bad_syntax", "An election file must hold an object at the top.")
    if data.get("format", FORMAT) != FORMAT:
        raise DefinitionError("bad_format", "Unknown election file format {found}; expected {expected}.",
                              found=data.get("format"), expected=FORMAT)
    e = _need(data, "election", "election file")
    election = Election(
        id=str(_need(e, "id", "election")),
        name=str(_need(e, "name", "election")),
        election_day=_date(_need(e, "election_day", "election"), "election_day", "election"),
        mode=_one_of(e.get("mode", "test"), MODES, "mode", "election"),
        district_name=str(e.get("district_name", "")),
        rules=RuleSet.from_dict(data.get("rules")),
    )
    communities = tuple(_community(c) for c in data.get("communities", []))
    _unique([c.code for c in communities], "community code")
    _unique([p.code for c in communities for p in c.places], "voting place code")
    _unique([b.id for c in communities for p in c.places for b in p.boxes], "ballot box id")
    _unique([k.id for c in communities for k in c.contests], "contest id")
    return Definition(election, communities)


def _unique(values: list[str], what: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise DefinitionError("duplicate", "The {what} {value} appears twice.", what=what, value=value)
        seen.add(value)


def _community(c: dict[str, Any]) -> Community:
    code = str(_need(c, "code", "community"))
    where = f"community {code}"
    groups = tuple(ResidentGroup(int(_need(g, "number", where)), str(g.get("name") or f"第{g['number']}居民小组"))
                   for g in c.get("groups", []))
    numbers = {g.number for g in groups}
    _unique([str(g.number) for g in groups], f"resident group number in {code}")
    places = tuple(_place(p, numbers, where) for p in c.get("places", []))
    contests = tuple(_contest(k, numbers, where) for k in c.get("contests", []))
    _check_rounds(contests)
    units = tuple(UnitRepresentative(str(_need(u, "unit_name", where)), str(_need(u, "name", where)))
                  for u in c.get("unit_representatives", []))
    return Community(code, str(_need(c, "name", where)), groups, places, contests, units)


def _check_rounds(contests: tuple[Contest, ...]) -> None:
    """A further round (另行选举) names an earlier contest of the same community, one round below its own."""
    earlier: dict[str, Contest] = {}
    for k in contests:
        parent = earlier.get(k.parent) if k.parent is not None else None
        if (k.round > 1) != (k.parent is not None) or (k.parent is not None and (
                parent is None or parent.round != k.round - 1 or parent.kind != k.kind)):
            raise DefinitionError("bad_round", "contest {contest}: a further round (round 2 or more) needs 'parent', "
                                  "an earlier contest of the same community and kind one round below; round 1 has "
                                  "no parent.", contest=k.id)
        earlier[k.id] = k


def _place(p: dict[str, Any], numbers: set[int], where: str) -> VotingPlace:
    code = str(_need(p, "code", f"{where} voting place"))
    here = f"voting place {code}"
    groups = tuple(int(n) for n in p.get("groups", []))
    for n in groups:
        if n not in numbers:
            raise DefinitionError("unknown_group", "{where}: resident group {number} does not exist.",
                                  where=here, number=n)
    boxes = tuple(BallotBox(str(_need(b, "id", here)), _one_of(b.get("kind", "fixed"), BOX_KINDS, "kind", here),
                            str(b.get("name") or b["id"])) for b in p.get("boxes", []))
    return VotingPlace(code, _one_of(p.get("kind"), PLACE_KINDS, "kind", here), str(_need(p, "name", here)),
                       str(p.get("address", "")), groups, boxes)


def _contest(k: dict[str, Any], numbers: set[int], where: str) -> Contest:
    cid = str(_need(k, "id", f"{where} contest"))
    here = f"contest {cid}"
    kind = _one_of(k.get("kind", "committee"), CONTEST_KINDS, "kind", here)
    form = _one_of(k.get("form", "direct" if kind == "committee" else "household"), FORMS, "form", here)
    group = k.get("group")
    if kind == "group_leader":
        if group is None or int(group) not in numbers:
            raise DefinitionError("unknown_group", "{where}: a group-leader contest needs an existing resident group.",
                                  where=here)
        group = int(group)
    positions: list[Position] = []
    for p in _need(k, "positions", here):
        pid = str(_need(p, "id", here))
        seats = p.get("seats", 1)
        if not isinstance(seats, int) or seats < 1:
            raise DefinitionError("bad_value", "{where}: seats of {position} must be a whole number of at least 1.",
                                  where=here, position=pid)
        rank = int(p.get("rank", POSITIONS.get(pid, (len(positions) + 1, ""))[0]))
        positions.append(Position(pid, seats, str(p.get("name", "")), rank))
    _unique([p.id for p in positions], f"position in {cid}")
    ids = {p.id for p in positions}
    candidates = []
    for c in k.get("candidates", []):
        name = str(_need(c, "name", here))
        position = str(_need(c, "position", here))
        if position not in ids:
            raise DefinitionError("unknown_position", "{where}: candidate {name} stands for an unknown position {position}.",
                                  where=here, name=name, position=position)
        candidates.append(Candidate(
            name=name, position=position, sex=_one_of(c.get("sex"), ("M", "F"), "sex", here),
            birth_date=_date(c["birth_date"], "birth_date", here) if c.get("birth_date") else None,
            ethnicity=str(c.get("ethnicity", "汉族")), party=str(c.get("party", "")),
            education=str(c.get("education", "")), incumbent=bool(c.get("incumbent", False)),
            review_status=_one_of(c.get("review_status", "pending"), REVIEW_STATUSES, "review_status", here),
            review_reason=str(c.get("review_reason", "")),
            voter_id=int(c["voter_id"]) if c.get("voter_id") is not None else None,
        ))
    rounds = k.get("round", 1)
    if not isinstance(rounds, int) or isinstance(rounds, bool) or rounds < 1:
        raise DefinitionError("bad_value", "{where}: 'round' must be a whole number of at least 1.", where=here)
    parent = str(k["parent"]) if k.get("parent") not in (None, "") else None
    return Contest(cid, kind, form, str(_need(k, "name", here)), tuple(positions), tuple(candidates), group,
                   rounds, parent)


def definition_to_dict(d: Definition) -> dict[str, Any]:
    """Plain data in the documented file format."""
    e = d.election
    return {
        "format": FORMAT,
        "election": {"id": e.id, "name": e.name, "district_name": e.district_name,
                     "election_day": e.election_day.isoformat(), "mode": e.mode},
        "rules": e.rules.to_dict(),
        "communities": [_community_dict(c) for c in d.communities],
    }


def _community_dict(c: Community) -> dict[str, Any]:
    return {
        "code": c.code, "name": c.name,
        "groups": [{"number": g.number, "name": g.name} for g in c.groups],
        "places": [{"code": p.code, "kind": p.kind, "name": p.name, "address": p.address,
                    "groups": list(p.groups),
                    "boxes": [{"id": b.id, "kind": b.kind, "name": b.name} for b in p.boxes]}
                   for p in c.places],
        "contests": [_contest_dict(k) for k in c.contests],
        "unit_representatives": [{"unit_name": u.unit_name, "name": u.name} for u in c.unit_representatives],
    }


def _contest_dict(k: Contest) -> dict[str, Any]:
    out: dict[str, Any] = {"id": k.id, "kind": k.kind, "form": k.form, "name": k.name}
    if k.group is not None:
        out["group"] = k.group
    if k.round != 1 or k.parent is not None:
        out["round"] = k.round
        out["parent"] = k.parent
    out["positions"] = [{"id": p.id, "seats": p.seats, "name": p.name, "rank": p.rank} for p in k.positions]
    out["candidates"] = [
        {key: value for key, value in {
            "name": c.name, "position": c.position, "sex": c.sex,
            "birth_date": c.birth_date.isoformat() if c.birth_date else None,
            "ethnicity": c.ethnicity, "party": c.party, "education": c.education,
            "incumbent": c.incumbent, "review_status": c.review_status,
            "review_reason": c.review_reason, "voter_id": c.voter_id,
        }.items() if value is not None}
        for c in k.candidates
    ]
    return out
