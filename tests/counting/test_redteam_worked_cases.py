"""Worked cases computed by hand from the counting rules, each run through `polldesk tally` as a clerk would.

Every expected outcome below was worked out on paper from DOMAIN.md "Counting and validity" and the README's
"Counting a round" before the command was run; the comment above each case shows the arithmetic.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

POLLDESK = Path(sys.executable).parent / "polldesk"

# Director candidates, deputy candidates, a write-in, and seven member candidates (A-G in the comments).
W, L = "王建国", "李秀英"
Z, F, C, Y = "张伟", "刘芳", "陈静", "杨洋"
H = "何平"                                           # never nominated: a write-in (另选他人)
A, B, CC, D, E, FF, G = "孙丽", "马超", "周杰", "吴敏", "郑强", "冯雪", "蒋涛"

DIRECTOR = {"id": "director", "seats": 1, "candidates": [W, L]}
DEPUTY = {"id": "deputy", "seats": 2, "candidates": [Z, F, C]}
BLANK: dict[str, Any] = {}


def ballots(*groups: tuple[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """`(n, ballot)` pairs: n copies of each ballot."""
    return [ballot for n, ballot in groups for _ in range(n)]


def round_file(positions: list[dict[str, Any]], cast: list[dict[str, Any]], *, electorate: int,
               issued: int | None = None, **extra: Any) -> dict[str, Any]:
    """A tally file; `issued` defaults to the ballots collected."""
    return {"form": "direct", "electorate": electorate, "issued": len(cast) if issued is None else issued,
            "positions": positions, "ballots": cast, **extra}


def result(pid: str, seats: int, valid: int, votes: dict[str, int], elected: list[str], unfilled: int,
           runoff: list[str]) -> dict[str, Any]:
    """One position's expected result."""
    return {"id": pid, "seats": seats, "valid_sections": valid, "votes": votes, "elected": elected,
            "unfilled": unfilled, "runoff_candidates": runoff}


def outcome(collected: int, positions: list[dict[str, Any]], *, invalid: int = 0, quorum: bool = True,
            valid_round: bool = True) -> dict[str, Any]:
    """A whole expected outcome, the reason left out (checked on its own)."""
    return {"valid_round": valid_round, "quorum_met": quorum, "collected": collected,
            "invalid_ballots": invalid, "positions": positions}


def run_tally(tmp_path: Path, content: Any, *options: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "round.json"
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "POLLDESK_LANG"}
    return subprocess.run([str(POLLDESK), *options, "tally", str(path)], capture_output=True, text=True,
                          env=env, timeout=60)


def tally_json(tmp_path: Path, content: Any, *options: str) -> dict[str, Any]:
    done = run_tally(tmp_path, content, *options)
    assert done.returncode == 0, done.stderr
    printed: dict[str, Any] = json.loads(done.stdout)
    return printed


CASES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}

# --- Quorum (rule 3): collected > 1/2 of the electorate, strictly --------------------------------------

# Electorate 10 (even), 5 collected: 5 > 5 is false. Nobody elected, no further round (the whole round
# is repeated), but the votes are still shown.
CASES["even_electorate_exactly_half_fails"] = (
    round_file([DIRECTOR], ballots((5, {"director": [W]})), electorate=10),
    outcome(5, [result("director", 1, 5, {W: 5, L: 0}, [], 1, [])], quorum=False))
# Electorate 10, 6 collected: 6 > 5. 王建国 6 > 3 wins.
CASES["even_electorate_half_plus_one_meets"] = (
    round_file([DIRECTOR], ballots((6, {"director": [W]})), electorate=10),
    outcome(6, [result("director", 1, 6, {W: 6, L: 0}, [W], 0, [])]))
# Electorate 11 (odd), 5 collected: 5 > 5.5 is false.
CASES["odd_electorate_five_of_eleven_fails"] = (
    round_file([DIRECTOR], ballots((5, {"director": [W]})), electorate=11),
    outcome(5, [result("director", 1, 5, {W: 5, L: 0}, [], 1, [])], quorum=False))
# Electorate 11, 6 collected: 6 > 5.5. 王建国 4 > 3 wins, 李秀英 2.
CASES["odd_electorate_six_of_eleven_meets"] = (
    round_file([DIRECTOR], ballots((4, {"director": [W]}), (2, {"director": [L]})), electorate=11),
    outcome(6, [result("director", 1, 6, {W: 4, L: 2}, [W], 0, [])]))
