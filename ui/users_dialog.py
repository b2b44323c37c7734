"""The users of the open file (用户管理): list, add, reset a password, unlock, remove — all through app.auth.

Who may do this is app.auth's matrix (Action.MANAGE_USERS); the window enables the menu entry with
`may_manage_users`. On an encrypted file each change goes to the key file too (the DataFile is passed):
an added user's password unlocks the file, a removed user's key is revoked and the file re-encrypted.
Changes run on the window's worker thread (argon2 and re-encryption take a moment).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.auth import (
    Action,
    Role,
    Session,
    add_user,
    list_users,
    may,
    remove_user,
    reset_password,
    role_label,
    unlock_user,
)
from app.auth.passwords import MIN_PASSWORD_LENGTH, MIN_PIN_LENGTH
from app.auth.users import User
from app.db import DataFile
from app.errors import PollDeskError
from app.i18n import tr
from ui.dialog_parts import fit_to_screen, guarded, reveal, scroll_body
from ui.login.dialog import password_field
from ui.login.look import LARGE, message_label, plain_button, show_message

RunJob = Callable[..., None]    # the window's Worker.run(fn, on_done, label)


def may_manage_users(session: Session | None) -> bool:
    """Whether the signed-in user may open the users dialog (app.auth decides)."""
    return session is not None and may(session.role, Action.MANAGE_USERS)


def run_here(fn: Callable[[], Any], on_done: Callable[[Any], None], label: str, **_: Any) -> None:
    """A RunJob that runs at once on this thread (a dialog used without a window)."""
    on_done(fn())


class UserForm(QDialog):
    """Add a user (name, full name, role, password twice) or set a new password (password twice only).

    `submit(form)` does the change; the form stays open with what was typed until `done_ok()` or shows
    `refused(message)`.
    """

    def __init__(self, parent: QWidget, submit: Callable[[UserForm], None], *, user: User | None = None) -> None:
        super().__init__(parent)
        self.submit, self.user = submit, user
        self.setStyleSheet(LARGE)
        adding = user is None
        self.setWindowTitle(tr("Add a user") if user is None else tr("New password for {name}", name=user.name))
        title = QLabel(self.windowTitle(), self)
        title.setObjectName("title")
        self.name = QLineEdit(self)
        self.display_name = QLineEdit(self)
        self.role = QComboBox(self)
        for role in Role:
            self.role.addItem(role_label(role), role.value)
        self.role.setCurrentIndex(self.role.findData(Role.CLERK.value))
        self.password = password_field(self)
        self.password_again = password_field(self)
        self.message = message_label(self)
        self.ok_button = plain_button(tr("&Add the user") if adding else tr("&Set the password"), self)
        cancel = plain_button(tr("Cancel"), self)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        rows: list[tuple[str, QWidget]] = [(tr("&User name"), self.name), (tr("&Full name"), self.display_name),
                                           (tr("&Role"), self.role)] if adding else []
        rows += [(tr("Pass&word"), self.password), (tr("Password a&gain"), self.password_again)]
        for text, field in rows:
            label = QLabel(text, self)
            label.setBuddy(field)
            form.addRow(label, field)
        for widget in (self.name, self.display_name, self.role):
            widget.setVisible(adding)
        hint = QLabel(tr("A password needs at least {n} characters, or a PIN at least {pin} digits. On an "
                         "encrypted file the same password also opens the file.", n=MIN_PASSWORD_LENGTH,
                         pin=MIN_PIN_LENGTH), self)
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.ok_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout()
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.body = scroll_body(self, layout, buttons)
        fit_to_screen(self, self.body)
        self.ok_button.clicked.connect(self.confirm)
        cancel.clicked.connect(self.reject)
        self.name.returnPressed.connect(self.display_name.setFocus)
        self.display_name.returnPressed.connect(self.role.setFocus)
        self.password.returnPressed.connect(self.password_again.setFocus)
        self.password_again.returnPressed.connect(self.confirm)
        (self.name if adding else self.password).setFocus()

    @property
    def role_value(self) -> str:
        """The chosen role's code ("clerk", "chief", ...)."""
        return str(self.role.currentData())

    def confirm(self) -> None:
        """Check that the two passwords agree, then hand the form to `submit`."""
        if self.user is None and not self.name.text().strip():
            show_message(self.message, tr("Type the user name first."))
            self.name.setFocus()
            return
        if self.password.text() != self.password_again.text():
            show_message(self.message, tr("The two passwords are not the same. Type them again."))
            self.password.clear()
            self.password_again.clear()
            self.password.setFocus()
            return
        self.ok_button.setEnabled(False)
        show_message(self.message, tr("Saving…"), "info")
        self.submit(self)

    def refused(self, text: str) -> None:
        """The change was refused: say why, keep what was typed."""
        self.ok_button.setEnabled(True)
        show_message(self.message, text)
        self.password.setFocus()
        reveal(self, self.body, self.message)


