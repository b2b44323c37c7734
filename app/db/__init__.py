"""Data files: one SQLite file per voting place and one for the district office."""

from app.db.datafile import (
    SQL_DATABASE_ERROR,
    SQL_ERROR,
    SQL_INTEGRITY_ERROR,
    SQL_OPERATIONAL_ERROR,
    DataFile,
    analyze,
    create_data_file,
    open_data_file,
    transaction,
)
from app.vault.keyfile import Unlock

__all__ = ["SQL_DATABASE_ERROR", "SQL_ERROR", "SQL_INTEGRITY_ERROR", "SQL_OPERATIONAL_ERROR", "DataFile",
           "Unlock", "analyze", "create_data_file", "open_data_file", "transaction"]
