"""Red team of issue 5: a scripted station day with the `polldesk` commands as documented, on the 4,000-voter demo.

Every refusal must say why in Chinese (and English with --lang en), exit as documented and change no
poll-book data; at the end the turnout counts exactly the ballots issued and the audit log verifies.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.audit import Actor
from app.auth import login
from app.db import open_data_file
from app.errors import PollDeskError
from app.pollbook import replay, spoil_exchange, undo_issuance
from app.pollbook.derive import events_in_order
from app.register.maintenance import remove_voter
from tests.datafiles import copy_data_file, polldesk_command

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "demo-pass"
PLACE = "C02-Z"                  # 太平社区中心会场: groups 1 and 2 vote here, group 3 at C02-S1
COMMITTEE = "C02-committee"
MOBILE_BOX = "C02-M1-1"
# Tables a successful sign-in may touch (its audit entry, the user's counters): never poll-book data.
SIGN_IN_TABLES = {"audit_log", "users"}
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Run:
    """One `polldesk` command: exit code, the JSON it printed (if any) and its standard error."""

    rc: int
    out: Any
    err: str


def build_demo(out: Path, stage: str) -> Path:
    """`polldesk demo --out OUT --voters 4000 --stop-at STAGE --unencrypted`: files these tests may read directly."""
    done = subprocess.run([sys.executable, "-m", "app.cli", "demo", "--out", str(out), "--voters", "4000",
                           "--stop-at", stage, "--unencrypted"], cwd=ROOT, capture_output=True, text=True, env=_env(None),
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return out


def _env(password: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("POLLDESK_PASSWORD", "POLLDESK_LANG")}
    if password is not None:
        env["POLLDESK_PASSWORD"] = password
    return env


def polldesk(*argv: str, password: str | None = PASSWORD, lang: str | None = None, stdin: str = "") -> Run:
    """Run `polldesk [--lang LANG] ARGV...` in a subprocess with the password in POLLDESK_PASSWORD."""
    args = [*polldesk_command(), *(["--lang", lang] if lang else []), *argv]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, input=stdin, env=_env(password),
                          timeout=120)
    out: Any = None
    if done.stdout.strip().startswith(("{", "[")):
        out = json.loads(done.stdout)
    return Run(done.returncode, out, done.stderr)


def table_hashes(db: Path) -> dict[str, str]:
    """A fingerprint of every table but those a sign-in touches: any change to the poll book shows here."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                             " AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        found = {}
        for table in tables:
            if table in SIGN_IN_TABLES:
                continue
            digest = hashlib.sha256()
            for row in conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2"):   # noqa: S608 - names from the file
                digest.update(repr(row).encode())
            found[table] = digest.hexdigest()
        return found
    finally:
        conn.close()


def audit_events(db: Path, after: int = 0) -> list[tuple[str, dict[str, Any]]]:
    """The audit entries after sequence number `after`: (event, details)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return [(r[0], json.loads(r[1])) for r in conn.execute(
            "SELECT event, details FROM audit_log WHERE seq > ? ORDER BY seq", (after,))]
    finally:
        conn.close()


def last_audit_seq(db: Path) -> int:
    """The audit log's last sequence number."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT COALESCE(MAX(seq), 0) FROM audit_log").fetchone()[0])
    finally:
        conn.close()


