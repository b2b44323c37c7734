"""Synthetic adults for the demo: age and sex like a Chinese city in 2010, valid ID numbers.

Ages follow the 2010 census shape (5-year bands, adults only, measured on election day) and the
share of women rises among the old. ID numbers are made with `app.register.idnumber.make_id`:
local residents carry the district's region code, people registered where they live (人户分离)
that of their home town; the sequence is odd for men and even for women, and never repeats.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from app.register.idnumber import make_id

ELECTION_DAY = date(2011, 4, 10)
LOCAL_REGION = "442000"   # 中山市: the seed's district lies there
# Home towns of residents registered where they live (人户分离): Guangdong and the usual inland origins.
MIGRANT_REGIONS = (
    "440104", "440604", "441402", "445102", "441302", "440803", "430102", "430521", "450103",
    "452402", "360102", "362101", "510104", "511102", "420106", "411302", "522101", "350102",
)

# (lowest age, highest age, weight in per mille of the 2010 population, share of women)
AGE_BANDS: tuple[tuple[int, int, float, float], ...] = (
    (18, 19, 30, 0.48), (20, 24, 96, 0.49), (25, 29, 76, 0.49), (30, 34, 73, 0.49),
    (35, 39, 89, 0.49), (40, 44, 94, 0.49), (45, 49, 78, 0.49), (50, 54, 59, 0.49),
    (55, 59, 61, 0.50), (60, 64, 44, 0.50), (65, 69, 31, 0.51), (70, 74, 25, 0.52),
    (75, 79, 17, 0.55), (80, 84, 10, 0.58), (85, 89, 4, 0.63), (90, 99, 1.5, 0.70),
)
_BAND_CUM = list(accumulate(b[2] for b in AGE_BANDS))

ETHNICITIES = ("汉族", "壮族", "瑶族", "回族", "满族", "土家族", "苗族", "畲族")
_ETHNIC_CUM = list(accumulate((985, 5, 2, 2, 2, 2, 1, 1)))


@dataclass(frozen=True, slots=True)
class Person:
    """One synthetic adult: the clear ID number exists only in memory, never in a file."""

    name: str
    sex: str
    birth_date: date
    id_number: str
    ethnicity: str


def age_on(born: date, day: date = ELECTION_DAY) -> int:
    """Age in whole years on `day`."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def draw_birth(rng: random.Random) -> tuple[date, str]:
    """A birth date and sex drawn from the age pyramid; the person is at least 18 on election day."""
    low, high, _weight, women = AGE_BANDS[rng.choices(range(len(AGE_BANDS)), cum_weights=_BAND_CUM)[0]]
    # Age `a` on election day: born after (day - (a + 1) years) and on or before (day - a years).
    earliest = ELECTION_DAY.replace(year=ELECTION_DAY.year - high - 1) + timedelta(days=1)
    latest = ELECTION_DAY.replace(year=ELECTION_DAY.year - low)
    born = earliest + timedelta(days=rng.randrange((latest - earliest).days + 1))
    return born, "F" if rng.random() < women else "M"


def draw_ethnicity(rng: random.Random) -> str:
    """Mostly 汉族, a few of the minorities seen in Guangdong."""
    return rng.choices(ETHNICITIES, cum_weights=_ETHNIC_CUM)[0]


class IdMaker:
    """Makes unique valid ID numbers: same region and birth date never share a sequence."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()

    def make(self, region: str, born: date, sex: str) -> str:
        """A fresh ID number for a person of this region, birth date and sex."""
        while True:
            sequence = 2 * self._rng.randrange(500) + 1 if sex == "M" else 2 * self._rng.randrange(1, 500)
            number = make_id(region, born, sequence)
            if number not in self._used:
                self._used.add(number)
                return number