# Electorate 7, 4 collected: 4 > 3.5 (the smallest odd quorum). 王建国 3 > 2 wins.
CASES["odd_electorate_four_of_seven_meets"] = (
    round_file([DIRECTOR], ballots((3, {"director": [W]}), (1, {"director": [L]})), electorate=7),
    outcome(4, [result("director", 1, 4, {W: 3, L: 1}, [W], 0, [])]))
# Electorate 18, 10 collected of which 4 blank: blanks took part, 10 > 9. 王建国 6 > 5 wins.
CASES["blank_ballots_make_the_quorum"] = (
    round_file([DIRECTOR], ballots((6, {"director": [W]}), (4, BLANK)), electorate=18),
    outcome(10, [result("director", 1, 10, {W: 6, L: 0}, [W], 0, [])]))
# No ballots at all: 0 > 5 is false; every candidate shows 0.
CASES["no_ballots_collected_fails_the_quorum"] = (
    round_file([DIRECTOR, DEPUTY], [], electorate=10, issued=0),
    outcome(0, [result("director", 1, 0, {W: 0, L: 0}, [], 1, []),
                result("deputy", 2, 0, {Z: 0, F: 0, C: 0}, [], 2, [])], quorum=False))
# Household form, electorate 9 households, 4 collected: 4 > 4.5 false.
CASES["household_four_of_nine_fails"] = (
    dict(round_file([DIRECTOR], ballots((4, {"director": [W]})), electorate=9), form="household"),
    outcome(4, [result("director", 1, 4, {W: 4, L: 0}, [], 1, [])], quorum=False))
# Quorum set to 2/3, electorate 10: 6 > 6.67 false; 7 > 6.67 true (7 votes > 3.5 wins).
CASES["two_thirds_quorum_six_of_ten_fails"] = (
    round_file([DIRECTOR], ballots((6, {"director": [W]})), electorate=10, rules={"quorum_fraction": "2/3"}),
    outcome(6, [result("director", 1, 6, {W: 6, L: 0}, [], 1, [])], quorum=False))
CASES["two_thirds_quorum_seven_of_ten_meets"] = (
    round_file([DIRECTOR], ballots((7, {"director": [W]})), electorate=10, rules={"quorum_fraction": "2/3"}),
    outcome(7, [result("director", 1, 7, {W: 7, L: 0}, [W], 0, [])]))

# --- Winning (rule 4): votes > 1/2 of the ballots collected, invalid ones included ------------------

# 10 collected, 王建国 5 > 5 is false. Further round: 1 seat + 1 = the best two, 王建国 and 李秀英.
CASES["exactly_half_of_the_ballots_does_not_win"] = (
    round_file([DIRECTOR], ballots((5, {"director": [W]}), (3, {"director": [L]}), (2, BLANK)), electorate=12),
    outcome(10, [result("director", 1, 10, {W: 5, L: 3}, [], 1, [W, L])]))
# 10 collected, 王建国 6 > 5 wins.
CASES["half_plus_one_vote_wins"] = (
    round_file([DIRECTOR], ballots((6, {"director": [W]}), (3, {"director": [L]}), (1, BLANK)), electorate=12),
    outcome(10, [result("director", 1, 10, {W: 6, L: 3}, [W], 0, [])]))
# 9 collected (odd), 王建国 5 > 4.5 wins.
CASES["five_of_nine_wins"] = (
    round_file([DIRECTOR], ballots((5, {"director": [W]}), (4, {"director": [L]})), electorate=12),
    outcome(9, [result("director", 1, 9, {W: 5, L: 4}, [W], 0, [])]))
# The same 9 plus 2 spoilt ballots (both names marked): 11 collected, 5 > 5.5 false. 2 invalid ballots.
CASES["invalid_ballots_raise_the_threshold"] = (
    round_file([DIRECTOR], ballots((5, {"director": [W]}), (4, {"director": [L]}), (2, {"director": [W, L]})),
               electorate=12),
    outcome(11, [result("director", 1, 9, {W: 5, L: 4}, [], 1, [W, L])], invalid=2))
