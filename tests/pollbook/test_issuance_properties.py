"""Whatever clerks and the chief do in whatever order, the poll book stays consistent (stateful property test)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from pollbook_day import CHIEF, CLERK, COMMITTEE, HOUSEHOLD_CONTEST, MOBILE_BOX, FixedClock

from app.audit import verify_chain
from app.db import open_data_file
from app.errors import PollDeskError
from app.pollbook import (
    derive,
    issue_ballot,
    mobile_out,
    mobile_return,
    open_poll,
    receive_ballots,
    spoil_exchange,
    turnout,
    undo_issuance,
)
from tests.datafiles import copy_data_file

CONTESTS = (COMMITTEE, HOUSEHOLD_CONTEST)
PROXY_CAP = 3
OUTCOMES: Counter[str] = Counter()   # what the runs did, so a run that only met refusals fails


def _machine(template: Path, folder: Path, ids: dict[str, int]) -> type[RuleBasedStateMachine]:
    """A state machine over a fresh copy of the station file for each run."""
    voter = st.sampled_from([*sorted(ids.values()), 99999])
    # a few would-be proxies: ordinary voters, a candidate, a voter of the other community
    proxies = st.sampled_from([ids["钱七"], ids["张三"], ids["陈三"], ids["卫五"]])
    contest = st.sampled_from(CONTESTS)
    runs = iter(range(10**6))

    class PollBookDay(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            path = folder / f"run{next(runs)}.polldesk"
            copy_data_file(template, path)
            self.df = open_data_file(path, kind="station")
            self.conn = self.df.conn
            self.clock = FixedClock()
            for c in CONTESTS:
                receive_ballots(self.conn, CHIEF, c, 100, clock=self.clock)
            open_poll(self.conn, CHIEF, self.clock)
            self.active: set[tuple[str, int]] = set()    # the model: (contest, voter) holding a ballot
            self.mobile_trip: set[int] = set()

        def teardown(self) -> None:
            self.df.close()

        def _try(self, keys: list[tuple[str, int]], call, *args, **kwargs) -> bool:  # type: ignore[no-untyped-def]
            """Run one action; a refusal "already issued" must agree with the model."""
            self.clock.advance(1)
            try:
                call(self.conn, *args, clock=self.clock, **kwargs)
            except PollDeskError as err:
                event(f"{call.__name__}: {err.code}")
                OUTCOMES[f"{call.__name__}: {err.code}"] += 1
                if err.code == "already_issued":
                    assert any(k in self.active for k in keys)
                return False
            event(f"{call.__name__}: done")
            OUTCOMES[f"{call.__name__}: done"] += 1
            return True

        @rule(v=voter, c=contest, chief_allows=st.booleans())
        def issue(self, v: int, c: str, chief_allows: bool) -> None:
            if self._try([(c, v)], issue_ballot, CLERK, v, c, override_by=CHIEF if chief_allows else None):
                assert (c, v) not in self.active
                self.active.add((c, v))

        @rule(proxy=proxies, v=voter, c=contest, relative=st.booleans())
        def proxy(self, proxy: int, v: int, c: str, relative: bool) -> None:
            if self._try([(c, v)], issue_ballot, CLERK, proxy, c, proxy_for=v, auth_no=f"W-{v}", relative=relative,
                         override_by=CHIEF):
                assert (c, v) not in self.active
                self.active.add((c, v))

        @rule(v=voter, c=contest, by_chief=st.booleans())
        def undo(self, v: int, c: str, by_chief: bool) -> None:
            if self._try([], undo_issuance, CHIEF if by_chief else CLERK, v, c, reason="mistake"):
                assert by_chief and (c, v) in self.active
                self.active.discard((c, v))
                self.mobile_trip.discard(v)

        @rule(v=voter, c=contest)
        def spoil(self, v: int, c: str) -> None:
            if self._try([], spoil_exchange, CLERK, v, c):
                assert (c, v) in self.active

        @rule(named=st.lists(voter, min_size=1, max_size=3, unique=True))
        def box_goes_out(self, named: list[int]) -> None:
            if self._try([(COMMITTEE, v) for v in named], mobile_out, CLERK, MOBILE_BOX, named, override_by=CHIEF):
                for v in named:
                    assert (COMMITTEE, v) not in self.active
                    self.active.add((COMMITTEE, v))
                self.mobile_trip.update(named)

        @rule(data=st.data())
        def box_comes_back(self, data: st.DataObject) -> None:
            unused = data.draw(st.lists(st.sampled_from(sorted(self.mobile_trip)), unique=True)
                               if self.mobile_trip else st.just([]))
            expected = len(self.mobile_trip) - len(unused)
            self.clock.advance(1)
            result = mobile_return(self.conn, CLERK, MOBILE_BOX, expected, unused, clock=self.clock)
            assert result.balanced, result
            self.active -= {(COMMITTEE, v) for v in unused}
            self.mobile_trip = set()

        @invariant()
        def derived_state_is_the_replay_of_the_events(self) -> None:
            replay: set[tuple[str, int]] = set()
            for e in self.conn.execute("SELECT * FROM issuance_events ORDER BY seq"):
                if e["event"] in ("issue", "mobile_out"):
                    assert (e["contest_id"], e["voter_id"]) not in replay
                    replay.add((e["contest_id"], e["voter_id"]))
                elif e["event"] in ("undo", "mobile_unused"):
                    replay.remove((e["contest_id"], e["voter_id"]))
            table = {(r[0], r[1]) for r in self.conn.execute("SELECT contest_id, voter_id FROM issuances")}
            assert table == replay == self.active
            derived, second_ballots = derive.replay(derive.events_in_order(self.conn))
            assert set(derived) == table and not second_ballots

        @invariant()
        def one_ballot_per_household_and_no_proxy_over_the_cap(self) -> None:
            households = Counter(tuple(r) for r in self.conn.execute(
                "SELECT i.contest_id, v.household_id FROM issuances i JOIN voters v ON v.id = i.voter_id"
                " WHERE i.contest_id = ?", (HOUSEHOLD_CONTEST,)))
            assert all(n == 1 for n in households.values())
            held = Counter(r[0] for r in self.conn.execute(
                "SELECT DISTINCT proxy_voter_id, voter_id FROM issuances WHERE proxy_voter_id IS NOT NULL"))
            assert all(n <= PROXY_CAP for n in held.values())

        @invariant()
        def counts_reconcile(self) -> None:
            for c, f in turnout(self.conn)["contests"].items():
                assert f["issuing_events"] - f["withdrawn"] == f["issued"] == len(
                    [k for k in self.active if k[0] == c])
                assert f["received"] == f["issued"] + f["spoilt"] + f["unused"]
                assert sum(f["by_kind"].values()) == sum(f["by_place"].values()) == f["issued"]

        @invariant()
        def audit_chain_holds(self) -> None:
            assert verify_chain(self.conn) == (True, None)

    return PollBookDay


def test_poll_book_stays_consistent_whatever_the_order_of_the_day(
        _template: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    template, ids = _template
    OUTCOMES.clear()
    machine = _machine(template, tmp_path, ids)
    run_state_machine_as_test(machine, settings=settings(
        max_examples=50, stateful_step_count=25, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]))
    assert OUTCOMES["issue_ballot: done"] and OUTCOMES["issue_ballot: already_issued"], OUTCOMES
