"""The users of the open file (用户管理): list, add, reset a password, unlock, remove — all through app.auth.

Who may do this is app.auth's matrix (Action.MANAGE_USERS); the window enables the menu entry with
`may_manage_users`. On an encrypted file each change goes to the key file too (the DataFile is passed):
an added user's password unlocks the file, a removed user's key is revoked and the file re-encrypted.
Changes run on the window's worker thread (argon2 and re-encryption take a moment).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
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
from ui.dialog_parts import (
    SCREEN_SHARE,
    FittedTable,
    fit_to_screen,
    guarded,
    heading,
    passwords_differ,
    reveal,
    scroll_body,
)
from ui.login.dialog import password_field
from ui.login.look import LARGE, message_label, plain_button, show_message

RunJob = Callable[..., None]    # the window's Worker.run(fn, on_done, label)
BESIDE, BELOW, UNDER = "beside", "below", "under"   # where the action buttons go (UsersDialog.place_actions)
TABLE_LINES = 6                 # the table's least height, in lines of its text: a heading and four users


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
        if passwords_differ(self.message, self.password, self.password_again):
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
    """The file's users in a table, with the buttons to add, reset, unlock and remove beside it (below it when
    the screen is too narrow for both at the text size in use); Close at the foot."""

    def __init__(self, parent: QWidget, data_file: DataFile, session: Session, run_job: RunJob = run_here) -> None:
        super().__init__(parent)
        self.data_file, self.session, self.run_job = data_file, session, run_job
        self.form: UserForm | None = None
        self.question: QMessageBox | None = None
        self.users: list[User] = []
        self.setStyleSheet(LARGE)
        title, hint = heading(self, tr("Users of this file"), tr(
            "Each person signs in with their own name and password. A locked account (too many wrong passwords) is "
            "unlocked here."))
        headers = [tr("User"), tr("Name"), tr("Role"), tr("State")]
        self.table = FittedTable(headers, self, stretch=1, whole_first=0)   # user names whole; spare room to names
        self.table.setAccessibleName(tr("Users of this file"))
        self.add_button = plain_button(tr("&Add a user…"), self)
        self.reset_button = plain_button(tr("&New password…"), self)
        self.unlock_button = plain_button(tr("&Unlock"), self)
        self.remove_button = plain_button(tr("&Remove…"), self)
        self.close_button = plain_button(tr("Close"), self)
        self.message = message_label(self)
        self.action_box = QGridLayout()         # the four buttons: see place_actions
        self.list_grid = QGridLayout()       # the table, and the actions beside or below it
        self.list_grid.addWidget(self.table, 0, 0)
        self.list_grid.setColumnStretch(0, 1)
        self.list_grid.setRowStretch(0, 1)
        self.actions_at = ""
        self.place_actions(BESIDE)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout()
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addLayout(self.list_grid, 1)
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

    @property
    def action_buttons(self) -> tuple[QPushButton, ...]:
        """Add, new password, unlock, remove: in this order wherever they are placed."""
        return self.add_button, self.reset_button, self.unlock_button, self.remove_button

    def place_actions(self, where: str) -> None:
        """The action buttons BESIDE the table, one above the other and as wide as the widest (as a dialog's
        list has them), or BELOW it two by two, or UNDER it one above the other (a narrow screen at 200 %)."""
        self.actions_at = where
        self.list_grid.removeItem(self.action_box)
        for button in self.action_buttons:
            self.action_box.removeWidget(button)
        columns = 2 if where == BELOW else 1
        for number, button in enumerate(self.action_buttons):
            self.action_box.addWidget(button, number // columns, number % columns)
        self.action_box.setRowStretch(len(self.action_buttons), 1 if where == BESIDE else 0)
        self.action_box.setColumnStretch(columns, 0 if where == BESIDE else 1)
        if where == BESIDE:
            self.list_grid.addLayout(self.action_box, 0, 1)
        else:
            self.list_grid.addLayout(self.action_box, 1, 0)

    def actions_place_for(self, width: int) -> str:
        """Where the action buttons go in a dialog `width` pixels wide: beside the table while it keeps half
        the width and its headings, else below (two by two when two fit side by side)."""
        spacing = self.list_grid.horizontalSpacing()
        margins = self.body.verticalScrollBar().sizeHint().width() + 4 * spacing
        button = max(b.sizeHint().width() for b in self.action_buttons)
        header = self.table.horizontalHeader()
        headings = sum(header.sectionSizeHint(c) for c in range(self.table.columnCount()))
        table = width - margins - button - spacing
        if table >= max(width // 2, headings + 2 * self.table.frameWidth()):
            return BESIDE
        return BELOW if 2 * button + spacing <= width - margins else UNDER

    # ---- the list ----------------------------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        """Read the users again and keep `select` (or the current one) selected."""
        current = select or (self.selected.name if self.selected is not None else self.session.user)
        self.users = list_users(self.data_file.conn)
        self.table.set_rows([[user.name, user.display_name, role_label(user.role),
                              tr("Locked") if user.locked else tr("Can sign in")] for user in self.users])
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
    for widget in (dialog.table, *dialog.action_buttons):
        widget.ensurePolished()          # their fonts at the text size in use
    dialog.table.setMinimumHeight(dialog.table.fontMetrics().height() * TABLE_LINES)
    dialog.place_actions(dialog.actions_place_for(int(dialog.screen().availableGeometry().width() * SCREEN_SHARE)))
    fit_to_screen(dialog, dialog.body)
    dialog.open()
    dialog.table.setFocus()
    QTimer.singleShot(0, dialog, lambda: grow_for_rows(dialog))
    return dialog


def grow_for_rows(dialog: UsersDialog) -> None:
    """Once the table's columns fit its width: make the dialog taller, within the screen, by the height of the
    rows out of sight (large text wraps onto more lines)."""
    room = int(dialog.screen().availableGeometry().height() * SCREEN_SHARE)
    if dialog.table.hidden_height() and dialog.height() < room:
        dialog.resize(dialog.width(), min(room, dialog.height() + dialog.table.hidden_height()))
