"""The demo's stages, in order: each a name, a description and a function of the demo context.

Later work plugs in more stages (polls open, election day, counting, packages exported and imported,
reports) with `add_stage`; `run_demo(stop_at=...)` runs the stages up to and including that one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.db import DataFile, open_data_file
from app.errors import PollDeskError
from app.i18n import tr
from app.progress import Cancel, Progress, checkpoint
from app.vault.keyfile import Unlock

DISTRICT_FILE = "district.polldesk"
STATIONS_DIR = "stations"
BACKUPS_DIR = "backups"
SAFE_DIR = "district-safe"            # stands for the district office's safe: the recovery key lives here
RECOVERY_KEY = "recovery.key"

@dataclass
class DemoContext:
    """What the stages share: where the files go, the seed and size, and what each stage produced."""

    out: Path
    voters: int
    seed: int
    progress: Progress | None = None
    cancel: Cancel | None = None
    mode: str = "test"                                    # "official": no demo users, no election day
    encrypt: bool = False                                 # every data file encrypted at rest (SQLCipher)
    unlock: Unlock | None = None                          # what opens them: the district's recovery key
    summary: dict[str, Any] = field(default_factory=dict)
    state: dict[str, Any] = field(default_factory=dict)   # stage results for later stages

    @property
    def district_file(self) -> Path:
        return self.out / DISTRICT_FILE

    @property
    def stations_dir(self) -> Path:
        return self.out / STATIONS_DIR

    def step(self, done: int, total: int) -> None:
        """Report progress; stop (Cancelled) when the caller asked to."""
        checkpoint(done, total, self.progress, self.cancel)

    @property
    def backups_dir(self) -> Path:
        return self.out / BACKUPS_DIR

    @property
    def recovery_key_file(self) -> Path:
        return self.out / SAFE_DIR / RECOVERY_KEY

    def station_file(self, place_code: str) -> Path:
        """Where the station file of a voting place goes."""
        return self.stations_dir / f"{place_code}.polldesk"

    def open_district(self) -> DataFile:
        """The district file, unlocked when the demo is encrypted."""
        return open_data_file(self.district_file, kind="district", unlock=self.unlock)

    def open_station(self, place_code: str) -> DataFile:
        """A place's station file, unlocked when the demo is encrypted."""
        return open_data_file(self.station_file(place_code), kind="station", unlock=self.unlock)


@dataclass(frozen=True)
class Stage:
    """One step of the demo; `description` is English, shown through tr()."""

    name: str
    description: str
    run: Callable[[DemoContext], None]


STAGES: list[Stage] = []


def add_stage(name: str, description: str, run: Callable[[DemoContext], None]) -> None:
    """Append a stage after the existing ones (names are unique)."""
    if any(s.name == name for s in STAGES):
        raise ValueError(f"demo stage {name!r} exists already")
    STAGES.append(Stage(name, description, run))


def stage_names() -> list[str]:
    """The stages' names in the order they run."""
    return [s.name for s in STAGES]


def stages_until(stop_at: str) -> list[Stage]:
    """The stages to run to reach `stop_at`, or PollDeskError naming the known stages."""
    names = stage_names()
    if stop_at not in names:
        known = "; ".join(f"{s.name} ({tr(s.description)})" for s in STAGES)
        raise PollDeskError("unknown_stage", "Unknown demo stage {stage}. Known stages: {known}.",
                            stage=stop_at, known=known)
    return STAGES[: names.index(stop_at) + 1]