# Members, 3 seats, 10 ballots: ABC x4, ABD x3, ACD x3 -> A 10, B 7, C 7, D 6, E 0; all of A-D > 5.
# A takes seat 1; B and C tie for seats 2-3 and both fit; D is above half but there is no seat left.
MEMBERS_3 = {"id": "member", "seats": 3, "candidates": [A, B, CC, D, E]}
CASES["above_half_but_beyond_the_seats_is_not_elected"] = (
    round_file([MEMBERS_3], ballots((4, {"member": [A, B, CC]}), (3, {"member": [A, B, D]}),
                                    (3, {"member": [A, CC, D]})), electorate=12),
    outcome(10, [result("member", 3, 10, {A: 10, B: 7, CC: 7, D: 6, E: 0}, [A, *sorted([B, CC])], 0, [])]))
# Members, 3 seats: ABC x4, ABD x4, ACD x2 -> A 10, B 8, C 6, D 6. C and D tie for the last seat, both
# above 5: nobody takes it. Further round: 1 + 1 = 2 wanted, C and D (E with 0 is below the cut).
CASES["two_tied_for_the_last_seat_elect_nobody"] = (
    round_file([MEMBERS_3], ballots((4, {"member": [A, B, CC]}), (4, {"member": [A, B, D]}),
                                    (2, {"member": [A, CC, D]})), electorate=12),
    outcome(10, [result("member", 3, 10, {A: 10, B: 8, CC: 6, D: 6, E: 0}, [A, B], 1, sorted([CC, D]))]))
# Deputies, 2 seats, 9 ballots: ZF x3, FC x3, ZC x3 -> 6 each > 4.5. Three tied for two seats: nobody
# can be chosen for either. Further round: 2 + 1 = 3 wanted, all three.
CASES["three_tied_for_two_seats_elect_nobody"] = (
    round_file([DEPUTY], ballots((3, {"deputy": [Z, F]}), (3, {"deputy": [F, C]}), (3, {"deputy": [Z, C]})),
               electorate=12),
    outcome(9, [result("deputy", 2, 9, {Z: 6, F: 6, C: 6}, [], 2, sorted([Z, F, C]))]))
# Members, 4 seats, 11 ballots (threshold > 5.5):
#   ABCD, ABCE, ABCF, ABCG, ABDE, ACEF, BCDF, DEF, DEF, ABC, DEFG
#   A 7, B 7, C 7, D 6, E 6, F 6, G 2. A, B, C fill three seats; D, E, F tie for the fourth: nobody.
#   Further round: 1 + 1 = 2 wanted; the cut (6) is shared by D, E and F, so all three.
MEMBERS_4 = {"id": "member", "seats": 4, "candidates": [A, B, CC, D, E, FF, G]}
CASES["three_tied_for_the_last_seat_elect_nobody"] = (
    round_file([MEMBERS_4], [{"member": m} for m in (
        [A, B, CC, D], [A, B, CC, E], [A, B, CC, FF], [A, B, CC, G], [A, B, D, E], [A, CC, E, FF],
        [B, CC, D, FF], [D, E, FF], [D, E, FF], [A, B, CC], [D, E, FF, G])], electorate=15),
    outcome(11, [result("member", 4, 11, {A: 7, B: 7, CC: 7, D: 6, E: 6, FF: 6, G: 2}, sorted([A, B, CC]), 1,
                        sorted([D, E, FF]))]))
# Deputies, 2 seats, 10 ballots: ZF x4, ZC x4, FC x2 -> Z 8, F 6, C 6. Z takes a seat, F and C tie
# for the last one above 5: nobody; further round F and C.
CASES["tie_at_the_last_seat_after_a_clear_winner"] = (
    round_file([DEPUTY], ballots((4, {"deputy": [Z, F]}), (4, {"deputy": [Z, C]}), (2, {"deputy": [F, C]})),
               electorate=12),
    outcome(10, [result("deputy", 2, 10, {Z: 8, F: 6, C: 6}, [Z], 1, sorted([F, C]))]))
# Tie below the threshold: deputies 2 seats, 10 ballots: Z x6 alone, F x2, C x2 -> Z 6 > 5, F 2, C 2.
# One seat unfilled; further round 1 + 1 = 2 wanted, F and C share the cut.
CASES["tie_below_the_threshold_goes_to_the_further_round"] = (
    round_file([DEPUTY], ballots((6, {"deputy": [Z]}), (2, {"deputy": [F]}), (2, {"deputy": [C]})),
               electorate=12),
    outcome(10, [result("deputy", 2, 10, {Z: 6, F: 2, C: 2}, [Z], 1, sorted([F, C]))]))