def query(db: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Rows of a read-only query on a data file (to pick the voters a scenario needs)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def is_chinese(text: str) -> bool:
    """A message a Chinese clerk can read: Chinese characters and no English sentence left in it."""
    return bool(_CJK.search(text)) and not re.search(r"\b(the|is|and|of|cannot|already)\b", text)


def assert_refused(db: Path, code: str, *argv: str, words: tuple[str, ...] = (),
                   english: tuple[str, ...] = (), user: str = "clerk1") -> str:
    """Run `polldesk issue DB ARGV --user USER` in Chinese and English: refused with `code`, nothing changed.

    Returns the Chinese reason. `words` must appear in the Chinese reason, `english` in the English one.
    """
    before, seq = table_hashes(db), last_audit_seq(db)
    zh = polldesk("issue", str(db), *argv, "--user", user)
    en = polldesk("issue", str(db), *argv, "--user", user, lang="en")
    for run in (zh, en):
        assert run.rc == 1, (run.rc, run.out, run.err)
        assert run.out["status"] == "refused" and run.out["code"] == code, run.out
    assert is_chinese(zh.out["reason"]), zh.out["reason"]
    assert re.search(r"[A-Za-z]{3,} [a-z]{2,}", en.out["reason"]) and en.out["reason"] != zh.out["reason"]
    for w in words:
        assert w in zh.out["reason"], (w, zh.out["reason"])
    for w in english:
        assert w in en.out["reason"], (w, en.out["reason"])
    assert table_hashes(db) == before, "a refusal changed the data"
    assert [e for e, _ in audit_events(db, seq)] == ["login_ok", "login_ok"], "a refusal left an audit entry"
    return str(zh.out["reason"])


def issued(db: Path, *argv: str, user: str = "clerk1") -> dict[str, Any]:
    """Run `polldesk issue DB ARGV --user USER` and expect the ballot issued (exit 0)."""
    run = polldesk("issue", str(db), *argv, "--user", user)
    assert run.rc == 0 and run.out["status"] == "issued", (run.rc, run.out, run.err)
    return dict(run.out)


# ---------------------------------------------------------------------------------------------------------
# The demo, built once per module with the documented command; every test works on its own copy.

@pytest.fixture(scope="module")
def open_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`polldesk demo --stop-at polls-open`: every poll open, users clerk1 and chief1 (password demo-pass)."""
    return build_demo(tmp_path_factory.mktemp("rt5") / "demo", "polls-open")


@pytest.fixture(scope="module")
def setup_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`polldesk demo --stop-at setup`: station files as the district hands them out."""
    return build_demo(tmp_path_factory.mktemp("rt5s") / "demo", "setup")


def _copy(demo: Path, place: str, folder: Path) -> Path:
    target = folder / f"{place}.polldesk"
    copy_data_file(demo / "stations" / f"{place}.polldesk", target)
    return target


@pytest.fixture
def station(open_demo: Path, tmp_path: Path) -> Path:
    """A fresh copy of 太平社区中心会场's file with its poll open."""
    return _copy(open_demo, PLACE, tmp_path)


class Voters:
    """Voters of the station picked by what a scenario needs, each handed out once."""

    def __init__(self, db: Path) -> None:
        candidates = {r[0] for r in query(db, "SELECT voter_id FROM candidates WHERE voter_id IS NOT NULL"
                                              " AND review_status != 'rejected'")}
        self.candidates = sorted(candidates)
        self.here = [r[0] for r in query(db, "SELECT id FROM voters WHERE place_code = ? AND status = 'active'"
                                             " ORDER BY id", PLACE) if r[0] not in candidates]
        self.elsewhere = [r[0] for r in query(db, "SELECT id FROM voters WHERE place_code = 'C02-S1'"
                                                  " ORDER BY id") if r[0] not in candidates]
        self.group_contest = {r[0]: r[1] for r in query(db, "SELECT group_id, id FROM contests"
                                                            " WHERE form = 'household'")}

    def take(self, n: int = 1) -> list[int]:
        """`n` voters of this place who stand for nothing and have not been used yet."""
        taken, self.here = self.here[:n], self.here[n:]
        return taken

    def household(self, db: Path) -> tuple[str, list[int]]:
        """A household of at least two unused voters here, and its group-leader contest."""
        for hh, group in query(db, "SELECT household_id, group_id FROM voters WHERE place_code = ?"
                                   " GROUP BY household_id HAVING COUNT(*) >= 2 ORDER BY household_id", PLACE):
            members = [r[0] for r in query(db, "SELECT id FROM voters WHERE household_id = ? ORDER BY id", hh)]
            if group in self.group_contest and all(m in self.here for m in members):
                self.here = [v for v in self.here if v not in members]
                return self.group_contest[group], members
        raise AssertionError("no household of two voters at this place")


def _turnout(db: Path) -> dict[str, Any]:
    run = polldesk("turnout", str(db), "--json", password=None)
    assert run.rc == 0, run.err
    return dict(run.out)


def _verified(db: Path) -> None:
    run = polldesk("audit", "verify", str(db), password=None)
    assert run.rc == 0 and run.out == {"ok": True, "first_broken": None}, (run.out, run.err)


def _replayed_matches_stored(db: Path) -> None:
    """The active ballots derived again from the append-only events are exactly the stored ones."""
    with open_data_file(db) as df:
        active, duplicates = replay(events_in_order(df.conn))
        stored = {(r["contest_id"], r["voter_id"]): (r["place_code"], r["seq"])
                  for r in df.conn.execute("SELECT * FROM issuances")}
    assert not duplicates
    assert {k: (e["place_code"], e["seq"]) for k, e in active.items()} == stored


# ---------------------------------------------------------------------------------------------------------
# Before the poll opens


def test_station_without_users_says_how_to_add_them_and_nothing_is_issued_before_opening(
        setup_demo: Path, tmp_path: Path) -> None:
    db = _copy(setup_demo, PLACE, tmp_path)
    users = polldesk("users", "list", str(db), "--json", password=None)
    assert (users.rc, users.out) == (0, [])          # the district hands out station files without accounts
    before = table_hashes(db)
    run = polldesk("poll", "open", str(db), "--user", "chief1")
    assert run.rc == 2 and "此文件还没有用户" in run.err and "polldesk users add" in run.err, run.err
    assert "users add" in polldesk("poll", "open", str(db), "--user", "chief1", lang="en").err
    assert table_hashes(db) == before

    assert polldesk("users", "add", str(db), "--name", "chief1", "--role", "chief").rc == 0
    assert polldesk("users", "add", str(db), "--name", "clerk1", "--role", "clerk", "--user", "chief1",
                    stdin="clerk-pass-1\n").rc == 0
    assert polldesk("poll", "receive", str(db), "--count", "100", "--user", "chief1").rc == 0
    voter = Voters(db).take()[0]
    reason = assert_refused(db, "poll_not_open", "--voter", str(voter), user="chief1",
                            words=("站长",), english=("open the poll",))
    assert "准备" in reason

    before = table_hashes(db)
    run = polldesk("poll", "open", str(db), "--user", "clerk1", password="clerk-pass-1")
    assert run.rc == 2 and "发票员" in run.err
    assert table_hashes(db) == before
    assert polldesk("poll", "open", str(db), "--user", "chief1").out["state"] == "open"
    before = table_hashes(db)
    again = polldesk("poll", "open", str(db), "--user", "chief1")
    assert again.rc == 2 and "已经" in again.err, again.err
    assert "already open" in polldesk("poll", "open", str(db), "--user", "chief1", lang="en").err
    assert table_hashes(db) == before

    assert issued(db, "--voter", str(voter), user="chief1")["kind"] == "in_person"
    figures = _turnout(db)["contests"][COMMITTEE]
    assert (figures["issued"], figures["received"], figures["unused"]) == (1, 100, 99)
    _verified(db)


# ---------------------------------------------------------------------------------------------------------
# A clerk's day with the poll open: every refusal clear in both languages, and nothing lost


def test_a_clerks_day_refuses_every_bad_request_and_loses_nothing(open_demo: Path, station: Path) -> None:
    db, voters = station, Voters(station)
    expected: Counter[str] = Counter()
    kinds: Counter[str] = Counter()

    first, second = voters.take(2)
    ballot = issued(db, "--voter", str(first))
    expected[COMMITTEE] += 1
    kinds["in_person"] += 1
    name = ballot["name"]
    when = ballot["time"][:16].replace("T", " ")
    assert_refused(db, "already_issued", "--voter", str(first),
                   words=(name, when, "太平社区中心会场", "clerk1"), english=("already has a ballot", when, "clerk1"))

    # proxies (委托投票): cap of 3, one authorisation number per principal, no candidate, not oneself
    proxy, *principals = voters.take(5)
    for n, principal in enumerate(principals[:3], start=1):
        got = issued(db, "--voter", str(proxy), "--proxy-for", str(principal), "--auth", f"W-{n}")
        assert (got["kind"], got["proxy"], got["voter"]) == ("proxy", proxy, principal)
        expected[COMMITTEE] += 1
        kinds["proxy"] += 1
    assert_refused(db, "proxy_cap", "--voter", str(proxy), "--proxy-for", str(principals[3]), "--auth", "W-4",
                   words=("3",), english=("at most 3",))
    other_proxy = voters.take()[0]
    assert_refused(db, "proxy_auth_reused", "--voter", str(other_proxy), "--proxy-for", str(principals[3]),
                   "--auth", "W-1", words=("W-1",), english=("W-1",))
    assert_refused(db, "already_issued", "--voter", str(principals[0]),
                   words=("受委托人",), english=("to the proxy",))
    assert_refused(db, "proxy_self", "--voter", str(second), "--proxy-for", str(second), "--auth", "W-9")
    assert_refused(db, "proxy_auth_missing", "--voter", str(other_proxy), "--proxy-for", str(principals[3]))
    candidate = voters.candidates[0]
    assert_refused(db, "candidate_proxy", "--voter", str(candidate), "--proxy-for", str(principals[3]),
                   "--auth", "W-5", words=("候选人",), english=("candidate",))
    outsider = query(open_demo / "district.polldesk", "SELECT id FROM voters WHERE community_code = 'C01'")[0][0]
    assert_refused(db, "proxy_not_voter", "--voter", str(outsider), "--proxy-for", str(principals[3]),
                   "--auth", "W-6", words=(str(outsider),), english=("same community",))
    # a candidate may act for a close relative: allowed, and the exception is in the audit log
    seq = last_audit_seq(db)
    issued(db, "--voter", str(candidate), "--proxy-for", str(principals[3]), "--auth", "W-7", "--relative")
    expected[COMMITTEE] += 1
    kinds["proxy"] += 1
    proxy_entry = [d for e, d in audit_events(db, seq) if e == "proxy_ballot_issued"]
    assert proxy_entry and proxy_entry[0]["relative"] is True
    # the proxy, holding three authorisations, still votes for themself
    issued(db, "--voter", str(proxy))
    expected[COMMITTEE] += 1
    kinds["in_person"] += 1

    # a voter of the other station: only the chief allows it
    away = voters.elsewhere[0]
    assert_refused(db, "other_place", "--voter", str(away), words=("第一投票站", "站长"), english=("chief",))
    assert_refused(db, "forbidden", "--voter", str(away), "--override")
    assert issued(db, "--voter", str(away), "--override", user="chief1")["kind"] == "in_person"
    expected[COMMITTEE] += 1
    kinds["in_person"] += 1

    # one household, one ballot in its group leader's election
    contest, members = voters.household(db)
    assert issued(db, "--voter", str(members[0]), "--contest", contest)["kind"] == "household"
    expected[contest] += 1
    assert_refused(db, "household_already_voted", "--voter", str(members[1]), "--contest", contest,
                   words=("一户", "clerk1"), english=("One household, one ballot",))
    other_contest = next(c for c in voters.group_contest.values() if c != contest)
    assert_refused(db, "not_in_contest", "--voter", str(members[1]), "--contest", other_contest)
    assert issued(db, "--voter", str(members[1]))["kind"] == "in_person"     # the committee is per person
    expected[COMMITTEE] += 1
    kinds["in_person"] += 1

    # the mobile box (流动票箱) from the central venue's desk
    bedridden = voters.take()[0]
    got = issued(db, "--voter", str(bedridden), "--box", MOBILE_BOX)
    assert (got["kind"], got["box"]) == ("mobile", MOBILE_BOX)
    expected[COMMITTEE] += 1
    kinds["mobile"] += 1
    assert_refused(db, "box_unknown", "--voter", str(voters.take()[0]), "--box", "C02-X9",
                   words=("C02-X9",), english=("C02-X9",))

    # numbers that are not there
    assert_refused(db, "voter_unknown", "--voter", "999999", words=("999999", "选民证"))
    assert_refused(db, "voter_unknown", "--voter", str(outsider), words=(str(outsider),))
    assert_refused(db, "contest_unknown", "--voter", str(second), "--contest", "C02-G999", words=("C02-G999",))
    removed = voters.take()[0]
    with open_data_file(db) as df:     # the register update of 四减 that reached this station
        remove_voter(df.conn, removed, "died", actor=Actor("district", "district_admin"))
    assert_refused(db, "voter_removed", "--voter", str(removed), words=("死亡",), english=("died",))

    # an unknown user issues nothing
    before = table_hashes(db)
    run = polldesk("issue", str(db), "--voter", str(second), "--user", "nobody")
    assert run.rc == 2 and run.out is None and "用户名或密码" in run.err
    assert table_hashes(db) == before

    # nothing lost: the turnout counts exactly the ballots issued, the log is whole, state = replayed events
    figures = _turnout(db)
    for contest_id, count in expected.items():
        assert figures["contests"][contest_id]["issued"] == count, contest_id
    committee = figures["contests"][COMMITTEE]
    assert committee["by_kind"] == dict(kinds)
    assert committee["unused"] == committee["received"] - committee["issued"]
    assert sum(f["issued"] for f in figures["contests"].values()) == sum(expected.values())
    _verified(db)
    _replayed_matches_stored(db)
    found = polldesk("lookup", str(db), name, "--json", password=None)
    assert any(r["voter_id"] == first and r["status"] == "issued" for r in found.out)


def test_mobile_box_file_needs_the_chief_for_voters_of_the_central_venue(open_demo: Path, tmp_path: Path) -> None:
    db = _copy(open_demo, "C02-M1", tmp_path)
    voter, neighbour = Voters(db).take(2)
    assert_refused(db, "other_place", "--voter", str(voter), "--box", MOBILE_BOX)
    got = issued(db, "--voter", str(voter), "--box", MOBILE_BOX, "--override", user="chief1")
    assert (got["kind"], got["box"]) == ("mobile", MOBILE_BOX)
    got = issued(db, "--voter", str(neighbour), "--override", user="chief1")    # the place's own box
    assert (got["kind"], got["box"]) == ("mobile", MOBILE_BOX)
    assert _turnout(db)["contests"][COMMITTEE]["by_kind"] == {"mobile": 2}


# ---------------------------------------------------------------------------------------------------------
# Undo and spoilt ballots (the GUI's desk; no command of their own yet) and the poll's close


def test_undo_needs_the_chief_and_a_reason_and_the_voter_can_then_vote(station: Path) -> None:
    voters = Voters(station)
    voter, spoiler = voters.take(2)
    issued(station, "--voter", str(voter))
    issued(station, "--voter", str(spoiler))
    with open_data_file(station) as df:
        clerk = login(df.conn, "clerk1", PASSWORD)
        chief = login(df.conn, "chief1", PASSWORD)
        before = table_hashes(station)
        with pytest.raises(PollDeskError) as refused:
            undo_issuance(df.conn, clerk, voter, reason="wrong person")
        assert refused.value.code == "forbidden"
        with pytest.raises(PollDeskError) as refused:
            undo_issuance(df.conn, chief, voter, reason="   ")
        assert refused.value.code == "reason_required" and is_chinese(refused.value.message)
        assert table_hashes(station) == before
        undo_issuance(df.conn, chief, voter, reason="发错了人")
        with pytest.raises(PollDeskError) as refused:
            undo_issuance(df.conn, chief, voter, reason="again")
        assert refused.value.code == "not_issued"
        spoil_exchange(df.conn, clerk, spoiler, reason="填错")
    again = issued(station, "--voter", str(voter))
    assert again["kind"] == "in_person"
    figures = _turnout(station)["contests"][COMMITTEE]
    assert (figures["issued"], figures["spoilt"], figures["withdrawn"], figures["issuing_events"]) == (2, 1, 1, 3)
    assert figures["unused"] == figures["received"] - 2 - 1
    _verified(station)
    _replayed_matches_stored(station)


def test_after_the_close_nothing_is_issued_and_the_poll_does_not_reopen(station: Path) -> None:
    voter, late = Voters(station).take(2)
    issued(station, "--voter", str(voter))
    assert polldesk("poll", "close", str(station), "--user", "clerk1").rc == 2
    assert polldesk("poll", "close", str(station), "--user", "chief1").out["state"] == "closed"
    reason = assert_refused(station, "poll_not_open", "--voter", str(late), words=("结束",),
                            english=("closed",))
    assert "开始投票" not in reason          # no use asking the chief to open a closed poll
    before = table_hashes(station)
    reopen = polldesk("poll", "open", str(station), "--user", "chief1")
    assert reopen.rc == 2 and "结束" in reopen.err
    assert polldesk("poll", "close", str(station), "--user", "chief1").rc == 2
    assert table_hashes(station) == before
    assert _turnout(station)["contests"][COMMITTEE]["issued"] == 1
    _verified(station)


# ---------------------------------------------------------------------------------------------------------
# Passwords


def test_wrong_passwords_say_when_to_retry_lock_the_clerk_and_only_a_chief_unlocks(station: Path) -> None:
    voter = Voters(station).take()[0]
    before = table_hashes(station)
    run = polldesk("issue", str(station), "--voter", str(voter), "--user", "clerk1", password="wrong-pass")
    assert run.rc == 2 and run.out is None and "1 秒" in run.err, run.err
    run = polldesk("issue", str(station), "--voter", str(voter), "--user", "clerk1")   # right, but too soon
    assert run.rc == 2 and "秒后再试" in run.err, run.err
    _let_time_pass(station, "clerk1")
    run = polldesk("issue", str(station), "--voter", str(voter), "--user", "clerk1", password="wrong-pass",
                   lang="en")
    assert run.rc == 2 and "wrong" in run.err and "Wait 2 seconds" in run.err, run.err
    for _ in range(3):                              # the clerk waits each time, and is wrong again
        _let_time_pass(station, "clerk1")
        assert polldesk("issue", str(station), "--voter", str(voter), "--user", "clerk1",
                        password="wrong-pass").rc == 2
    _let_time_pass(station, "clerk1")
    run = polldesk("issue", str(station), "--voter", str(voter), "--user", "clerk1")   # the right one, too late
    assert run.rc == 2 and "锁定" in run.err and "站长" in run.err, run.err
    assert table_hashes(station) == before

    assert polldesk("users", "unlock", str(station), "clerk1", "--user", "clerk1").rc == 2
    assert polldesk("users", "add", str(station), "--name", "clerk2", "--role", "clerk", "--user", "chief1",
                    stdin="clerk-pass-2\n").rc == 0
    denied = polldesk("users", "unlock", str(station), "clerk1", "--user", "clerk2", password="clerk-pass-2")
    assert denied.rc == 2
    assert polldesk("users", "unlock", str(station), "clerk1", "--user", "chief1").out["unlocked"] is True
    assert issued(station, "--voter", str(voter))["voter"] == voter
    events = [e for e, _ in audit_events(station)]
    assert events.count("user_locked") == 1 and "user_unlocked" in events
    _verified(station)


def _let_time_pass(db: Path, user: str) -> None:
    """The growing delay has passed (the last wrong password was long ago) without sleeping in a test."""
    conn = sqlite3.connect(db)
    try:
        with conn:
            conn.execute("UPDATE users SET last_failed_at = '2011-04-10T06:00:00+08:00' WHERE name = ?"
                         " AND last_failed_at IS NOT NULL", (user,))
    finally:
        conn.close()
