"""The package reader meets arbitrary and mangled bytes: it only ever refuses, with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.db import create_data_file
from app.election.definition import definition_from_dict
from app.election.station import create_station_file
from app.election.store import store_definition
from app.exchange import Limits, PackageRejected, export_station_package, read_package
from tests.conftest import small_definition_dict
from tests.exchange.conftest import add_voters, record_issue

_SMALL = Limits(package_bytes=2**20, entry_bytes=2**19, total_bytes=2**20)


@pytest.fixture(scope="module")
def valid_package(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("fuzz")
    definition = definition_from_dict(small_definition_dict())
    with create_data_file(folder / "d.db", kind="district", election_id=definition.election.id) as district:
        store_definition(district, definition)
        add_voters(district)
        with create_station_file(district, "C01-S1", folder / "s.db") as station:
            record_issue(station, 1)
            return export_station_package(station, folder / "usb").read_bytes()


def _only_refused(data: bytes) -> None:
    try:
        read_package(data, _SMALL)
    except PackageRejected as exc:
        assert exc.code and exc.message


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=4096))
def test_arbitrary_bytes_are_refused_with_a_reason(data: bytes) -> None:
    with pytest.raises(PackageRejected) as caught:
        read_package(data, _SMALL)
    assert caught.value.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)), max_size=6),
       cut=st.one_of(st.none(), st.integers(min_value=0)),
       insert=st.one_of(st.none(), st.tuples(st.integers(min_value=0), st.binary(min_size=1, max_size=64))))
def test_mangled_packages_are_read_or_refused_never_crash(valid_package: bytes, edits: list[tuple[int, int]],
                                                          cut: int | None, insert: tuple[int, bytes] | None) -> None:
    data = bytearray(valid_package)
    for offset, value in edits:
        data[offset % len(data)] = value
    if insert is not None:
        at = insert[0] % (len(data) + 1)
        data[at:at] = insert[1]
    if cut is not None:
        del data[cut % (len(data) + 1):]
    _only_refused(bytes(data))


def test_the_unmangled_package_reads(valid_package: bytes, tmp_path: Path) -> None:
    assert read_package(valid_package, _SMALL).place_code == "C01-S1"
