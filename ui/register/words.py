"""The register screen's words: statuses and sexes as the clerk reads them, and the status colours."""

from __future__ import annotations

from PySide6.QtGui import QColor

from app.i18n import tr

# Light backgrounds: the word says the status, the colour only helps the eye.
STATUS_COLOURS = {"issued": "#e3f2e1", "proxy": "#e4ecfa", "removed": "#eeeeee"}


def status_word(status: str) -> str:
    """未投票, 已领票, 已委托投票 or 已删除."""
    return {
        "not_voted": tr("not voted"),
        "issued": tr("ballot issued"),
        "proxy": tr("voted by proxy"),
        "removed": tr("removed"),
    }.get(status, status)


def status_colour(status: str) -> QColor | None:
    """The row's background for this status (None: the table's own)."""
    colour = STATUS_COLOURS.get(status)
    return QColor(colour) if colour else None


def sex_word(sex: str) -> str:
    """男 or 女."""
    return {"M": tr("male"), "F": tr("female")}.get(sex, sex)