# Further-round list 1 + 1: director 王建国 4, 李秀英 3, write-in 何平 2, 1 blank, 10 collected. Nobody
# > 5; the best two are 王建国 and 李秀英 (the write-in is third).
CASES["further_round_takes_the_best_two_write_ins_included"] = (
    round_file([DIRECTOR], ballots((4, {"director": [W]}), (3, {"director": [L]}), (2, {"director": [H]}),
                                   (1, BLANK)), electorate=12),
    outcome(10, [result("director", 1, 10, {W: 4, L: 3, H: 2}, [], 1, [W, L])]))

# --- Write-ins (另选他人) ----------------------------------------------------------------------------

# 何平 written in on 6 of 10: 6 > 5 wins over the two nominees.
CASES["write_in_wins"] = (
    round_file([DIRECTOR], ballots((6, {"director": [H]}), (3, {"director": [W]}), (1, BLANK)), electorate=10),
    outcome(10, [result("director", 1, 10, {H: 6, W: 3, L: 0}, [H], 0, [])]))
# The same write-in typed with spaces around it (and a full-width space) is the same person: 6 votes.
# A Latin name keeps its inner space.
CASES["write_in_typed_with_spaces_is_one_person"] = (
    round_file([DIRECTOR], ballots((3, {"director": [H]}), (2, {"director": [f" {H} "]}),
                                   (1, {"director": [f"{H}\u3000"]}), (2, {"director": ["Li Ming"]}),
                                   (2, {"director": [W]})), electorate=10),
    outcome(10, [result("director", 1, 10, {H: 6, W: 2, "Li Ming": 2, L: 0}, [H], 0, [])]))
# A write-in counts against the seats: one director mark plus a write-in is two names for one seat.
CASES["write_in_plus_a_mark_overvotes_the_section"] = (
    round_file([DIRECTOR], ballots((6, {"director": [W]}), (4, {"director": [L, H]})), electorate=10),
    outcome(10, [result("director", 1, 6, {W: 6, L: 0}, [W], 0, [])], invalid=4))

# --- Validity per position (rule 2) ------------------------------------------------------------------

# 10 ballots for director + deputies:
#   6: W | Z F      3: L | Z C       1: W L | Z F C   (both sections over-voted: an invalid ballot)
# Director: W 6 > 5 wins. Deputies: Z 9, F 6 > 5 win, C 3.
CASES["all_sections_spoilt_is_one_invalid_ballot"] = (
    round_file([DIRECTOR, DEPUTY], ballots((6, {"director": [W], "deputy": [Z, F]}),
                                           (3, {"director": [L], "deputy": [Z, C]}),
                                           (1, {"director": [W, L], "deputy": [Z, F, C]})), electorate=12),
    outcome(10, [result("director", 1, 9, {W: 6, L: 3}, [W], 0, []),
                 result("deputy", 2, 9, {Z: 9, F: 6, C: 3}, [Z, F], 0, [])], invalid=1))
# Partly spoilt: 4 ballots mark both directors but choose deputies properly. Director W 4 of 10 is not
# > 5 (invalid sections still count in the half); deputies Z 10, F 8 win. No invalid ballot.
CASES["a_spoilt_director_section_leaves_the_deputies_counting"] = (
    round_file([DIRECTOR, DEPUTY], ballots((4, {"director": [W], "deputy": [Z, F]}),
                                           (4, {"director": [W, L], "deputy": [Z, F]}),
                                           (2, {"director": [L], "deputy": [Z, C]})), electorate=12),
    outcome(10, [result("director", 1, 6, {W: 4, L: 2}, [], 1, [W, L]),
                 result("deputy", 2, 10, {Z: 10, F: 8, C: 2}, [Z, F], 0, [])]))
# The same deputy twice (once typed with a trailing space) is one voter giving two votes: invalid.
# Deputies: Z 5 (the 5 good ballots), F 5; 10 collected, so neither > 5.
CASES["the_same_name_twice_spoils_the_section"] = (
    round_file([DEPUTY], ballots((5, {"deputy": [Z, F]}), (5, {"deputy": [Z, f"{Z} "]})), electorate=12),
    outcome(10, [result("deputy", 2, 5, {Z: 5, F: 5, C: 0}, [], 2, sorted([Z, F, C]))], invalid=5))
