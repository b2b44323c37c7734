"""The district reports' words: place kinds, positions, age bands, community states, in the user's language."""

from __future__ import annotations

from app.i18n import tr

_PLACE_KINDS = {"central": "Central venue", "station": "Polling station", "mobile": "Mobile ballot box",
                "proxy": "Proxy votes"}
_POSITIONS = {"director": "Director", "deputy": "Deputy director", "member": "Member", "leader": "Group leader"}
_AGE_BANDS = {"35_and_under": "35 and under", "36_45": "36 to 45", "46_55": "46 to 55",
              "56_and_over": "56 and over", "unknown": "Not recorded"}
_STATES = {"one_round": "Done in one round", "after_further_round": "Done after a further round", "another_round": "Needs another round", "not_done": "Not done"}
_SEX = {"M": "Male", "F": "Female", "": "Not recorded"}
_CONTEST_STATES = {"not_counted": "Not counted", "incomplete": "Counts missing", "elected": "All seats filled",
                   "further_round": "Another round needed"}


def place_kind_word(kind: str) -> str:
    """中心会场 / 投票站 / 流动票箱 / 委托投票."""
    return tr(_PLACE_KINDS.get(kind, kind))


def position_word(position: str) -> str:
    """主任 / 副主任 / 委员."""
    return tr(_POSITIONS[position]) if position in _POSITIONS else position


def age_band_word(band: str) -> str:
    """An age band as printed."""
    return tr(_AGE_BANDS.get(band, band))


def community_state_word(state: str) -> str:
    """Done in one round / needs another round / not done."""
    return tr(_STATES.get(state, state))


def contest_state_word(state: str) -> str:
    """A merged contest's state in words."""
    return tr(_CONTEST_STATES.get(state, state))


def sex_word(sex: str) -> str:
    """男 / 女."""
    return tr(_SEX.get(sex, sex))


def incumbent_word(value: str) -> str:
    """Re-elected or first time ("True"/"False" as counted)."""
    return tr("Re-elected") if value == "True" else tr("First time")


def blank_word(value: str) -> str:
    """The value, or "not recorded" when empty."""
    return value or tr("Not recorded")
