"""Another connection to an open data file (另开连接): a worker thread or a page of its own, no password again.

The GUI unlocks an encrypted file once, at sign-in. A page or worker that needs its own connection
asks the open DataFile for one here instead of opening the path again (which would need the
password). The file was checked and upgraded when it was first opened; only its kind is checked.
"""

from __future__ import annotations

from app.db import DataFile, open_data_file
from app.db.datafile import connect
from app.errors import DataFileError


def reopen(data_file: DataFile, *, kind: str | None = None) -> DataFile:
    """A new connection to `data_file`'s file, keyed with its file key when encrypted; close it when done."""
    if data_file.file_key is None:
        return open_data_file(data_file.path, election_id=data_file.election_id, kind=kind)
    if kind is not None and data_file.kind != kind:
        raise DataFileError("wrong_kind", "{path} is a {found} file, not a {wanted} file.",
                            path=str(data_file.path), found=data_file.kind, wanted=kind)
    conn = connect(data_file.path, data_file.file_key)
    return DataFile(data_file.path, conn, data_file.kind, data_file.election_id, data_file.place_code,
                    data_file.file_key)
