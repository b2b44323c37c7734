"""The desk's words: sexes, voter statuses, ways a ballot was issued, as a clerk reads them."""

from __future__ import annotations

from app.i18n import tr


def sex_word(sex: str) -> str:
    """男 or 女."""
    return {"M": tr("male"), "F": tr("female")}.get(sex, sex)


def status_word(status: str) -> str:
    """A lookup row's status: not voted, ballot issued, voted by proxy, removed."""
    return {
        "not_voted": tr("not voted"),
        "issued": tr("ballot issued"),
        "proxy": tr("voted by proxy"),
        "removed": tr("removed from the register"),
    }.get(status, status)


def kind_word(kind: str) -> str:
    """How a ballot was issued: in person, to a proxy, to a mobile box, for a household."""
    return {
        "in_person": tr("in person"),
        "proxy": tr("to a proxy"),
        "mobile": tr("mobile ballot box"),
        "household": tr("for the household"),
    }.get(kind, kind)
