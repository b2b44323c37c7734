"""The register's 四增四减 in the window: add a voter, or take one off the register, each with its reason.

Both forms only collect what the district office types; app.register.maintenance checks it (the same checks
as an import), writes it in one transaction, records the change and audits it. A refused change leaves the
form open with everything typed, and says why in the user's language.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.audit.log import HasActor
from app.errors import PollDeskError
from app.i18n import tr
from app.register import view
from app.register.maintenance import NewVoter, add_voter, remove_voter
from app.register.view import RegisterRow
from ui.dialog_parts import fit_to_screen, heading, reveal, scroll_body
from ui.login.look import LARGE, message_label, plain_button, show_message
from ui.register.words import sex_word

# 四增 and 四减 as the district office says them (app.register.maintenance.ADD_REASONS / REMOVE_REASONS).
ADD_REASON_WORDS: dict[str, str] = {"newly_18": "turned 18", "moved_in": "moved in",
                                    "rights_restored": "political rights restored", "other": "other reason"}
REMOVE_REASON_WORDS: dict[str, str] = {"died": "died", "moved_out": "moved out",
                                       "rights_lost": "political rights lost", "other": "other reason"}
CATEGORY_WORDS: dict[str, str] = {"户籍": "registered residence (户籍)", "人户分离": "living here, registered "
                                  "elsewhere (人户分离)", "其他": "other"}


def _form(dialog: QDialog, rows: list[tuple[str, QWidget]]) -> QFormLayout:
    form = QFormLayout()
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    for text, field in rows:
        label = QLabel(text, dialog)
        label.setBuddy(field)
        form.addRow(label, field)
    return form


def _combo(parent: QWidget, choices: dict[str, str]) -> QComboBox:
    combo = QComboBox(parent)
    for value, words in choices.items():
        combo.addItem(tr(words), value)
    return combo


class _ChangeForm(QDialog):
    """A form with a heading, fields, a message box, and a confirm and a Cancel button; `change()` does it."""

    reason: QComboBox      # the reason's code as its data; "other" needs a note
    note: QLineEdit

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setStyleSheet(LARGE)
        self.message = message_label(self)
        self.done_text = ""

    def lay_out(self, title: str, hint: str, confirm: str, rows: list[tuple[str, QWidget]]) -> None:
        """The heading and hint, the fields with their labels, the message, the buttons."""
        self.title, self.hint = heading(self, title, hint)
        self.ok_button = plain_button(confirm, self)
        cancel = plain_button(tr("Cancel"), self)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.ok_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout()
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addLayout(_form(self, rows))
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.body = scroll_body(self, layout, buttons)
        self.ensurePolished()           # its fonts at the text size in use, before it is sized
        fit_to_screen(self, self.body)
        self.ok_button.clicked.connect(self.confirm)
        cancel.clicked.connect(self.reject)

    def change(self) -> str:
        """Make the change; what to tell the user. Raises PollDeskError when refused."""
        raise NotImplementedError

    def confirm(self) -> None:
        """Make the change and close, or say why it was refused and keep what was typed."""
        try:
            if self.reason.currentData() == "other" and not self.note.text().strip():
                self.note.setFocus()
                raise PollDeskError("note_needed", "With \"other reason\", say in the note what the reason is.")
            self.done_text = self.change()
        except PollDeskError as exc:
            show_message(self.message, exc.message)
            reveal(self, self.body, self.message)
            return
        self.accept()


class AddVoterForm(_ChangeForm):
    """增: one person added to the register, in a community and resident group, with the reason."""

    def __init__(self, parent: QWidget, conn: sqlite3.Connection, actor: HasActor,
                 community: str | None = None) -> None:
        super().__init__(parent)
        self.conn, self.actor = conn, actor
        self.community = QComboBox(self)
        for choice in view.communities(conn):
            self.community.addItem(choice.label, choice.value)
        self.group = QComboBox(self)
        self.name, self.id_number, self.household = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        self.sex = _combo(self, {"": "as the ID number says", "男": "male", "女": "female"})
        self.category = _combo(self, CATEGORY_WORDS)
        self.ethnicity, self.address, self.note = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        self.ethnicity.setPlaceholderText("汉族")
        self.reason = _combo(self, ADD_REASON_WORDS)
        self.voter_id = 0
        self.lay_out(tr("Add a voter"), tr("The same checks as an import: a valid ID number, 18 on election day, "
                                           "not registered anywhere in the district yet."),
                     tr("&Add to the register"), [
                         (tr("&Community"), self.community), (tr("Resident &group"), self.group),
                         (tr("&Name"), self.name), (tr("&ID number"), self.id_number), (tr("&Sex"), self.sex),
                         (tr("&Household number"), self.household), (tr("Registration ca&tegory"), self.category),
                         (tr("&Ethnicity"), self.ethnicity), (tr("Add&ress"), self.address),
                         (tr("&Why added"), self.reason), (tr("N&ote"), self.note)])
        self.community.currentIndexChanged.connect(self._fill_groups)
        if community is not None and (at := self.community.findData(community)) >= 0:
            self.community.setCurrentIndex(at)
        self._fill_groups()
        self.name.setFocus()

    def _fill_groups(self) -> None:
        self.group.clear()
        code = self.community.currentData()
        if code is None:
            return
        for number, label in self.conn.execute(
                "SELECT number, COALESCE(NULLIF(name, ''), number) FROM resident_groups WHERE community_code = ?"
                " ORDER BY number", (code,)):
            self.group.addItem(str(label), str(number))

    def change(self) -> str:
        if not self.name.text().strip() or not self.id_number.text().strip():
            raise PollDeskError("form_incomplete", "Type the name and the ID number.")
        voter = NewVoter(name=self.name.text(), id_number=self.id_number.text(), group=str(self.group.currentData()),
                         community=self.community.currentData(), household=self.household.text().strip(),
                         sex=self.sex.currentData(), ethnicity=self.ethnicity.text().strip(),
                         category=self.category.currentData(), address=self.address.text().strip())
        self.voter_id = add_voter(self.conn, voter, self.reason.currentData(), self.note.text().strip(), self.actor)
        return tr("{name} was added to the register ({reason}).", name=voter.name.strip(),
                  reason=self.reason.currentText())


class RemoveVoterForm(_ChangeForm):
    """减: one voter taken off the register with the reason; the record stays, marked removed."""

    def __init__(self, parent: QWidget, conn: sqlite3.Connection, actor: HasActor, voter: RegisterRow) -> None:
        super().__init__(parent)
        self.conn, self.actor, self.voter = conn, actor, voter
        self.reason = _combo(self, REMOVE_REASON_WORDS)
        self.note = QLineEdit(self)
        who = QLabel(f"{voter.name}　{sex_word(voter.sex)}　{voter.age}\n{voter.masked_id}\n{voter.group}", self)
        who.setWordWrap(True)
        self.lay_out(tr("Remove a voter from the register"),
                     tr("The voter stays in the file, marked removed with the reason, and can no longer be issued "
                        "a ballot."), tr("&Remove from the register"),
                     [(tr("Voter"), who), (tr("&Why removed"), self.reason), (tr("N&ote"), self.note)])
        self.reason.setFocus()

    def change(self) -> str:
        remove_voter(self.conn, self.voter.voter_id, self.reason.currentData(), self.note.text().strip(), self.actor)
        return tr("{name} was removed from the register ({reason}).", name=self.voter.name,
                  reason=self.reason.currentText())


def open_form(form: _ChangeForm, changed: Callable[[str], None]) -> _ChangeForm:
    """Show `form` without blocking the window; `changed(text)` after a change was made."""
    form.accepted.connect(lambda: changed(form.done_text))
    form.finished.connect(lambda _: form.deleteLater())
    form.open()
    return form
