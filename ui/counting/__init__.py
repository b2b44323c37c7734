"""The counting screens (计票): the counting board page others embed in the main window."""

from ui.counting.page import CountingPage

__all__ = ["CountingPage"]
