"""The candidates screens: contests, positions and candidates in ballot order, problems, the qualification review."""

from ui.candidates.page import CandidatesPage

__all__ = ["CandidatesPage"]