# A blank director section with a spoilt deputy section: the ballot is not invalid (blank is cast).
CASES["blank_section_with_a_spoilt_section_is_not_an_invalid_ballot"] = (
    round_file([DIRECTOR, DEPUTY], ballots((6, {"director": [W], "deputy": [Z, F]}),
                                           (4, {"deputy": [Z, F, C]})), electorate=12),
    outcome(10, [result("director", 1, 10, {W: 6, L: 0}, [W], 0, []),
                 result("deputy", 2, 6, {Z: 6, F: 6, C: 0}, sorted([Z, F]), 0, [])]))
# The scrutineers ruled 3 unclear sections invalid: 7 for 王建国 of 10 wins; 3 invalid ballots.
CASES["sections_ruled_invalid_by_the_scrutineers"] = (
    round_file([DIRECTOR], ballots((7, {"director": [W]}),
                                   (3, {"director": {"names": [L], "ruled_invalid": True}})), electorate=12),
    outcome(10, [result("director", 1, 7, {W: 7, L: 0}, [W], 0, [])], invalid=3))

# --- Reconciliation (rule 1) -------------------------------------------------------------------------

# Box 1 issued 5 but holds 6; box 2 issued 5, holds 3. Totals 10 issued, 9 collected reconcile, but
# one box does not: the round is void. The quorum (9 > 6) is still reported as met.
CASES["one_box_over_voids_the_round_though_the_totals_agree"] = (
    round_file([DIRECTOR], ballots((9, {"director": [W]})), electorate=12, issued=10,
               boxes=[{"id": "C01-Z-1", "issued": 5, "collected": 6}, {"id": "C01-M1-1", "issued": 5, "collected": 3}]),
    outcome(9, [result("director", 1, 9, {W: 9, L: 0}, [], 1, [])], valid_round=False))
# 9 collected, 8 issued: void.
CASES["more_collected_than_issued_voids_the_round"] = (
    round_file([DIRECTOR], ballots((9, {"director": [W]})), electorate=12, issued=8),
    outcome(9, [result("director", 1, 9, {W: 9, L: 0}, [], 1, [])], valid_round=False))

# --- One person, one seat ----------------------------------------------------------------------------

# 王建国 stands for director and deputy. 10 ballots:
#   6: W | W Z     3: L | Z F     1: L | F C
# Director: W 6 > 5 elected. Deputies: Z 9, W 6 (passed over: already director), F 4, C 1 -> only Z.
# Further round for the seat left: the best two not elected, F and C.
DEPUTY_WITH_W = {"id": "deputy", "seats": 2, "candidates": [W, Z, F, C]}
CASES["director_is_passed_over_for_deputy"] = (
    round_file([DIRECTOR, DEPUTY_WITH_W], ballots((6, {"director": [W], "deputy": [W, Z]}),
                                                  (3, {"director": [L], "deputy": [Z, F]}),
                                                  (1, {"director": [L], "deputy": [F, C]})), electorate=12),
    outcome(10, [result("director", 1, 10, {W: 6, L: 4}, [W], 0, []),
                 result("deputy", 2, 10, {Z: 9, W: 6, F: 4, C: 1}, [Z], 1, [F, C])]))
# 王建国 is above half for deputy too, and would take a deputy seat by votes. 10 ballots:
#   4: W | W Z     3: W | W F     1: W | Z F     2: L | Z F
# Director: W 8 > 5 elected. Deputies: W 7, Z 7, F 6, C 0, all but C above 5; W is passed over, so
# Z and F take the two seats.
CASES["director_passed_over_lets_the_next_deputy_in"] = (
    round_file([DIRECTOR, DEPUTY_WITH_W], ballots((4, {"director": [W], "deputy": [W, Z]}),
                                                  (3, {"director": [W], "deputy": [W, F]}),
                                                  (1, {"director": [W], "deputy": [Z, F]}),
                                                  (2, {"director": [L], "deputy": [Z, F]})), electorate=12),
    outcome(10, [result("director", 1, 10, {W: 8, L: 2}, [W], 0, []),
                 result("deputy", 2, 10, {W: 7, Z: 7, F: 6, C: 0}, [Z, F], 0, [])]))

