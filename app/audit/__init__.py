"""The audit log: a hash-chained, append-only record of everything done in a data file."""

from app.audit.events import EVENTS, UndeclaredEventError, describe
from app.audit.log import (
    SYSTEM,
    Actor,
    AuditEntry,
    Clock,
    append_event,
    chain_head,
    joined_transaction,
    read_events,
    system_clock,
    verify_chain,
)
from app.audit.privacy import contains_id_number, scrub_id_numbers

__all__ = [
    "EVENTS", "SYSTEM", "Actor", "AuditEntry", "Clock", "UndeclaredEventError", "append_event", "chain_head",
    "contains_id_number", "describe", "joined_transaction", "read_events", "scrub_id_numbers", "system_clock",
    "verify_chain",
]
