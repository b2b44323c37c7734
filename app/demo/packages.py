"""The demo's `exported` and `imported` stages: every station's signed package to DIR/usb/, then into the district."""

from __future__ import annotations

from pathlib import Path

from app.demo.clock import DAY_SECONDS, DayClock
from app.demo.district import DemoDistrict
from app.demo.polls_open import CHIEF, sign_in
from app.demo.stages import DemoContext
from app.errors import PollDeskError
from app.exchange import export_station_package, import_packages

USB_DIR = "usb"


def exported(ctx: DemoContext) -> None:
    """chief1 of every place exports its result package to the USB folder (written, read back, verified)."""
    district: DemoDistrict = ctx.state["district"]
    clock = DayClock(district.definition.election.election_day)
    folder = ctx.out / USB_DIR
    places = sorted(ctx.summary["station_files"])
    packages = {}
    for i, place in enumerate(places):
        ctx.step(i, len(places))
        with ctx.open_station(place) as df:
            chief = sign_in(df.conn, CHIEF, clock.at(DAY_SECONDS + 4 * 3600))
            packages[place] = str(export_station_package(df, folder, session=chief, clock=clock))
    ctx.step(len(places), len(places))
    ctx.summary["packages"] = packages


def imported(ctx: DemoContext) -> None:
    """The district office imports every package from the USB folder; any refusal stops the demo."""
    district: DemoDistrict = ctx.state["district"]
    clock = DayClock(district.definition.election.election_day)
    paths = [Path(p) for _, p in sorted(ctx.summary["packages"].items())]
    with ctx.open_district() as df:
        outcomes = import_packages(df, paths, clock=clock.at(DAY_SECONDS + 6 * 3600))
    refused = [o for o in outcomes if o.status == "rejected"]
    if refused:
        raise PollDeskError("demo_import_refused", "The district refused the package {package}: {reason}",
                            package=refused[0].package, reason=refused[0].reason)
    ctx.summary["packages_imported"] = sum(o.status == "imported" for o in outcomes)