# --- Further round (另行选举, round 2): most votes, at least 1/3 of that round's ballots -----------------

# 12 collected: 1/3 is 4. 王建国 4 >= 4 with the most votes: elected.
CASES["round_two_exactly_one_third_is_elected"] = (
    dict(round_file([DIRECTOR], ballots((4, {"director": [W]}), (3, {"director": [L]}), (5, BLANK)),
                    electorate=20), round=2),
    outcome(12, [result("director", 1, 12, {W: 4, L: 3}, [W], 0, [])]))
# 12 collected: 王建国 3 < 4: nobody; both stay for yet another round.
CASES["round_two_one_below_one_third_is_not_elected"] = (
    dict(round_file([DIRECTOR], ballots((3, {"director": [W]}), (2, {"director": [L]}), (7, BLANK)),
                    electorate=20), round=2),
    outcome(12, [result("director", 1, 12, {W: 3, L: 2}, [], 1, [W, L])]))
# 13 collected: 1/3 is 4.33; 4 votes is not enough.
CASES["round_two_four_of_thirteen_is_not_a_third"] = (
    dict(round_file([DIRECTOR], ballots((4, {"director": [W]}), (3, {"director": [L]}), (6, BLANK)),
                    electorate=20), round=2),
    outcome(13, [result("director", 1, 13, {W: 4, L: 3}, [], 1, [W, L])]))
# 10 collected, 王建国 5, 李秀英 5: the top two tie for the only seat: nobody.
CASES["round_two_tie_for_one_seat_elects_nobody"] = (
    dict(round_file([DIRECTOR], ballots((5, {"director": [W]}), (5, {"director": [L]})), electorate=12),
         round=2),
    outcome(10, [result("director", 1, 10, {W: 5, L: 5}, [], 1, sorted([W, L]))]))
# Two seats in round 2, 12 collected (1/3 = 4): ZF x5, C x2, 5 blank -> Z 5, F 5 tie but both fit.
CASES["round_two_top_two_tied_with_two_seats_both_elected"] = (
    dict(round_file([DEPUTY], ballots((5, {"deputy": [Z, F]}), (2, {"deputy": [C]}), (5, BLANK)),
                    electorate=20), round=2),
    outcome(12, [result("deputy", 2, 12, {Z: 5, F: 5, C: 2}, sorted([Z, F]), 0, [])]))
# Two seats, 12 collected: ZF x4, ZC x4, 4 blank -> Z 8, F 4, C 4 all >= 4; F and C tie for the last.
CASES["round_two_tie_at_the_last_seat_elects_nobody_for_it"] = (
    dict(round_file([DEPUTY], ballots((4, {"deputy": [Z, F]}), (4, {"deputy": [Z, C]}), (4, BLANK)),
                    electorate=20), round=2),
    outcome(12, [result("deputy", 2, 12, {Z: 8, F: 4, C: 4}, [Z], 1, sorted([F, C]))]))
# Round 2 still needs the quorum: electorate 20, 10 collected is not > 10.
CASES["round_two_needs_the_quorum"] = (
    dict(round_file([DIRECTOR], ballots((8, {"director": [W]}), (2, {"director": [L]})), electorate=20),
         round=2),
    outcome(10, [result("director", 1, 10, {W: 8, L: 2}, [], 1, [])], quorum=False))
# Round 2, 1 seat, 12 collected: W 5, L 4, both >= 4, but only the most votes win.
CASES["round_two_only_the_most_votes_win"] = (
    dict(round_file([DIRECTOR], ballots((5, {"director": [W]}), (4, {"director": [L]}), (3, BLANK)),
                    electorate=20), round=2),
    outcome(12, [result("director", 1, 12, {W: 5, L: 4}, [W], 0, [])]))

# --- Higher-position aggregation (rule 6) ------------------------------------------------------------

# 李秀英 stands for director and deputy. 10 ballots:
#   3: W | L Z      3: W | Z      2: L | Z      2: L | F
# Director: W 6 > 5 elected, L 4.
# Deputies without the rule: Z 8, L 3, F 2 -> Z only, one seat left (further round L, F).
# With the rule L is credited with every ballot naming her for director or deputy: 3 + 2 + 2 = 7 > 5,
# so Z 8 and L 7 both win.
DEPUTY_WITH_L = {"id": "deputy", "seats": 2, "candidates": [L, Z, F]}
AGGREGATION_BALLOTS = ballots((3, {"director": [W], "deputy": [L, Z]}), (3, {"director": [W], "deputy": [Z]}),
                              (2, {"director": [L], "deputy": [Z]}), (2, {"director": [L], "deputy": [F]}))
