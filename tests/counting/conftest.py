"""Counting fixtures: a round described as plain JSON-like data, counted by the real engine."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from app.counting.tally import tally
from app.counting.tally_file import tally_input_from_dict

Count = Callable[..., dict[str, Any]]


def count_round(positions: list[dict[str, Any]], ballots: list[dict[str, Any]], *,
                electorate: int | None = None, issued: int | None = None, form: str = "direct",
                round: int = 1, rules: dict[str, Any] | None = None,
                boxes: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Count a round; electorate and issued default to the ballots collected (everyone voted)."""
    data: dict[str, Any] = {
        "form": form, "electorate": len(ballots) if electorate is None else electorate,
        "issued": len(ballots) if issued is None else issued, "round": round,
        "positions": positions, "ballots": ballots,
    }
    if rules is not None:
        data["rules"] = rules
    if boxes is not None:
        data["boxes"] = boxes
    return tally(tally_input_from_dict(data)).to_dict()


@pytest.fixture
def count() -> Count:
    """The tally as a function of the round's data, returning the `polldesk tally` JSON shape."""
    return count_round


def position(outcome: dict[str, Any], position_id: str) -> dict[str, Any]:
    """One position's result from an outcome."""
    return next(p for p in outcome["positions"] if p["id"] == position_id)


@pytest.fixture
def result_of() -> Callable[[dict[str, Any], str], dict[str, Any]]:
    """Pick one position's result out of an outcome."""
    return position
