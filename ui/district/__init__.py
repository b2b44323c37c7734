"""The district dashboard: progress through the five stages, packages, turnout, results, problems, the lock."""

from ui.district.page import DashboardPage

__all__ = ["DashboardPage"]
