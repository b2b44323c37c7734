"""One error family: errors a user can fix carry a code and a message in the user's language."""

from __future__ import annotations

from typing import Any

from app.i18n import tr


class PollDeskError(Exception):
    """An error the user can act on: a bad file, a wrong password, a refused action.

    `code` is stable (for scripts and tests); `text` is the English source message, translated
    when shown. Anything that is not a PollDeskError is a bug.
    """

    def __init__(self, code: str, text: str, /, **params: Any) -> None:
        self.code = code
        self.text = text
        self.params = params
        super().__init__(f"{code}: {self.message}")

    @property
    def message(self) -> str:
        """The message in the current language."""
        return tr(self.text, **self.params)


class DataFileError(PollDeskError):
    """A data file cannot be opened or does not belong to this election."""


class DefinitionError(PollDeskError):
    """An election definition file is invalid."""
