"""The users of a data file (用户): add, remove, list, change passwords, the demo's two users.

On an encrypted file the same password also unlocks the file (its key file, app.vault): give these
functions the open DataFile and the key file changes together with the users table (order and
recovery after a crash: app/vault/in_step.py). Given only the connection of an encrypted file they
refuse (ValueError), since the new password would sign in but not unlock.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from dataclasses import dataclass

from app.audit import SYSTEM, Actor, Clock, append_event, joined_transaction, system_clock
from app.audit.log import HasActor
from app.auth.passwords import check_password_rule, hash_password, verify_password
from app.auth.roles import Action, Role, require
from app.auth.session import Session, check_idle_minutes
from app.db import DataFile
from app.election.model import Election
from app.errors import PollDeskError
from app.vault.in_step import KeyChange, users_and_keys

UsersOf = DataFile | sqlite3.Connection

BOOTSTRAP_ROLES = (Role.CHIEF, Role.DISTRICT_ADMIN)
DEMO_PASSWORD = "demo-pass"
DEMO_USERS = (("clerk1", Role.CLERK, "发票员一"), ("chief1", Role.CHIEF, "站长"))
DEMO_DISTRICT_USERS = (("admin1", Role.DISTRICT_ADMIN, "区选举办管理员"),)
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


def _parts(db: UsersOf) -> tuple[sqlite3.Connection, DataFile | None]:
    """The connection, and the DataFile when its key file must change too."""
    if isinstance(db, DataFile):
        return db.conn, db if db.encrypted else None
    if not isinstance(db, sqlite3.Connection):     # a SQLCipher connection: an encrypted file's
        raise ValueError("an encrypted file's users change with its key file: pass the DataFile, not its connection")
    return db, None


def _key_change(df: DataFile | None) -> KeyChange | None:
    return KeyChange(df) if df is not None else None


def _log_key_events(conn: sqlite3.Connection, actor: HasActor, change: KeyChange | None, clock: Clock) -> None:
    for event, details in change.events if change is not None else []:
        append_event(conn, actor, event, details, clock=clock)


def has_users(conn: sqlite3.Connection) -> bool:
    """Whether any user was ever added to this file."""
    return conn.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None


def add_user(db: UsersOf, session: Session | None, name: str, role: str, password: str,
             display_name: str = "", clock: Clock = system_clock) -> User:
    """Add a user (on an encrypted file, the password unlocks it too). The first user of a file needs no
    session but must be a chief or district admin."""
    conn, df = _parts(db)
    name, new_role = _normal_name(name), _role(role)
    check_password_rule(password, name=name)
    password_hash = hash_password(password)   # slow: outside the write transaction
    change = _key_change(df)
    if change is not None:
        change.grant(name, password, "user_added")
    now = clock().isoformat()
    with users_and_keys(conn, change):
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
        _log_key_events(conn, actor, change, clock)
    return get_user(conn, name)


def _check_may_manage(session: Session, role: Role) -> None:
    """Only a district administrator may add or remove a district administrator."""
    if role is Role.DISTRICT_ADMIN and session.role != Role.DISTRICT_ADMIN:
        raise PollDeskError("forbidden", "Only a district administrator may add or remove a district administrator.")


def remove_user(db: UsersOf, session: Session, name: str, clock: Clock = system_clock) -> None:
    """Remove a user (the name stays reserved; the audit log keeps it). Nobody removes themselves.

    On an encrypted file the user's key entry goes too and the file is re-encrypted under a new key.
    """
    conn, df = _parts(db)
    require(session, Action.MANAGE_USERS)
    user = get_user(conn, name)
    change = _key_change(df)
    if change is not None:
        change.revoke(user.name)
    with users_and_keys(conn, change):
        user = get_user(conn, name)
        _check_may_manage(session, Role(user.role))
        if user.name == session.user:
            raise PollDeskError("remove_self", "You cannot remove yourself; ask another chief.")
        conn.execute("UPDATE users SET removed_at = ?, changed_at = ? WHERE name = ?",
                     (clock().isoformat(), clock().isoformat(), user.name))
        append_event(conn, session, "user_removed", {"name": user.name, "role": user.role}, clock=clock)
        _log_key_events(conn, session, change, clock)


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


def change_password(db: UsersOf, session: Session, old_password: str, new_password: str,
                    clock: Clock = system_clock) -> None:
    """The signed-in user changes their own password, giving the old one first (on an encrypted file the
    key file entry is re-wrapped in the same step: the data file itself is not rewritten)."""
    conn, df = _parts(db)
    row = conn.execute("SELECT password_hash FROM users WHERE name = ? AND removed_at IS NULL",
                       (session.user,)).fetchone()
    if row is None or not verify_password(row["password_hash"], old_password):
        raise PollDeskError("wrong_password", "The current password is wrong.")
    check_password_rule(new_password, name=session.user)
    change = _key_change(df)
    if change is not None:
        change.change_password(session.user, old_password, new_password)
    _store_password(conn, session, session.user, new_password, change, clock)


def reset_password(db: UsersOf, session: Session, name: str, new_password: str,
                   clock: Clock = system_clock) -> None:
    """A chief or district administrator sets a new password for someone who forgot theirs
    (on an encrypted file it unlocks the file too)."""
    conn, df = _parts(db)
    require(session, Action.MANAGE_USERS)
    user = get_user(conn, name)
    _check_may_manage(session, Role(user.role))
    check_password_rule(new_password, name=user.name)
    change = _key_change(df)
    if change is not None:
        change.grant(user.name, new_password, "password_reset")
    _store_password(conn, session, user.name, new_password, change, clock)


def _store_password(conn: sqlite3.Connection, session: Session, name: str, password: str,
                    change: KeyChange | None, clock: Clock) -> None:
    password_hash = hash_password(password)
    with users_and_keys(conn, change):
        conn.execute("UPDATE users SET password_hash = ?, changed_at = ? WHERE name = ?",
                     (password_hash, clock().isoformat(), name))
        details: dict[str, object] = {"name": name}
        if change is not None:
            details["unlocks_file"] = True       # the key file entry changed with it
        append_event(conn, session, "password_changed", details, clock=clock)
        _log_key_events(conn, session, change, clock)


def set_idle_minutes(conn: sqlite3.Connection, session: Session, minutes: int, clock: Clock = system_clock) -> None:
    """Change how long a screen may stay untouched before it locks (chief or district administrator)."""
    require(session, Action.MANAGE_USERS)
    check_idle_minutes(minutes)
    with joined_transaction(conn):
        conn.execute("INSERT INTO auth_settings(key, value) VALUES ('idle_minutes', ?)"
                     " ON CONFLICT(key) DO UPDATE SET value = excluded.value", (str(minutes),))
        append_event(conn, session, "settings_changed", {"idle_minutes": minutes}, clock=clock)


def ensure_demo_users(db: UsersOf, election: Election, clock: Clock = system_clock) -> list[str]:
    """Create clerk1 and chief1 (admin1 in a district file; password "demo-pass"); refused in an official election.

    On an encrypted file (give the DataFile) the demo password unlocks the file for them too.
    """
    conn, df = _parts(db)
    if not election.is_test:
        raise PollDeskError("demo_users_official",
                            "Demo users with a known password can only be added to a test election.")
    created = []
    kind = conn.execute("SELECT value FROM file_meta WHERE key = 'kind'").fetchone()
    for name, role, display in DEMO_DISTRICT_USERS if kind and kind[0] == "district" else DEMO_USERS:
        if conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
            continue
        password_hash = hash_password(DEMO_PASSWORD)
        change = _key_change(df)
        if change is not None:
            change.grant(name, DEMO_PASSWORD, "demo")
        now = clock().isoformat()
        with users_and_keys(conn, change):
            conn.execute("INSERT INTO users(name, display_name, role, password_hash, created_at, changed_at)"
                         " VALUES (?,?,?,?,?,?)", (name, display, role.value, password_hash, now, now))
            append_event(conn, SYSTEM, "user_added", {"name": name, "role": role.value, "demo": True}, clock=clock)
            _log_key_events(conn, SYSTEM, change, clock)
        created.append(name)
    return created
