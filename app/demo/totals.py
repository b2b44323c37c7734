"""The demo summary's district totals: ballots issued by kind and place, turnout, and who was elected."""

from __future__ import annotations

from collections import Counter
from typing import Any

from app.demo.stages import DemoContext


def turnout_totals(ctx: DemoContext) -> dict[str, Any]:
    """Committee ballots issued in every station file, by kind and by kind of place; household ballots too."""
    kinds: Counter[str] = Counter()
    places: Counter[str] = Counter()
    household = 0
    for place in sorted(ctx.summary["station_files"]):
        with ctx.open_station(place) as df:
            for r in df.conn.execute(
                    "SELECT i.kind, p.kind AS place_kind, k.kind AS contest_kind, COUNT(*) FROM issuances i"
                    " JOIN contests k ON k.id = i.contest_id JOIN voting_places p ON p.code = i.place_code"
                    " GROUP BY i.kind, p.kind, k.kind"):
                if r["contest_kind"] == "committee":
                    kinds[r["kind"]] += r[3]
                    places["proxy" if r["kind"] == "proxy" else r["place_kind"]] += r[3]
                else:
                    household += r[3]
    registered = int(ctx.summary["voters"])
    issued = sum(kinds.values())
    return {"registered": registered, "ballots_issued": issued,
            "issued_by_kind": dict(sorted(kinds.items())), "issued_by_place": dict(sorted(places.items())),
            "turnout_percent": round(100 * issued / registered, 1) if registered else 0.0,
            "household_ballots_issued": household, "households": int(ctx.summary["households"])}


def result_totals(results: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Certified results added up: ballots collected, elected by position, communities done in one round or not."""
    elected: Counter[str] = Counter()
    rounds: Counter[str] = Counter()
    groups: Counter[str] = Counter()
    collected = invalid = 0
    further: list[str] = []
    for _, data in sorted(results.items()):
        outcome = data["outcome"]
        done = outcome["valid_round"] and outcome["quorum_met"]
        filled = done and all(p["unfilled"] == 0 for p in outcome["positions"])
        status = "one_round" if filled else "another_round" if done else "not_done"
        if data["form"] == "household":
            groups[status] += 1
            groups["leaders_elected"] += sum(len(p["elected"]) for p in outcome["positions"])
            continue
        collected += outcome["collected"]
        invalid += outcome["invalid_ballots"]
        rounds[status] += 1
        if status != "one_round":
            further.append(data["community"])
        for p in outcome["positions"]:
            elected[p["id"]] += len(p["elected"])
    return {"ballots_collected": collected, "invalid_ballots": invalid,
            "elected_by_position": {pid: elected[pid] for pid in ("director", "deputy", "member")},
            "elected": sum(elected.values()),
            "communities_one_round": rounds["one_round"], "communities_another_round": rounds["another_round"],
            "communities_not_done": rounds["not_done"], "communities_needing_another_round": further,
            "group_leader_contests_counted": groups["one_round"] + groups["another_round"] + groups["not_done"],
            "group_leaders_elected": groups["leaders_elected"],
            "groups_needing_another_round": groups["another_round"] + groups["not_done"]}
