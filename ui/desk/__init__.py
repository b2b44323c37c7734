"""The clerk's issuing desk (发票台) of a polling station."""

from ui.desk.page import DeskPage

__all__ = ["DeskPage"]
