"""Roles and the role x action matrix (权限表): who may do what, enforced by `require()`."""

from __future__ import annotations

from enum import StrEnum

from app.errors import PollDeskError
from app.i18n import tr


class Role(StrEnum):
    """The four kinds of user."""

    CLERK = "clerk"                    # 发票员/验证员
    CHIEF = "chief"                    # 站长/总监票人
    DISTRICT_ADMIN = "district_admin"  # 区选举办管理员
    COUNTER = "counter"                # 计票人/唱票人/监票人


ROLE_LABELS: dict[Role, str] = {
    Role.CLERK: "clerk",
    Role.CHIEF: "station chief",
    Role.DISTRICT_ADMIN: "district election office administrator",
    Role.COUNTER: "counting staff member",
}


class Action(StrEnum):
    """Everything the software checks a role for."""

    LOOKUP_VOTER = "lookup_voter"
    ISSUE_BALLOT = "issue_ballot"
    ISSUE_PROXY = "issue_proxy"
    ISSUE_MOBILE = "issue_mobile"
    SPOIL_BALLOT = "spoil_ballot"
    UNDO_ISSUANCE = "undo_issuance"
    OVERRIDE_OTHER_PLACE = "override_other_place"
    OPEN_POLL = "open_poll"
    CLOSE_POLL = "close_poll"
    START_COUNTING = "start_counting"
    ENTER_BALLOTS = "enter_ballots"
    CERTIFY_RESULTS = "certify_results"
    EXPORT_PACKAGE = "export_package"
    IMPORT_PACKAGE = "import_package"
    MANAGE_USERS = "manage_users"
    UNLOCK_USER = "unlock_user"
    EDIT_REGISTER = "edit_register"
    MANAGE_CANDIDATES = "manage_candidates"
    REVIEW_CANDIDATES = "review_candidates"
    LOCK_DISTRICT_RESULTS = "lock_district_results"
    VIEW_TURNOUT = "view_turnout"


# English phrase completing "A {role} may not {action}." (translated through tr()).
ACTION_LABELS: dict[Action, str] = {
    Action.LOOKUP_VOTER: "look up voters",
    Action.ISSUE_BALLOT: "issue ballots",
    Action.ISSUE_PROXY: "issue ballots to proxies",
    Action.ISSUE_MOBILE: "issue ballots at a mobile ballot box",
    Action.SPOIL_BALLOT: "void a spoilt ballot and issue a new one",
    Action.UNDO_ISSUANCE: "undo a ballot issuance",
    Action.OVERRIDE_OTHER_PLACE: "let a voter vote at another place",
    Action.OPEN_POLL: "open the poll",
    Action.CLOSE_POLL: "close the poll",
    Action.START_COUNTING: "start counting",
    Action.ENTER_BALLOTS: "enter ballots at the count",
    Action.CERTIFY_RESULTS: "certify the results",
    Action.EXPORT_PACKAGE: "export a package",
    Action.IMPORT_PACKAGE: "import a package",
    Action.MANAGE_USERS: "add or remove users",
    Action.UNLOCK_USER: "unlock a locked account",
    Action.EDIT_REGISTER: "change the voter register",
    Action.MANAGE_CANDIDATES: "manage candidates",
    Action.REVIEW_CANDIDATES: "review candidates' qualification",
    Action.LOCK_DISTRICT_RESULTS: "lock the district's results",
    Action.VIEW_TURNOUT: "view turnout",
}

_C, _H, _A, _N = Role.CLERK, Role.CHIEF, Role.DISTRICT_ADMIN, Role.COUNTER

# Clerks issue; the chief authorises exceptions, runs the poll and the count and certifies; counting
# staff enter ballots; the district office prepares the register and candidates and merges results.
MATRIX: dict[Action, frozenset[Role]] = {
    Action.LOOKUP_VOTER: frozenset({_C, _H, _A}),
    Action.ISSUE_BALLOT: frozenset({_C, _H}),
    Action.ISSUE_PROXY: frozenset({_C, _H}),
    Action.ISSUE_MOBILE: frozenset({_C, _H}),
    Action.SPOIL_BALLOT: frozenset({_C, _H}),
    Action.UNDO_ISSUANCE: frozenset({_H}),
    Action.OVERRIDE_OTHER_PLACE: frozenset({_H}),
    Action.OPEN_POLL: frozenset({_H}),
    Action.CLOSE_POLL: frozenset({_H}),
    Action.START_COUNTING: frozenset({_H}),
    Action.ENTER_BALLOTS: frozenset({_H, _N}),
    Action.CERTIFY_RESULTS: frozenset({_H}),
    Action.EXPORT_PACKAGE: frozenset({_H, _A}),
    Action.IMPORT_PACKAGE: frozenset({_H, _A}),
    Action.MANAGE_USERS: frozenset({_H, _A}),
    Action.UNLOCK_USER: frozenset({_H, _A}),
    Action.EDIT_REGISTER: frozenset({_A}),
    Action.MANAGE_CANDIDATES: frozenset({_A}),
    Action.REVIEW_CANDIDATES: frozenset({_A}),
    Action.LOCK_DISTRICT_RESULTS: frozenset({_A}),
    Action.VIEW_TURNOUT: frozenset({_C, _H, _A, _N}),
}


def role_label(role: str) -> str:
    """A role's name in the user's language."""
    return tr(ROLE_LABELS[Role(role)])


def action_label(action: str) -> str:
    """An action's description in the user's language."""
    return tr(ACTION_LABELS[Action(action)])


def may(role: str, action: str) -> bool:
    """Whether `role` may do `action` (an unknown role may do nothing)."""
    try:
        return Role(role) in MATRIX[Action(action)]
    except ValueError:
        return False


def require(session: object, action: str) -> None:
    """Raise PollDeskError "forbidden" unless the session's role may do `action`."""
    Action(action)  # an undeclared action is a programming error (ValueError)
    role = str(getattr(session, "role", ""))
    if not may(role, action):
        raise ForbiddenError(role, action)


class ForbiddenError(PollDeskError):
    """A role tried an action the matrix does not give it (code "forbidden")."""

    def __init__(self, role: str, action: str) -> None:
        self.role, self.action = role, Action(action)
        super().__init__("forbidden", "A {role} may not {action}.", role=role, action=action)

    @property
    def message(self) -> str:
        """Role and action named in the language in use when the message is shown."""
        who = role_label(self.role) if self.role in {r.value for r in Role} else self.role
        return tr(self.text, role=who, action=action_label(self.action))
