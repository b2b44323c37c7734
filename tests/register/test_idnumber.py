"""ID numbers: the standard's example, normalising, masking and each kind of fault."""

from __future__ import annotations

from datetime import date

import pytest

from app.register.idnumber import IdNumberError, make_id, mask, normalise, parse_id, upgrade_15
from app.register.privacy import card_payload, id_hash, parse_card_payload


def test_standard_example_is_valid_female_born_1949() -> None:
    n = parse_id("11010519491231002X")
    assert n.birth_date == date(1949, 12, 31)
    assert n.sex == "F"
    assert n.masked == "110105********002X"


def test_full_width_digits_lowercase_x_and_spaces_are_normalised() -> None:
    assert normalise(" １１０１０５１９４９１２３１００２ｘ ") == "11010519491231002X"
    assert parse_id(" 11010519491231002x ").number == "11010519491231002X"


@pytest.mark.parametrize(("raw", "code"), [
    ("11010519491231002", "id_format"),
    ("1101051949123100AX", "id_format"),
    ("110105194912310021", "id_checksum"),
    ("110105194902300028", "id_birthdate"),
])
def test_faults_have_their_own_codes(raw: str, code: str) -> None:
    with pytest.raises(IdNumberError) as err:
        parse_id(raw)
    assert err.value.code == code


def test_legacy_15_digit_number_is_read_as_its_18_digit_form() -> None:
    assert upgrade_15("110105491231002") == "11010519491231002X"
    assert parse_id("110105491231002").birth_date == date(1949, 12, 31)
    key = b"k" * 32
    assert id_hash(key, "110105491231002") == id_hash(key, "11010519491231002x")


def test_made_numbers_are_valid_and_carry_sex() -> None:
    n = parse_id(make_id("440112", date(1980, 2, 29), 13))
    assert (n.sex, n.birth_date) == ("M", date(1980, 2, 29))
    assert mask(n.number).count("*") == 8


def test_voter_card_payload_round_trips_and_refuses_forgeries() -> None:
    key = b"x" * 32
    payload = card_payload(key, "e1", 12345)
    assert parse_card_payload(key, "e1", payload) == 12345
    assert parse_card_payload(key, "e1", payload.lower()) == 12345
    assert parse_card_payload(key, "e2", payload) is None
    assert parse_card_payload(b"y" * 32, "e1", payload) is None
    assert parse_card_payload(key, "e1", payload.replace("12345", "12346")) is None
