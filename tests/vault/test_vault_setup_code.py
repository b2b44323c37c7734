"""Setup codes are easy to read off paper and type back, and a code's key opens only what it sealed, where it sealed it."""

from __future__ import annotations

import pytest

from app.vault.sealing import SealError
from app.vault.setup_code import ALPHABET, CodeSealer, format_setup_code, new_setup_code, normalise_setup_code


def test_a_new_code_is_twenty_crockford_characters_in_groups_of_four_and_never_the_same() -> None:
    codes = {new_setup_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        groups = code.split("-")
        assert [len(g) for g in groups] == [4] * 5
        assert all(c in ALPHABET for c in "".join(groups))
    assert not set("ILOU") & set("".join(codes))


@pytest.mark.parametrize("typed", ["k7qm-2xpd-9r4t-0v1a-bc3e", "K7QM 2XPD 9R4T 0V1A BC3E", "K7QM2XPD9R4T0V1ABC3E",
                                   "k7qm-2xpd-9r4t-ov1a-bc3e", "K7QM-2XPD-9R4T-0VIA-BC3E", "K7QM-2XPD-9R4T-0VlA-BC3E",
                                   "Ｋ７ＱＭ－２ＸＰＤ－９Ｒ４Ｔ－０Ｖ１Ａ－ＢＣ３Ｅ", " K7QM—2XPD—9R4T—0V1A—BC3E\n"])
def test_a_code_typed_with_common_slips_reads_as_the_printed_one(typed: str) -> None:
    assert format_setup_code(typed) == "K7QM-2XPD-9R4T-0V1A-BC3E"


@pytest.mark.parametrize("typed", ["", "K7QM-2XPD-9R4T-0V1A", "K7QM-2XPD-9R4T-0V1A-BC3EF", "K7QM-2XPD-9R4T-0V1A-BCUE",
                                   "K7QM-2XPD-9R4T-0V1A-BC3*"])
def test_what_is_not_a_code_is_not_taken_for_one(typed: str) -> None:
    assert normalise_setup_code(typed) is None


def test_a_sealed_entry_opens_with_its_code_and_context_only() -> None:
    code = new_setup_code()
    sealer = CodeSealer.new(code)
    blob = sealer.seal(b"register rows", b"voters")
    again = CodeSealer.for_manifest(code.lower(), sealer.kdf())
    assert again.open(blob, b"voters") == b"register rows"
    with pytest.raises(SealError):
        again.open(blob, b"households")
    with pytest.raises(SealError):
        CodeSealer.for_manifest(new_setup_code(), sealer.kdf()).open(blob, b"voters")
    with pytest.raises(SealError):     # the same code with another package's salt
        CodeSealer.new(code).open(blob, b"voters")
    with pytest.raises(SealError):
        again.open(blob[:-1] + bytes([blob[-1] ^ 1]), b"voters")


@pytest.mark.parametrize("change", [{"algorithm": "scrypt"}, {"memory_cost": 4 * 2**20}, {"time_cost": 0},
                                    {"parallelism": "1"}, {"salt": "c2hvcnQ="}, {"salt": "not base64!"}])
def test_a_manifest_asking_for_an_unknown_or_ruinous_derivation_is_refused(change: dict[str, object]) -> None:
    kdf = {**CodeSealer.new(new_setup_code()).kdf(), **change}
    with pytest.raises(ValueError):
        CodeSealer.for_manifest(new_setup_code(), kdf)
