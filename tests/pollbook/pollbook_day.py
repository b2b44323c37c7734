"""The poll-book tests' shared facts: the station, its contests, two users, the voters and a hand clock."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from app.audit import Actor

BEIJING = timezone(timedelta(hours=8))
PLACE = "C01-Z"          # the central venue of 东湖社区: groups 1 and 2
COMMITTEE = "C01-committee"
HOUSEHOLD_CONTEST = "C01-G1"   # group 1's leader, one ballot per household
MOBILE_BOX = "C01-M1-1"

CLERK = Actor("clerk1", "clerk")
CHIEF = Actor("chief1", "chief")

# (name, sex, group number, household number or None, assigned place or None)
VOTERS = [
    ("张三", "M", 1, "101", None),       # 1
    ("李四", "F", 1, "101", None),       # 2  same household as 张三
    ("王五", "M", 1, "102", None),       # 3
    ("赵六", "F", 1, "103", None),       # 4
    ("钱七", "M", 2, "201", None),       # 5
    ("孙八", "F", 2, "202", None),       # 6
    ("周九", "M", 2, "203", None),       # 7
    ("吴十", "F", 2, "204", None),       # 8
    ("郑一", "M", 3, "301", None),       # 9  assigned to the first station (group 3)
    ("冯二", "F", 1, "104", "C01-M1"),   # 10 assigned to the mobile box
    ("陈三", "M", 2, "205", None),       # 11 a candidate (王建国 stands as this voter)
    ("褚四", "F", 2, "206", None),       # 12 removed from the register
]


class FixedClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2011, 4, 10, 8, 0, tzinfo=BEIJING)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, minutes: int = 1) -> None:
        self.now += timedelta(minutes=minutes)
