"""Resident ID numbers (公民身份号码, GB 11643-1999): normalising, checking, masking.

18 characters: 6-digit region, birth date YYYYMMDD, 3-digit sequence (odd = male), check character.
Legacy 15-digit numbers (region, YYMMDD in the 1900s, sequence) have no check character.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from operator import mul

from app.errors import PollDeskError

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
_SHAPE18 = re.compile(r"^\d{17}[\dX]$")
_SHAPE15 = re.compile(r"^\d{15}$")
_SPACES = re.compile(r"\s+")
# What exporters wrap around a number to keep Excel from turning it into a number: a leading apostrophe,
# a ="..." formula; and the '.0' a float conversion leaves on a 15- or 18-digit number.
_WRAPPED = re.compile(r'^(?:\'|="?)?(.*?)"?$')
_FLOAT_TAIL = re.compile(r"^(\d{15}|\d{18})\.0+$")
_SEPARATED = re.compile(r"^\d{6}-\d{8}-\d{3}[\dX]$|^\d{6}-\d{6}-\d{3}$")
_SCIENTIFIC = re.compile(r"^\d(?:\.\d+)?E\+?\d+$")


class IdNumberError(PollDeskError):
    """An ID number that is not valid: code id_format, id_checksum or id_birthdate."""


@dataclass(frozen=True)
class IdNumber:
    """A valid ID number, always in its 18-character form."""

    number: str

    @property
    def birth_date(self) -> date:
        n = self.number
        return date(int(n[6:10]), int(n[10:12]), int(n[12:14]))

    @property
    def sex(self) -> str:
        """'M' for an odd sequence number, 'F' for an even one."""
        return "M" if int(self.number[16]) % 2 else "F"

    @property
    def region(self) -> str:
        return self.number[:6]

    @property
    def masked(self) -> str:
        """The form shown on screen and paper: 110105********002X."""
        return mask(self.number)


def normalise(raw: str) -> str:
    """Full-width digits to ASCII, lowercase x to X; spaces, invisible characters and export wrappers removed."""
    if isinstance(raw, str) and raw.isascii() and raw.isalnum():
        # the usual cell: ASCII is its own NFKC and has no invisible character; no space, wrapper or '.0' here
        return raw.upper()
    text = unicodedata.normalize("NFKC", str(raw)).upper()
    text = _SPACES.sub("", "".join(ch for ch in text if unicodedata.category(ch) != "Cf"))
    if text[:1] in ("'", "="):
        text = _WRAPPED.sub(r"\1", text)
    if "." in text:
        text = _FLOAT_TAIL.sub(r"\1", text)
    return text


def looks_like_excel_number(text: str) -> bool:
    """True for an ID number Excel stored as a number and shows in scientific notation (4.40112E+17)."""
    return bool(_SCIENTIFIC.match(normalise(text)))


def check_char(first17: str) -> str:
    """The check character for the first 17 digits."""
    if len(first17) != len(WEIGHTS):
        raise ValueError("the check character is computed on exactly 17 digits")
    if first17.isascii() and first17.isdigit():
        # each weight is 2**(17 - i) mod 11 and 13 = 2 (mod 11): the weighted sum is 2 * (the digits read in base 13)
        return CHECK_CHARS[2 * int(first17, 13) % 11]
    return CHECK_CHARS[sum(map(mul, map(int, first17), WEIGHTS)) % 11]


def mask(number: str) -> str:
    """Keep the region and the last four characters; hide the birth date."""
    if len(number) == 18:
        return number[:6] + "*" * 8 + number[-4:]
    if len(number) == 15:
        return number[:6] + "*" * 6 + number[-3:]
    return "*" * len(number)


def parse_id(raw: str) -> IdNumber:
    """A valid ID number from user input, or IdNumberError saying what is wrong."""
    n = normalise(raw)
    if _SEPARATED.match(n):     # 110105-19491231-002X, as some people write it
        n = n.replace("-", "")
    if _SHAPE15.match(n):
        n = upgrade_15(n)
    elif not _SHAPE18.match(n):
        raise IdNumberError("id_format", "The ID number must have 18 characters (17 digits and a digit or X).")
    try:
        born = date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
    except ValueError as exc:
        raise IdNumberError("id_birthdate", "The birth date inside the ID number is not a real date.") from exc
    if born.year < 1880 or born > date.today():
        raise IdNumberError("id_birthdate", "The birth date inside the ID number is not a real date.")
    if check_char(n[:17]) != n[17]:
        raise IdNumberError("id_checksum", "The ID number's check character is wrong: a character was mistyped.")
    return IdNumber(n)


def upgrade_15(n15: str) -> str:
    """A legacy 15-digit number in its 18-character form (19xx birth year, computed check)."""
    first17 = n15[:6] + "19" + n15[6:]
    return first17 + check_char(first17)


def make_id(region: str, born: date, sequence: int) -> str:
    """A valid 18-character ID number (for the demo and tests)."""
    first17 = f"{region}{born:%Y%m%d}{sequence:03d}"
    return first17 + check_char(first17)
