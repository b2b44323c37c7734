"""Users, roles and sign-in: who may do what on a PollDesk data file."""

from app.auth.login import FAILURES_BEFORE_LOCK, LoginError, delay_after, login, unlock_session, unlock_user
from app.auth.passwords import HashParameters, check_password_rule, hash_password, set_hash_parameters
from app.auth.roles import MATRIX, Action, ForbiddenError, Role, action_label, may, require, role_label
from app.auth.session import DEFAULT_IDLE_MINUTES, Session, SessionGuard, guard_for, idle_minutes
from app.auth.users import (
    DEMO_PASSWORD,
    User,
    add_user,
    change_password,
    ensure_demo_users,
    get_user,
    has_users,
    list_users,
    remove_user,
    reset_password,
    set_idle_minutes,
)

__all__ = [
    "DEFAULT_IDLE_MINUTES", "DEMO_PASSWORD", "FAILURES_BEFORE_LOCK", "MATRIX", "Action", "ForbiddenError", "HashParameters",
    "LoginError", "Role", "Session", "SessionGuard", "User", "action_label", "add_user", "change_password",
    "check_password_rule", "delay_after", "ensure_demo_users", "get_user", "guard_for", "has_users",
    "hash_password", "idle_minutes", "list_users", "login", "may", "remove_user", "require", "reset_password",
    "role_label", "set_hash_parameters", "set_idle_minutes", "unlock_session", "unlock_user",
]
