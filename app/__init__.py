"""PollDesk core (选务台): the election, its data files and every action, with no Qt."""

__version__ = "0.1.0"
