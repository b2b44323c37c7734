"""The election's codes (place kinds, contest forms, positions, modes) as words for the screen."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from app.i18n import tr

if TYPE_CHECKING:   # types only: app.election is read with the first file, not at start-up
    from app.election.overview import PositionSeats


def place_kind(kind: str) -> str:
    """中心会场, 投票站 or 流动票箱."""
    return {
        "central": tr("Central venue"),
        "station": tr("Polling station"),
        "mobile": tr("Mobile ballot box"),
    }.get(kind, kind)


def contest_kind(kind: str) -> str:
    """Committee or resident-group leader."""
    return {"committee": tr("Committee"), "group_leader": tr("Group leader")}.get(kind, kind)


def contest_form(form: str) -> str:
    """Direct, household or representatives election."""
    return {
        "direct": tr("Direct"),
        "household": tr("By household"),
        "representatives": tr("By representatives"),
    }.get(form, form)


def mode(mode: str) -> str:
    """Test or official mode, as the status bar says it."""
    return tr("TEST mode") if mode == "test" else tr("OFFICIAL mode")


def position_title(position: PositionSeats) -> str:
    """The official title in the current language; a title the district chose stays as written."""
    from app.election.model import POSITIONS  # here: app.election is not needed to start the window

    official = POSITIONS.get(position.id)
    if official is None or position.title not in ("", official[1]):
        return position.title
    return {
        "director": tr("Director"),
        "deputy": tr("Deputy director"),
        "member": tr("Member"),
        "leader": tr("Group leader"),
        "representative": tr("Resident representative"),
    }[position.id]


def join(items: Iterable[str]) -> str:
    """A short list the way the language writes it (、 in Chinese)."""
    return tr(", ").join(items)


def yes_no(value: bool) -> str:
    return tr("yes") if value else tr("no")
