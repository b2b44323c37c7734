"""The users of a data file (用户): add, remove, list, change passwords, the demo's two users."""

from __future__ import annotations

import sqlite3
import unicodedata
from dataclasses import dataclass

from app.audit import SYSTEM, Actor, Clock, append_event, joined_transaction, system_clock
from app.auth.passwords import check_password_rule, hash_password, verify_password
from app.auth.roles import Action, Role, require
from app.auth.session import Session, check_idle_minutes
from app.election.model import Election
from app.errors import PollDeskError

BOOTSTRAP_ROLES = (Role.CHIEF, Role.DISTRICT_ADMIN)
DEMO_PASSWORD = "demo-pass"
DEMO_USERS = (("clerk1", Role.CLERK, "发票员一"), ("chief1", Role.CHIEF, "站长"))
MAX_NAME_LENGTH = 32


@dataclass(frozen=True)
class User:
    """A user as listed: never the password hash."""

    name: str
    display_name: str
    role: str
    locked: bool
    failed_attempts: int
    created_at: str
    changed_at: str


def _normal_name(name: str) -> str:
    name = unicodedata.normalize("NFKC", name).strip()
    if not name or len(name) > MAX_NAME_LENGTH or any(ch.isspace() for ch in name):
        raise PollDeskError("bad_user_name",
                            "A user name needs 1 to {n} characters and no spaces.", n=MAX_NAME_LENGTH)
    return name


def _role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise PollDeskError("bad_role", "Unknown role {role}. Use one of: {roles}.",
                            role=role, roles=", ".join(r.value for r in Role)) from None


def has_users(conn: sqlite3.Connection) -> bool:
    """Whether any user was ever added to this file."""
    return conn.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None


def add_user(conn: sqlite3.Connection, session: Session | None, name: str, role: str, password: str,
             display_name: str = "", clock: Clock = system_clock) -> User:
    """Add a user. The first user of a file needs no session but must be a chief or district admin."""
    name, new_role = _normal_name(name), _role(role)
    check_password_rule(password, name=name)
    password_hash = hash_password(password)   # slow: outside the write transaction
    now = clock().isoformat()
    with joined_transaction(conn):
        if session is None:
            if has_users(conn):
                raise PollDeskError("sign_in_needed",
                                    "This file already has users: a station chief must sign in to add one.")
            if new_role not in BOOTSTRAP_ROLES:
                raise PollDeskError("first_user_role",
                                    "The first user of a file must be a station chief or a district administrator.")
            actor: Session | Actor = Actor(name, new_role.value)
        else:
            require(session, Action.MANAGE_USERS)
            _check_may_manage(session, new_role)
            actor = session
        if conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
            raise PollDeskError("user_exists", "The user name {name} is already taken.", name=name)
        conn.execute("INSERT INTO users(name, display_name, role, password_hash, created_at, changed_at)"
                     " VALUES (?,?,?,?,?,?)", (name, display_name.strip(), new_role.value, password_hash, now, now))
        append_event(conn, actor, "user_added",
                     {"name": name, "role": new_role.value, "bootstrap": session is None}, clock=clock)
    return get_user(conn, name)


def _check_may_manage(session: Session, role: Role) -> None:
    """Only a district administrator may add or remove a district administrator."""
    if role is Role.DISTRICT_ADMIN and session.role != Role.DISTRICT_ADMIN:
        raise PollDeskError("forbidden", "Only a district administrator may add or remove a district administrator.")


def remove_user(conn: sqlite3.Connection, session: Session, name: str, clock: Clock = system_clock) -> None:
    """Remove a user (the name stays reserved; the audit log keeps it). Nobody removes themselves."""
    require(session, Action.MANAGE_USERS)
    with joined_transaction(conn):
        user = get_user(conn, name)
        _check_may_manage(session, Role(user.role))
        if user.name == session.user:
            raise PollDeskError("remove_self", "You cannot remove yourself; ask another chief.")
        conn.execute("UPDATE users SET removed_at = ?, changed_at = ? WHERE name = ?",
                     (clock().isoformat(), clock().isoformat(), user.name))
        append_event(conn, session, "user_removed", {"name": user.name, "role": user.role}, clock=clock)


