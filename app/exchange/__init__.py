"""Packages between stations and the district (数据包交换): signed zip files, exported and imported safely."""

from app.exchange.district_import import (
    ImportOutcome,
    import_log,
    import_packages,
    pin_station_key,
    remove_package,
)
from app.exchange.keys import (
    carry_sealing_key,
    district_fingerprint,
    district_sealing_private_key,
    ensure_district_key,
    ensure_district_sealing_key,
    ensure_station_key,
    fingerprint,
    normalise_fingerprint,
    station_fingerprint,
)
from app.exchange.package import Package, PackageRejected
from app.exchange.reader import DEFAULT_LIMITS, Limits, open_sealed_tables, read_package
from app.exchange.setup import (
    IssuedCode,
    IssuedSetup,
    export_setup_package,
    issued_setup_codes,
    load_setup_package,
)
from app.exchange.station_export import RESULT_TABLES, export_station_package

__all__ = [
    "DEFAULT_LIMITS", "RESULT_TABLES", "ImportOutcome", "IssuedCode", "IssuedSetup", "Limits", "Package", "PackageRejected", "carry_sealing_key",
    "district_fingerprint", "district_sealing_private_key", "ensure_district_key", "ensure_district_sealing_key",
    "ensure_station_key", "export_setup_package", "export_station_package", "fingerprint", "import_log",
    "import_packages", "issued_setup_codes", "load_setup_package", "normalise_fingerprint", "open_sealed_tables", "pin_station_key",
    "read_package", "remove_package", "station_fingerprint",
]
