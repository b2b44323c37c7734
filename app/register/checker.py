"""Checking a register file before import (不错、不重、不漏): every fault of every row, no false alarms.

Age is counted on election day: a voter whose 18th birthday is election day may vote. Someone born
on 29 February turns 18 on 1 March in a common year (the 18 years are complete only after 28
February), and on 29 February in a leap year.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from app.i18n import tr
from app.progress import Cancel, Progress, checkpoint
from app.register.context import RegisterContext
from app.register.idnumber import (
    CHECK_CHARS,
    IdNumber,
    IdNumberError,
    looks_like_excel_number,
    mask,
    normalise,
    parse_id,
)
from app.register.numerals import group_number
from app.register.reader import SourceRow

VOTING_AGE = 18
EXCEL_EPOCH = date(1899, 12, 30)
CHECKPOINT_EVERY = 2000

# 1 and 2: the national code of sex (GB/T 2261.1) that public-security exports use.
SEXES = {"男": "M", "女": "F", "m": "M", "f": "F", "male": "M", "female": "F", "男性": "M", "女性": "F",
         "1": "M", "2": "F"}
CATEGORIES = {"户籍": "hukou", "户籍居民": "hukou", "户籍人口": "hukou", "户籍人员": "hukou", "本地户籍": "hukou",
              "本社区户籍": "hukou", "人户分离": "resident", "人户分离人员": "resident", "非户籍": "resident",
              "居住": "resident", "其他": "other", "hukou": "hukou", "resident": "resident", "other": "other"}
SEX_WORDS = {"M": "男", "F": "女"}
_DATE = re.compile(r"^(\d{4})\D{0,2}?(\d{1,2})(?:\D{0,2}?(\d{1,2}))?\D{0,2}$")
_TIME_OF_DAY = re.compile(r"\s+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_HAN = "\u3400-\u9fff\uf900-\ufaff"
_SPACE_IN_HAN = re.compile(f"(?<=[{_HAN}]) (?=[{_HAN}])")
_DOT_IN_HAN = re.compile(f"(?<=[{_HAN}])[.•・‧∙⋅](?=[{_HAN}])")
_CLEAN_ID = re.compile("[0-9]{17}[0-9Xx]")
_ID_SEX = {d: "M" if int(d) % 2 else "F" for d in "0123456789"}
_PLAIN_HAN_NAME = re.compile("[\u4e00-\u9fff]+")   # CJK Unified Ideographs: no decomposition, category Lo


@dataclass(frozen=True)
class Problem:
    """One fault of one row, in the words shown to the people who fix the data."""

    row: int
    code: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "code": self.code, "message": self.message}


@dataclass(slots=True)
class CheckedRow:
    """A data row read and judged: its values in the register's terms and its problems."""

    number: int
    name: str
    id_number: IdNumber | None
    group: int | None
    household: str
    community: str | None          # the community code, when known
    category: str
    address: str
    ethnicity: str
    id_hash: str | None = None
    birth_date: date | None = None     # from the ID number
    problems: list[Problem] = field(default_factory=list)

    def fault(self, code: str, text: str, /, **params: object) -> None:
        self.problems.append(Problem(self.number, code, tr(text, **params)))


@dataclass
class CheckReport:
    """The outcome of a check: every row, and the problems in row order."""

    rows: list[CheckedRow]

    @property
    def problems(self) -> list[Problem]:
        return [p for r in self.rows for p in r.problems]

    @property
    def valid(self) -> int:
        return sum(1 for r in self.rows if not r.problems)

    def as_dict(self) -> dict[str, object]:
        return {"rows": len(self.rows), "valid": self.valid, "problems": [p.as_dict() for p in self.problems]}


def eighteenth_birthday(born: date, age: int = VOTING_AGE) -> date:
    """The day someone born on `born` reaches `age` (29 February -> 1 March in a common year)."""
    try:
        return born.replace(year=born.year + age)
    except ValueError:
        return date(born.year + age, 3, 1)


