"""Who may do what: every cell of the role x action matrix, against a table written out here."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.auth import MATRIX, Action, Role, Session, require
from app.errors import PollDeskError
from app.i18n import set_language

# action: (clerk, chief, district_admin, counter) - written by hand from the election's division of work.
EXPECTED: dict[str, tuple[bool, bool, bool, bool]] = {
    "lookup_voter":          (True,  True,  True,  False),
    "issue_ballot":          (True,  True,  False, False),
    "issue_proxy":           (True,  True,  False, False),
    "issue_mobile":          (True,  True,  False, False),
    "spoil_ballot":          (True,  True,  False, False),
    "undo_issuance":         (False, True,  False, False),
    "override_other_place":  (False, True,  False, False),
    "open_poll":             (False, True,  False, False),
    "close_poll":            (False, True,  False, False),
    "start_counting":        (False, True,  False, False),
    "enter_ballots":         (False, True,  False, True),
    "certify_results":       (False, True,  False, False),
    "export_package":        (False, True,  True,  False),
    "import_package":        (False, True,  True,  False),
    "manage_users":          (False, True,  True,  False),
    "unlock_user":           (False, True,  True,  False),
    "edit_register":         (False, False, True,  False),
    "manage_candidates":     (False, False, True,  False),
    "review_candidates":     (False, False, True,  False),
    "lock_district_results": (False, False, True,  False),
    "view_turnout":          (True,  True,  True,  True),
}
ROLES = ("clerk", "chief", "district_admin", "counter")
CELLS = [(role, action, EXPECTED[action][i]) for action in EXPECTED for i, role in enumerate(ROLES)]


def test_the_table_here_covers_every_action_and_role_of_the_program() -> None:
    assert set(EXPECTED) == {a.value for a in Action} == {a.value for a in MATRIX}
    assert set(ROLES) == {r.value for r in Role}


@pytest.mark.parametrize(("role", "action", "allowed"), CELLS, ids=[f"{r}-{a}" for r, a, _ in CELLS])
def test_role_may_or_may_not_do_action(role: str, action: str, allowed: bool) -> None:
    session = Session("someone", role, datetime(2011, 4, 10, 8, 0))
    if allowed:
        require(session, action)
    else:
        with pytest.raises(PollDeskError) as err:
            require(session, action)
        assert err.value.code == "forbidden"


def test_refusal_names_the_role_and_the_action_in_the_users_language() -> None:
    clerk = Session("clerk1", "clerk", datetime(2011, 4, 10, 8, 0))
    with pytest.raises(PollDeskError) as err:
        require(clerk, Action.UNDO_ISSUANCE)
    assert err.value.message == "发票员无权撤销一次发票。"
    set_language("en")
    assert err.value.message == "A clerk may not undo a ballot issuance."


def test_an_unknown_role_may_do_nothing() -> None:
    stranger = Session("x", "visitor", datetime(2011, 4, 10, 8, 0))
    with pytest.raises(PollDeskError):
        require(stranger, Action.VIEW_TURNOUT)


def test_an_undeclared_action_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        require(Session("c", "chief", datetime(2011, 4, 10)), "launch_rockets")