CASES["without_aggregation_director_votes_stay_up"] = (
    round_file([DIRECTOR, DEPUTY_WITH_L], AGGREGATION_BALLOTS, electorate=12),
    outcome(10, [result("director", 1, 10, {W: 6, L: 4}, [W], 0, []),
                 result("deputy", 2, 10, {Z: 8, L: 3, F: 2}, [Z], 1, [L, F])]))
CASES["with_aggregation_director_votes_carry_down"] = (
    round_file([DIRECTOR, DEPUTY_WITH_L], AGGREGATION_BALLOTS, electorate=12,
               rules={"higher_position_aggregation": True}),
    outcome(10, [result("director", 1, 10, {W: 6, L: 4}, [W], 0, []),
                 result("deputy", 2, 10, {Z: 8, L: 7, F: 2}, [Z, L], 0, [])]))
# With the rule, a ballot naming 李秀英 for both positions gives her one deputy vote, not two:
#   6: L | L Z      4: W | Z F   -> director L 6 elected (and so passed over for deputy);
#   deputies Z 10, L 6 (passed over), F 4 -> Z only; further round: F, the only one left.
CASES["aggregation_counts_a_ballot_once_and_the_director_is_still_passed_over"] = (
    round_file([DIRECTOR, DEPUTY_WITH_L], ballots((6, {"director": [L], "deputy": [L, Z]}),
                                                  (4, {"director": [W], "deputy": [Z, F]})),
               electorate=12, rules={"higher_position_aggregation": True}),
    outcome(10, [result("director", 1, 10, {L: 6, W: 4}, [L], 0, []),
                 result("deputy", 2, 10, {Z: 10, L: 6, F: 4}, [Z], 1, [F])]))


@pytest.mark.parametrize("case", sorted(CASES))
def test_worked_case_gives_the_hand_counted_outcome(tmp_path, case):
    # Equal votes are listed by name (code point order): hence sorted() for every tie below.
    content, expected = CASES[case]
    printed = tally_json(tmp_path, content)
    printed.pop("reason")
    assert printed == expected
    for position in printed["positions"]:
        votes = position["votes"]
        assert list(votes) == sorted(votes, key=lambda name: (-votes[name], name))


# --- Reasons, in Chinese by default and in English on request -----------------------------------------

def test_quorum_reason_names_the_counts_in_natural_chinese(tmp_path):
    printed = tally_json(tmp_path, CASES["even_electorate_exactly_half_fails"][0])
    assert printed["reason"] == "登记选民 10 人，只有 5 人参加投票，未超过半数：选举无效，无人当选。"


def test_household_quorum_reason_in_chinese_and_english(tmp_path):
    content = CASES["household_four_of_nine_fails"][0]
    assert tally_json(tmp_path, content)["reason"] == "共 9 户，只有 4 户参加投票，未超过半数：选举无效，无人当选。"
    assert tally_json(tmp_path, content, "--lang", "en")["reason"] == (
        "Only 4 of 9 households took part, not more than 1/2 of them: the quorum is not met and no one is elected.")


def test_two_thirds_quorum_reason_reads_as_a_chinese_fraction(tmp_path):
    printed = tally_json(tmp_path, CASES["two_thirds_quorum_six_of_ten_fails"][0])
    assert printed["reason"] == "登记选民 10 人，只有 6 人参加投票，未超过三分之二：选举无效，无人当选。"


def test_box_reason_names_the_box_in_both_languages(tmp_path):
    content = CASES["one_box_over_voids_the_round_though_the_totals_agree"][0]
    assert tally_json(tmp_path, content)["reason"] == "票箱 C01-Z-1：收回选票 6 张，但只发出 5 张：本轮选举无效，必须重新进行。"
    assert tally_json(tmp_path, content, "--lang", "en")["reason"] == (
        "Box C01-Z-1: 6 ballots were collected but only 5 were issued: the round is void and must be held again.")