def is_of_age(born: date, election_day: date) -> bool:
    """True when the person is 18 or older on election day."""
    return eighteenth_birthday(born) <= election_day


def parse_birth_date(text: str) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) from "1949-12-31", "1949/12/31", "19491231", "1949年12月" (day None), "1949" (month and
    day None), an Excel date serial "18263", or None."""
    if len(text) == 10 and text[4] == "-":
        try:
            d = date.fromisoformat(text)
            return d.year, d.month, d.day
        except ValueError:
            pass
    t = unicodedata.normalize("NFKC", text).strip()
    if re.fullmatch(r"(?:18|19|20)\d\d年?", t):    # a birth year alone (出生年份)
        return int(t[:4]), None, None
    if re.fullmatch(r"[1-5]\d{4}", t):    # an Excel date serial (days after 1899-12-30): a date cell set to General
        d = EXCEL_EPOCH + timedelta(days=int(t))
        return d.year, d.month, d.day
    if re.fullmatch(r"\d{8}", t):
        t = f"{t[:4]}-{t[4:6]}-{t[6:]}"
    elif re.fullmatch(r"\d{6}", t):
        t = f"{t[:4]}-{t[4:]}"
    m = _DATE.match(_TIME_OF_DAY.sub("", t))
    if m is None:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    day = int(m.group(3)) if m.group(3) else None
    try:
        date(year, month, day or 1)
    except ValueError:
        return None
    return year, month, day


def person_name(raw: str) -> str:
    """A name as registered: no invisible characters, no spaces typed to align a two-character name (王　伟),
    one kind of middle dot in a minority name (阿卜杜·热合曼)."""
    if _PLAIN_HAN_NAME.fullmatch(raw):     # the usual name (张晓明): its own NFKC, no space, dot or invisible mark
        return raw
    text = "".join(ch for ch in unicodedata.normalize("NFKC", raw) if unicodedata.category(ch) != "Cf")
    return _DOT_IN_HAN.sub("·", _SPACE_IN_HAN.sub("", " ".join(text.split())))


def check_rows(rows: Iterable[SourceRow], election_day: date, context: RegisterContext | None = None, *,
               progress: Progress | None = None, cancel: Cancel | None = None) -> CheckReport:
    """Judge every row; with a context (a district file), also against the register and its communities."""
    rows = list(rows)
    first_seen: dict[str, int] = {}
    checked: list[CheckedRow] = []
    append = checked.append
    for start in range(0, len(rows), CHECKPOINT_EVERY):
        checkpoint(start, len(rows), progress, cancel)
        for source in rows[start:start + CHECKPOINT_EVERY]:     # check_row, without a call per row
            append(_clean_row(source, election_day, context, first_seen)
                   or _judge_row(source, election_day, context, first_seen))
    checkpoint(len(rows), len(rows), progress, cancel)
    return CheckReport(checked)


def check_row(source: SourceRow, election_day: date, context: RegisterContext | None,
              first_seen: dict[str, int] | None = None) -> CheckedRow:
    """One row judged on its own, against the rows before it (`first_seen`) and the register."""
    return (_clean_row(source, election_day, context, first_seen)
            or _judge_row(source, election_day, context, first_seen))


def _clean_row(source: SourceRow, election_day: date, context: RegisterContext | None,
               first_seen: dict[str, int] | None) -> CheckedRow | None:
    """The row as `_judge_row` gives it when it is written the usual way and has no fault; else None.

    Most rows of a large file: a plain Han name, an 18-character ASCII number, 男/女, an ISO birth date.
    Anything unusual, and every fault, is left to `_judge_row`, which words the problems.
    """
    c = source.cells
    get = c.get
    name, raw_id = get("name", ""), get("id_number", "")
    if not _PLAIN_HAN_NAME.fullmatch(name) or not _CLEAN_ID.fullmatch(raw_id):
        return None
    n = raw_id.upper()      # = normalise(raw_id): ASCII letters and digits only
    # each weight is 2**(17 - i) mod 11 and 13 = 2 (mod 11): `check_char` in one step
    if CHECK_CHARS[2 * int(n[:17], 13) % 11] != n[17] or (first_seen is not None and n in first_seen):
        return None
    adult = _adult_born(n[6:14], election_day)
    if adult is None:
        return None
    born, iso = adult
    sex, birth, category = get("sex", ""), get("birth_date", ""), get("category", "")
    if (sex and SEXES.get(sex, "") != _ID_SEX[n[16]]) or (birth and birth != iso):
        return None     # the SEXES and CATEGORIES words are their own `_plain` form
    if category and category not in CATEGORIES:
        return None
    raw_group = get("group", "")
    group = group_number(raw_group) if raw_group and not raw_group.isspace() else None
    if group is None:
        return None
    code, id_hash = None, None
    if context is not None:
        named = get("community", "").strip()
        code = context.community_code(named) if named else context.default_community
        if code is None or (named and context.chosen_community not in (None, code)):
            return None
        if (code, group) not in context.group_ids:
            return None
        if context.key is not None:
            id_hash = context.id_hash(n)
            if context.registered and id_hash in context.registered:
                return None
    if first_seen is not None:
        first_seen[n] = source.number
    return CheckedRow(source.number, name, IdNumber(n), group, get("household", "").strip(), code,
                      CATEGORIES[category] if category else "hukou", get("address", "").strip(),
                      get("ethnicity", "").strip() or "汉族", id_hash, born)


@lru_cache(maxsize=65536)   # a million voters have some 30,000 birth dates
def _adult_born(digits: str, election_day: date) -> tuple[date, str] | None:
    """(birth date, its ISO text) from an ID number's YYYYMMDD when it is a real date from 1880 to today and
    the person is 18 on election day; else None (the row goes to the full checks, which word the fault).
    A day cached as refused just before midnight is only sent to the full checks, and one cached as taken
    stays in the past."""
    try:
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None
    if born.year < 1880 or born > date.today() or eighteenth_birthday(born) > election_day:
        return None
    return born, born.isoformat()


def _judge_row(source: SourceRow, election_day: date, context: RegisterContext | None,
               first_seen: dict[str, int] | None) -> CheckedRow:
    """Every check of a row, each fault worded."""
    c = source.cells
    row = CheckedRow(source.number, person_name(c.get("name", "")), None, None, c.get("household", "").strip(),
                     None, "hukou", c.get("address", "").strip(), c.get("ethnicity", "").strip() or "汉族")
    if not row.name:
        row.fault("missing_name", "The name is empty.")
    _check_id(row, c.get("id_number", ""), election_day, context, first_seen)
    _check_sex(row, c.get("sex", ""))
    _check_birth_date(row, c.get("birth_date", ""))
    _check_group(row, c.get("group", ""))
    _check_category(row, c.get("category", ""))
    if context is not None:
        _check_place(row, c.get("community", ""), context)
    return row


def _check_id(row: CheckedRow, raw: str, election_day: date, context: RegisterContext | None,
              first_seen: dict[str, int] | None) -> None:
    if not raw.strip() and not normalise(raw):
        row.fault("missing_id", "The ID number is empty.")
        return
    try:
        number = parse_id(raw)
    except IdNumberError as err:
        if err.code == "id_format" and looks_like_excel_number(raw):
            row.fault(err.code, "Excel stored the ID number as a number ({value}) and lost its last digits. "
                      "Set the column's format to text and type the number again.", value=normalise(raw))
        elif err.code == "id_format":
            row.fault(err.code, "{problem} ({count} characters given)", problem=err.message,
                      count=len(normalise(raw)))
        else:
            row.fault(err.code, "{problem} ({masked})", problem=err.message, masked=mask(normalise(raw)))
        return
    row.id_number = number
    row.birth_date = born = number.birth_date
    if not is_of_age(born, election_day):
        row.fault("underage", "Under 18 on election day {day} (18 on {birthday}).", day=election_day.isoformat(),
                  birthday=eighteenth_birthday(born).isoformat())
    if first_seen is not None:
        first = first_seen.setdefault(number.number, row.number)
        if first != row.number:
            row.fault("duplicate_in_file", "Same ID number ({masked}) as row {first}.", masked=number.masked,
                      first=first)
    if context is not None and context.key is not None:
        # the number is already normalised: the same digest as privacy.id_hash, without normalising again
        row.id_hash = context.id_hash(number.number)
        known = context.registered.get(row.id_hash) if context.registered else None
        if known is not None:
            row.fault("duplicate_in_register", "{masked} is already registered in {community} (voter {voter}).",
                      masked=number.masked, community=context.community_label(known[0]), voter=known[1])


@lru_cache(maxsize=1024)   # sex and category cells: a few spellings repeated on every row
def _plain(raw: str) -> str:
    """A cell compared loosely: NFKC, lower case, no spaces or invisible characters."""
    text = "".join(unicodedata.normalize("NFKC", raw).lower().split())
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def _check_sex(row: CheckedRow, raw: str) -> None:
    text = _plain(raw)
    if not text:
        return
    sex = SEXES.get(text)
    if sex is None:
        row.fault("sex_unreadable", "The sex \"{value}\" is not one of 男, 女, M, F.", value=raw.strip())
    elif row.id_number is not None and sex != row.id_number.sex:
        row.fault("sex_mismatch", "The sex column says {column}, the ID number ({masked}) says {id_sex}.",
                  column=SEX_WORDS[sex], masked=row.id_number.masked, id_sex=SEX_WORDS[row.id_number.sex])


def _check_birth_date(row: CheckedRow, raw: str) -> None:
    if raw.isascii():     # no invisible (Cf) character in ASCII, and no other blank than str.strip's
        if not raw.strip():
            return
        text = raw
    else:
        if not _plain(raw):
            return
        text = "".join(ch for ch in raw if unicodedata.category(ch) != "Cf")
    parsed = parse_birth_date(text)
    if parsed is None:
        row.fault("birthdate_unreadable", "The birth date \"{value}\" is not a date.", value=raw.strip())
        return
    if row.id_number is None or row.birth_date is None:
        return
    born = row.birth_date
    year, month, day = parsed
    if year != born.year or (month is not None and month != born.month) or (day is not None and day != born.day):
        row.fault("birthdate_mismatch", "The birth date column says {column}, the ID number ({masked}) says {id_date}.",
                  column=raw.strip(), masked=row.id_number.masked, id_date=born.isoformat())


def _check_group(row: CheckedRow, raw: str) -> None:
    if not raw.strip():
        row.fault("missing_group", "The resident group is empty.")
        return
    row.group = group_number(raw)
    if row.group is None:
        row.fault("group_unreadable", "The resident group \"{value}\" has no group number.", value=raw.strip())


def _check_category(row: CheckedRow, raw: str) -> None:
    text = _plain(raw)
    if not text:
        return
    category = CATEGORIES.get(text)
    if category is None:
        row.fault("category_unknown", "The registration category \"{value}\" is not 户籍 or 人户分离.",
                  value=raw.strip())
    else:
        row.category = category


def _check_place(row: CheckedRow, raw: str, context: RegisterContext) -> None:
    """Community and resident group against the district file."""
    named = raw.strip()
    code = context.community_code(named) if named else context.default_community
    if named and code is None:
        row.fault("unknown_community", "There is no community \"{value}\" in this election.", value=named)
        return
    if named and context.chosen_community is not None and code != context.chosen_community:
        row.fault("community_mismatch", "The row is for {community}, not the community being imported ({chosen}).",
                  community=context.community_label(code or named),
                  chosen=context.community_label(context.chosen_community))
        return
    if code is None:
        row.fault("missing_community", "The community is empty and no community was chosen for the import.")
        return
    row.community = code
    if row.group is not None and (code, row.group) not in context.group_ids:
        row.fault("unknown_group", "{community} has no resident group {group}.",
                  community=context.community_label(code), group=row.group)
