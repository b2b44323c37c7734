"""Who acts in the backup tests."""

from __future__ import annotations

from app.audit import Actor

CLERK = Actor("clerk1", "clerk")
CHIEF = Actor("chief1", "chief")
