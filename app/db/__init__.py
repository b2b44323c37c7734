"""Data files: one SQLite file per voting place and one for the district office."""

from app.db.datafile import DataFile, create_data_file, open_data_file, transaction

__all__ = ["DataFile", "create_data_file", "open_data_file", "transaction"]