class UsersDialog(QDialog):
    """The file's users in a table, with the buttons to add, reset, unlock and remove."""

    def __init__(self, parent: QWidget, data_file: DataFile, session: Session, run_job: RunJob = run_here) -> None:
        super().__init__(parent)
        self.data_file, self.session, self.run_job = data_file, session, run_job
        self.form: UserForm | None = None
        self.question: QMessageBox | None = None
        self.users: list[User] = []
        self.setStyleSheet(LARGE)
        self.setWindowTitle(tr("Users of this file"))
        title = QLabel(tr("Users of this file"), self)
        title.setObjectName("title")
        hint = QLabel(tr("Each person signs in with their own name and password. A locked account (too many wrong "
                         "passwords) is unlocked here."), self)
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        headers = [tr("User name"), tr("Full name"), tr("Role"), tr("State")]
        self.table = QTableWidget(0, len(headers), self)
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName(tr("Users of this file"))
        self.add_button = plain_button(tr("&Add a user…"), self)
        self.reset_button = plain_button(tr("&New password…"), self)
        self.unlock_button = plain_button(tr("&Unlock"), self)
        self.remove_button = plain_button(tr("&Remove…"), self)
        self.close_button = plain_button(tr("Close"), self)
        self.message = message_label(self)
        self.action_grid = QGridLayout()     # two by two, or one above the other when the text is large (lay_out)
        self.action_grid.setColumnStretch(2, 1)
        self.lay_out_actions(2)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout()
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.action_grid)
        layout.addWidget(self.message)
        self.body = scroll_body(self, layout, buttons)
        self.add_button.clicked.connect(self.ask_new_user)
        self.reset_button.clicked.connect(self.ask_new_password)
        self.unlock_button.clicked.connect(self.unlock_selected)
        self.remove_button.clicked.connect(self.ask_remove)
        self.close_button.clicked.connect(self.accept)
        self.table.itemSelectionChanged.connect(self._enable)
        self.refresh()
        self.table.setFocus()

    def lay_out_actions(self, columns: int) -> None:
        """The four action buttons in `columns` columns (a row of four is wider than a laptop's screen at 200 %)."""
        for number, button in enumerate((self.add_button, self.reset_button, self.unlock_button, self.remove_button)):
            self.action_grid.addWidget(button, number // columns, number % columns)

    # ---- the list ----------------------------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        """Read the users again and keep `select` (or the current one) selected."""
        current = select or (self.selected.name if self.selected is not None else self.session.user)
        self.users = list_users(self.data_file.conn)
        self.table.setRowCount(len(self.users))
        for row, user in enumerate(self.users):
            state = tr("Locked") if user.locked else tr("Can sign in")
            for column, text in enumerate((user.name, user.display_name, role_label(user.role), state)):
                item = QTableWidgetItem(text)
                if column == 0:
                    item.setData(Qt.ItemDataRole.UserRole, user.name)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()     # the table scrolls sideways itself when the text is large
        names = [u.name for u in self.users]
        self.table.selectRow(names.index(current) if current in names else 0)
        self._enable()

    @property
    def selected(self) -> User | None:
        """The user on the selected row, if any."""
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or not 0 <= rows[0].row() < len(self.users):
            return None
        return self.users[rows[0].row()]

    def _enable(self) -> None:
        user = self.selected
        self.reset_button.setEnabled(user is not None)
        self.remove_button.setEnabled(user is not None and user.name != self.session.user)
        self.unlock_button.setEnabled(user is not None and user.locked)

    # ---- the changes -------------------------------------------------------------------------

    def _change(self, job: Callable[[], None], label: str, done: Callable[[PollDeskError | None], None]) -> None:
        self.run_job(guarded(job), done, label)

    def ask_new_user(self) -> None:
        """The form for a new user."""
        self.form = UserForm(self, self._add)
        self.form.open()

    def _add(self, form: UserForm) -> None:
        name, role, password = form.name.text().strip(), form.role_value, form.password.text()
        display = form.display_name.text().strip()
        self._change(lambda: self._quiet(add_user(self.data_file, self.session, name, role, password, display)),
                     tr("Adding {name}…", name=name),
                     lambda error: self._form_done(form, error, tr("{name} was added.", name=name), name))

    def ask_new_password(self) -> None:
        """The form for a new password of the selected user (who forgot theirs)."""
        user = self.selected
        if user is None:
            return
        self.form = UserForm(self, self._reset, user=user)
        self.form.open()

    def _reset(self, form: UserForm) -> None:
        assert form.user is not None
        name, password = form.user.name, form.password.text()
        self._change(lambda: reset_password(self.data_file, self.session, name, password),
                     tr("Setting a new password for {name}…", name=name),
                     lambda error: self._form_done(form, error, tr("{name} has a new password.", name=name), name))

    def _form_done(self, form: UserForm, error: PollDeskError | None, text: str, name: str) -> None:
        if error is not None:
            form.refused(error.message)
            return
        form.accept()
        self.form = None
        self.refresh(select=name)
        show_message(self.message, text, "good")
        self.table.setFocus()

    def unlock_selected(self) -> None:
        """Unlock the selected account and clear its wrong-password count."""
        user = self.selected
        if user is None:
            return
        name = user.name
        self._change(lambda: unlock_user(self.data_file.conn, self.session, name), tr("Unlocking {name}…", name=name),
                     lambda error: self._done(error, tr("{name} can sign in again.", name=name), name))

    def ask_remove(self) -> None:
        """Ask before removing the selected user; on an encrypted file say that the file is re-encrypted."""
        user = self.selected
        if user is None:
            return
        text = tr("Remove {name} ({role})? They can no longer sign in; the audit log keeps their name.",
                  name=user.name, role=role_label(user.role))
        if self.data_file.encrypted:
            text += "\n\n" + tr("This file is encrypted: {name}'s key is revoked and the whole file is re-encrypted "
                                "under a new key, so an old copy of the key file no longer opens it. This takes a "
                                "moment.", name=user.name)
        box = QMessageBox(QMessageBox.Icon.Question, tr("Remove a user"), text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.accepted.connect(lambda: self._remove(user.name))
        self.question = box
        box.open()

    def _remove(self, name: str) -> None:
        self.question = None
        self._change(lambda: remove_user(self.data_file, self.session, name), tr("Removing {name}…", name=name),
                     lambda error: self._done(error, tr("{name} was removed.", name=name), None))

    def _done(self, error: PollDeskError | None, text: str, name: str | None) -> None:
        if error is not None:
            show_message(self.message, error.message)
            return
        self.refresh(select=name)
        show_message(self.message, text, "good")
        self.table.setFocus()
        reveal(self, self.body, self.message)

    @staticmethod
    def _quiet(_: object) -> None:
        """Drop a result the dialog reads again from the file anyway."""


def show_users_dialog(window: QWidget, data_file: DataFile, session: Session, run_job: RunJob) -> UsersDialog:
    """Open the users dialog over `window` (not blocking; it deletes itself when closed)."""
    dialog = UsersDialog(window, data_file, session, run_job)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.ensurePolished()
    dialog.table.ensurePolished()        # its font at the text size in use: room for about four users
    dialog.table.setMinimumHeight(dialog.table.fontMetrics().height() * 9)
    dialog.table.resizeColumnsToContents()
    room = dialog.screen().availableGeometry().width() * 0.8
    if max(b.sizeHint().width() for b in (dialog.add_button, dialog.remove_button)) * 2 > room:
        dialog.lay_out_actions(1)
    fit_to_screen(dialog, dialog.body)
    dialog.open()
    dialog.table.setFocus()
    return dialog
