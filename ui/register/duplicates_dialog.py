"""One person registered in two or more communities (一人多地登记): choose where the person stays.

The list comes from app.register.maintenance.find_cross_community_duplicates; keeping one registration
removes the person's others with the reason "registered twice" (resolve_duplicate), recorded and audited.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QHBoxLayout, QVBoxLayout, QWidget

from app.audit.log import HasActor
from app.errors import PollDeskError
from app.i18n import tr
from app.register.maintenance import DuplicateRegistration, find_cross_community_duplicates, resolve_duplicate
from ui.dialog_parts import FittedTable, fit_to_screen, heading, scroll_body
from ui.login.look import LARGE, message_label, plain_button, show_message

TABLE_LINES = 8        # the table's least height, in lines of its text: a heading and a few registrations


class DuplicatesDialog(QDialog):
    """Every person registered in more than one community, one row per registration; Keep the chosen one."""

    def __init__(self, parent: QWidget, conn: sqlite3.Connection, actor: HasActor,
                 changed: Callable[[str], None]) -> None:
        super().__init__(parent)
        self.conn, self.actor, self.changed = conn, actor, changed
        self.setStyleSheet(LARGE)
        self.title, self.hint = heading(self, tr("People registered in two communities"),
                                        tr("Choose the registration where the person stays: the others are removed "
                                           "from the register as registered twice."))
        self.table = FittedTable([tr("ID number"), tr("Name"), tr("Community"), tr("Resident group")], self,
                                 stretch=2)
        self.table.itemSelectionChanged.connect(self._enable)
        self.message = message_label(self)
        self.keep_button = plain_button(tr("&Keep this registration, remove the others"), self)
        self.keep_button.clicked.connect(self.keep_selected)
        close = plain_button(tr("Close"), self)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout()
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self.body = scroll_body(self, layout, buttons)
        self.rows: list[tuple[DuplicateRegistration, int]] = []    # each table row: the person, the voter id
        self.refresh()
        self.ensurePolished()           # its fonts at the text size in use, before it is sized
        self.table.setMinimumHeight(self.table.fontMetrics().height() * TABLE_LINES)
        fit_to_screen(self, self.body)

    def refresh(self) -> None:
        """Read the duplicates again and list them, the person's registrations one under the other."""
        people = find_cross_community_duplicates(self.conn)
        self.rows = [(dup, int(str(reg["voter_id"]))) for dup in people for reg in dup.registrations]
        self.table.set_rows([[dup.id_masked, str(reg["name"]), str(reg["community_name"]), str(reg["group_name"] or "")]
                             for dup in people for reg in dup.registrations])
        if not self.rows:
            show_message(self.message, tr("No one is registered in two communities."), "good")
        self._enable()

    def _enable(self) -> None:
        self.keep_button.setEnabled(self.table.currentRow() >= 0 and bool(self.table.selectedItems()))

    def keep_selected(self) -> None:
        """Keep the selected registration of its person and remove the others."""
        row = self.table.currentRow()
        if not 0 <= row < len(self.rows):
            return
        dup, keep = self.rows[row]
        try:
            removed = resolve_duplicate(self.conn, dup.id_hash, keep, actor=self.actor)
        except PollDeskError as exc:
            show_message(self.message, exc.message)
            return
        kept = next(reg for reg in dup.registrations if reg["voter_id"] == keep)
        text = tr("{name} stays in {community}; {count} other registrations removed.", name=str(kept["name"]),
                  community=str(kept["community_name"]), count=len(removed))
        self.refresh()
        show_message(self.message, text, "good")
        self.changed(text)