def test_void_round_without_a_quorum_gives_both_reasons_as_chinese_sentences(tmp_path):
    content = round_file([DIRECTOR], ballots((5, {"director": [W]})), electorate=12, issued=4)
    printed = tally_json(tmp_path, content)
    assert printed["valid_round"] is False and printed["quorum_met"] is False
    assert printed["reason"] == ("收回选票 5 张，但只发出 4 张：本轮选举无效，必须重新进行。"
                                 "登记选民 12 人，只有 5 人参加投票，未超过半数：选举无效，无人当选。")


# --- Files the tally must refuse, with a message the clerk can act on ------------------------------------

GOOD = round_file([DIRECTOR, DEPUTY], ballots((6, {"director": [W], "deputy": [Z, F]})), electorate=10)
REFUSED = {
    "electorate_zero": (dict(GOOD, electorate=0), "electorate 必须是不小于 1 的整数"),
    "electorate_negative": (dict(GOOD, electorate=-5), "electorate 必须是不小于 1 的整数"),
    "issued_negative": (dict(GOOD, issued=-1), "issued 必须是不小于 0 的整数"),
    "missing_positions": ({k: v for k, v in GOOD.items() if k != "positions"}, "缺少 positions"),
    "missing_electorate": ({k: v for k, v in GOOD.items() if k != "electorate"}, "缺少 electorate"),
    "missing_seats": (dict(GOOD, positions=[{"id": "director", "candidates": [W]}]), "缺少 positions[0].seats"),
    "missing_box_count": (dict(GOOD, boxes=[{"id": "C01-Z-1", "issued": 6}]), "缺少 boxes[0].collected"),
    "unknown_position": (dict(GOOD, ballots=[{"treasurer": [Z]}]), "职位 treasurer，但选票上没有这个职位"),
    "candidate_twice": (dict(GOOD, positions=[{"id": "deputy", "seats": 2, "candidates": [Z, F, f" {Z}"]}],
                             ballots=[]), f"职位 deputy 中候选人 {Z} 出现了两次"),
    "position_twice": (dict(GOOD, positions=[DIRECTOR, DIRECTOR]), "职位 director 出现了两次"),
    "round_three": (dict(GOOD, round=3), "round 必须是以下之一：1, 2"),
    "quorum_of_one": (dict(GOOD, rules={"quorum_fraction": "1"}), "quorum_fraction"),
    "undecided_section": (dict(GOOD, ballots=[{"director": {"names": [W], "undecided": True}}]), "监票人"),
    "section_as_plain_text": (dict(GOOD, ballots=[{"director": W}]), "ballots[0].director 必须是姓名列表"),
    "empty_name_on_a_ballot": (dict(GOOD, ballots=[{"director": [" "]}]), "ballots[0].director[0] 必须是姓名"),
    "boxes_not_adding_up": (dict(GOOD, boxes=[{"id": "C01-Z-1", "issued": 3, "collected": 3}]), "请核对各票箱"),
    "box_twice": (dict(GOOD, boxes=[{"id": "C01-Z-1", "issued": 3, "collected": 3},
                                    {"id": "C01-Z-1", "issued": 3, "collected": 3}]), "票箱 C01-Z-1 出现了两次"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_bad_file_is_refused_plainly(tmp_path, case):
    content, words = REFUSED[case]
    done = run_tally(tmp_path, content)
    assert done.returncode == 2, done.stdout
    assert done.stdout == ""
    assert words in done.stderr
    assert "Traceback" not in done.stderr


def test_file_saved_with_a_byte_order_mark_is_read(tmp_path):
    # Windows Notepad saves "UTF-8" with a BOM; the clerk should not have to know.
    path = tmp_path / "round.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(GOOD, ensure_ascii=False).encode("utf-8"))
    env = {k: v for k, v in os.environ.items() if k != "POLLDESK_LANG"}
    done = subprocess.run([str(POLLDESK), "tally", str(path)], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["positions"][0]["elected"] == [W]


def test_file_saved_in_gbk_is_refused_as_not_utf8_rather_than_missing(tmp_path):
    path = tmp_path / "round.json"
    path.write_bytes(json.dumps(GOOD, ensure_ascii=False).encode("gbk"))
    env = {k: v for k, v in os.environ.items() if k != "POLLDESK_LANG"}
    done = subprocess.run([str(POLLDESK), "tally", str(path)], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 2
    assert "UTF-8" in done.stderr and "不存在" not in done.stderr
