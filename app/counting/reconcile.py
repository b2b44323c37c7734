"""Rule 1: ballots collected must not exceed ballots issued, per box and in total (核对票数)."""

from __future__ import annotations

from dataclasses import dataclass

from app.i18n import tr


@dataclass(frozen=True)
class BoxCount:
    """One ballot box's figures: ballots issued into it and ballots found in it."""

    id: str
    issued: int
    collected: int


def reconciliation_problems(issued: int, collected: int, boxes: tuple[BoxCount, ...]) -> list[str]:
    """Why the round is void, one sentence per problem; empty when every count reconciles."""
    problems: list[str] = []
    if collected > issued:
        problems.append(tr(
            "{collected} ballots were collected but only {issued} were issued: "
            "the round is void and must be held again.", collected=collected, issued=issued))
    for box in boxes:
        if box.collected > box.issued:
            problems.append(tr(
                "Box {box}: {collected} ballots were collected but only {issued} were issued: "
                "the round is void and must be held again.",
                box=box.id, collected=box.collected, issued=box.issued))
    return problems