def get_user(conn: sqlite3.Connection, name: str) -> User:
    """One current user, or PollDeskError "no_such_user"."""
    row = conn.execute("SELECT * FROM users WHERE name = ? AND removed_at IS NULL", (name,)).fetchone()
    if row is None:
        raise PollDeskError("no_such_user", "There is no user named {name}.", name=name)
    return _user(row)


def list_users(conn: sqlite3.Connection) -> list[User]:
    """Current users, by role then name."""
    return [_user(r) for r in conn.execute("SELECT * FROM users WHERE removed_at IS NULL ORDER BY role, name")]


def _user(row: sqlite3.Row) -> User:
    return User(row["name"], row["display_name"], row["role"], bool(row["locked"]), row["failed_attempts"],
                row["created_at"], row["changed_at"])


def change_password(conn: sqlite3.Connection, session: Session, old_password: str, new_password: str,
                    clock: Clock = system_clock) -> None:
    """The signed-in user changes their own password, giving the old one first."""
    row = conn.execute("SELECT password_hash FROM users WHERE name = ? AND removed_at IS NULL",
                       (session.user,)).fetchone()
    if row is None or not verify_password(row["password_hash"], old_password):
        raise PollDeskError("wrong_password", "The current password is wrong.")
    _store_password(conn, session, session.user, new_password, clock)


def reset_password(conn: sqlite3.Connection, session: Session, name: str, new_password: str,
                   clock: Clock = system_clock) -> None:
    """A chief or district administrator sets a new password for someone who forgot theirs."""
    require(session, Action.MANAGE_USERS)
    _check_may_manage(session, Role(get_user(conn, name).role))
    _store_password(conn, session, name, new_password, clock)


def _store_password(conn: sqlite3.Connection, session: Session, name: str, password: str, clock: Clock) -> None:
    check_password_rule(password, name=name)
    password_hash = hash_password(password)
    with joined_transaction(conn):
        conn.execute("UPDATE users SET password_hash = ?, changed_at = ? WHERE name = ?",
                     (password_hash, clock().isoformat(), name))
        append_event(conn, session, "password_changed", {"name": name}, clock=clock)


def set_idle_minutes(conn: sqlite3.Connection, session: Session, minutes: int, clock: Clock = system_clock) -> None:
    """Change how long a screen may stay untouched before it locks (chief or district administrator)."""
    require(session, Action.MANAGE_USERS)
    check_idle_minutes(minutes)
    with joined_transaction(conn):
        conn.execute("INSERT INTO auth_settings(key, value) VALUES ('idle_minutes', ?)"
                     " ON CONFLICT(key) DO UPDATE SET value = excluded.value", (str(minutes),))
        append_event(conn, session, "settings_changed", {"idle_minutes": minutes}, clock=clock)


def ensure_demo_users(conn: sqlite3.Connection, election: Election, clock: Clock = system_clock) -> list[str]:
    """Create clerk1 and chief1 (password "demo-pass") in a test-mode election; refused for an official one."""
    if not election.is_test:
        raise PollDeskError("demo_users_official",
                            "Demo users with a known password can only be added to a test election.")
    created = []
    for name, role, display in DEMO_USERS:
        if conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
            continue
        password_hash = hash_password(DEMO_PASSWORD)
        now = clock().isoformat()
        with joined_transaction(conn):
            conn.execute("INSERT INTO users(name, display_name, role, password_hash, created_at, changed_at)"
                         " VALUES (?,?,?,?,?,?)", (name, display, role.value, password_hash, now, now))
            append_event(conn, SYSTEM, "user_added", {"name": name, "role": role.value, "demo": True}, clock=clock)
        created.append(name)
    return created
