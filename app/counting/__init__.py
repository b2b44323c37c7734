"""The counting rules engine (计票): ballot validity, reconciliation, quorum, seats and further rounds.

Pure functions over plain dataclasses; the CLI (`polldesk tally`) and the counting screens use the
same engine. `tally()` is the entry point.
"""

from app.counting.ballots import BLANK, Ballot, PositionSpec, Section, SectionVerdict, judge_section
from app.counting.tally import BoxCount, PositionResult, TallyInput, TallyOutcome, tally

__all__ = [
    "BLANK", "Ballot", "BoxCount", "PositionResult", "PositionSpec", "Section", "SectionVerdict",
    "TallyInput", "TallyOutcome", "judge_section", "tally",
]
