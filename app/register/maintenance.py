"""Keeping the register up to date before the election (四增四减), and resolving duplicate registrations.

Each change carries a reason from a fixed list plus free text, is written to register_changes and to
the audit log, and happens in one transaction.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from app.audit import SYSTEM, append_event
from app.audit.log import HasActor, joined_transaction
from app.audit.privacy import mask_id_numbers_in_text
from app.election.store import read_election
from app.errors import PollDeskError
from app.register.changes import record_change
from app.register.checker import check_row
from app.register.context import load_context
from app.register.importer import VoterWriter
from app.register.lookup_index import index_voters
from app.register.privacy import ensure_register_key
from app.register.reader import SourceRow

# 四增: newly 18, moved in, political rights restored, other.
ADD_REASONS = ("newly_18", "moved_in", "rights_restored", "other")
# 四减: died, moved out, political rights lost, other; "duplicate" when resolving a double registration.
REMOVE_REASONS = ("died", "moved_out", "rights_lost", "other", "duplicate")


@dataclass(frozen=True)
class NewVoter:
    """A person to add, as a clerk types them (the ID number is hashed, never kept)."""

    name: str
    id_number: str
    group: str
    community: str | None = None
    household: str = ""
    sex: str = ""
    ethnicity: str = ""
    category: str = ""
    address: str = ""


def _reason(reason: str, allowed: tuple[str, ...]) -> str:
    if reason not in allowed:
        raise PollDeskError("bad_reason", "The reason \"{reason}\" is not one of: {allowed}.", reason=reason,
                            allowed=", ".join(allowed))
    return reason


def add_voter(conn: sqlite3.Connection, voter: NewVoter, reason: str, note: str = "",
              actor: HasActor = SYSTEM) -> int:
    """Add one voter (增) after the same checks as an import; returns the new voter id."""
    _reason(reason, ADD_REASONS)
    election_day = read_election(conn).election_day
    note = mask_id_numbers_in_text(note)
    with joined_transaction(conn):
        ensure_register_key(conn)
        context = load_context(conn, voter.community)
        cells = {"name": voter.name, "id_number": voter.id_number, "group": voter.group, "household": voter.household,
                 "sex": voter.sex, "ethnicity": voter.ethnicity, "category": voter.category, "address": voter.address}
        row = check_row(SourceRow(0, cells), election_day, context, {})
        if row.problems:
            first = row.problems[0]
            raise PollDeskError(first.code, "{message}", message="；".join(p.message for p in row.problems))
        VoterWriter(conn).write([row])
        voter_id = int(conn.execute("SELECT last_insert_rowid()").fetchone()[0])
        index_voters(conn, [voter_id])
        record_change(conn, "add", voter_id, reason, note, actor.user)
        append_event(conn, actor, "voter_added", {"voter_id": voter_id, "reason": reason, "note": note})
    return voter_id


def remove_voter(conn: sqlite3.Connection, voter_id: int, reason: str, note: str = "",
                 actor: HasActor = SYSTEM, *, action: str = "remove") -> None:
    """Remove one voter from the register (减): the record stays, marked removed with the reason."""
    _reason(reason, REMOVE_REASONS)
    note = mask_id_numbers_in_text(note)
    with joined_transaction(conn):
        row = conn.execute("SELECT status FROM voters WHERE id = ?", (voter_id,)).fetchone()
        if row is None:
            raise PollDeskError("voter_not_found", "There is no voter {voter} in the register.", voter=voter_id)
        if row["status"] != "active":
            raise PollDeskError("already_removed", "Voter {voter} was already removed from the register.",
                                voter=voter_id)
        conn.execute("UPDATE voters SET status = 'removed', status_reason = ? WHERE id = ?", (reason, voter_id))
        record_change(conn, action, voter_id, reason, note, actor.user)
        if action == "remove":
            append_event(conn, actor, "voter_removed", {"voter_id": voter_id, "reason": reason, "note": note})


@dataclass(frozen=True)
class DuplicateRegistration:
    """One person (one id_hash) registered as an active voter more than once."""

    id_hash: str
    id_masked: str
    registrations: list[dict[str, object]]   # voter id, community (code and name), name, group (number and name)

    def as_dict(self) -> dict[str, object]:
        return {"id_hash": self.id_hash, "id_masked": self.id_masked, "registrations": self.registrations}


def find_cross_community_duplicates(conn: sqlite3.Connection) -> list[DuplicateRegistration]:
    """Every person actively registered in two or more communities (一人多地登记)."""
    found: dict[str, DuplicateRegistration] = {}
    for r in conn.execute(
            "SELECT v.id, v.id_hash, v.id_masked, v.community_code, c.name AS community_name, v.name,"
            " g.number AS group_number, COALESCE(NULLIF(g.name, ''), g.number) AS group_name FROM voters v JOIN communities c ON c.code = v.community_code"
            " LEFT JOIN resident_groups g ON g.id = v.group_id WHERE v.status = 'active' AND v.id_hash IN ("
            "  SELECT id_hash FROM voters WHERE status = 'active' GROUP BY id_hash"
            "  HAVING COUNT(DISTINCT community_code) > 1) ORDER BY v.id_hash, v.id"):
        dup = found.setdefault(r["id_hash"], DuplicateRegistration(r["id_hash"], r["id_masked"], []))
        dup.registrations.append({"voter_id": r["id"], "community": r["community_code"],
                                  "community_name": r["community_name"], "name": r["name"],
                                  "group": r["group_number"], "group_name": r["group_name"]})
    return list(found.values())


def resolve_duplicate(conn: sqlite3.Connection, id_hash: str, keep_voter_id: int, reason: str = "duplicate",
                      note: str = "", actor: HasActor = SYSTEM) -> list[int]:
    """Keep one registration of a person and remove the others with `reason`; returns the removed ids."""
    _reason(reason, REMOVE_REASONS)
    with joined_transaction(conn):
        ids = [r[0] for r in conn.execute("SELECT id FROM voters WHERE id_hash = ? AND status = 'active' ORDER BY id",
                                          (id_hash,))]
        if keep_voter_id not in ids:
            raise PollDeskError("keep_not_registered", "Voter {voter} is not an active registration of this person.",
                                voter=keep_voter_id)
        removed = [i for i in ids if i != keep_voter_id]
        for voter_id in removed:
            remove_voter(conn, voter_id, reason, note, actor, action="resolve_duplicate")
        append_event(conn, actor, "duplicate_resolved", {"kept": keep_voter_id, "removed": removed,
                                                         "reason": reason, "note": mask_id_numbers_in_text(note)})
    return removed
