"""The rule set (选举办法): every setting DOMAIN.md lists, with the common defaults."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from fractions import Fraction
from typing import Any

from app.errors import DefinitionError


@dataclass(frozen=True)
class RuleSet:
    """Settings of one election; each counting and registration rule reads them from here."""

    proxy_cap: int = 3                      # authorisations one proxy may hold (委托投票)
    proxy_requires_relative: bool = False   # some provinces allow only close relatives as proxies
    candidate_may_proxy_relatives: bool = True  # a candidate may be a proxy only for close relatives
    list_posting_days: int = 20             # voter list posted this many days before election day
    objection_days: int = 5                 # window for objections after posting
    objection_answer_days: int = 3          # deadline for answering an objection
    candidate_list_days: int = 5            # candidate list published this many days before
    margin_director: int = 1                # candidates beyond seats (差额), per position
    margin_deputy: int = 1
    margin_member_min: int = 1
    margin_member_max: int = 3
    committee_min: int = 5
    committee_max: int = 9
    require_woman: bool = True              # at least one woman on the committee
    quorum_fraction: str = "1/2"            # turnout must be strictly above this share of the electorate
    winning_fraction: str = "1/2"           # votes strictly above this share of ballots collected
    runoff_fraction: str = "1/3"            # further round: at least this share of that round's ballots
    higher_position_aggregation: bool = False  # votes for a higher position count for a lower one
    retention_years: int = 5                # keep ballots and records at least this long

    def fraction(self, name: str) -> Fraction:
        """One of the *_fraction settings as an exact fraction."""
        return Fraction(getattr(self, name))

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON or TOML."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> RuleSet:
        """Read a rule set, refusing unknown settings and values of the wrong type."""
        data = dict(data or {})
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise DefinitionError(
                "unknown_rule", "Unknown rule setting: {names}.", names=", ".join(unknown)
            )
        defaults = cls()
        for name, value in data.items():
            expected = type(getattr(defaults, name))
            if expected is int and (isinstance(value, bool) or not isinstance(value, int)):
                raise DefinitionError("bad_rule", "Rule {name} must be a whole number.", name=name)
            if expected is bool and not isinstance(value, bool):
                raise DefinitionError("bad_rule", "Rule {name} must be true or false.", name=name)
            if expected is str:
                try:
                    frac = Fraction(str(value))
                except (ValueError, ZeroDivisionError) as exc:
                    raise DefinitionError(
                        "bad_rule", "Rule {name} must be a fraction such as 1/2.", name=name
                    ) from exc
                if not 0 <= frac < 1:
                    raise DefinitionError(
                        "bad_rule", "Rule {name} must be a fraction such as 1/2.", name=name
                    )
                data[name] = str(frac)
        return cls(**data)
