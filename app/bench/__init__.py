"""Benchmarks (性能基准): each measures a value and, in the same run, a floor to compare it with.

A benchmark is a function `(BenchContext) -> list[BenchResult]` registered with `@benchmark(name)`
in its own module of this package; `run_benchmarks` imports every module and runs the chosen ones.
`ratio` = value / floor says how far the real code is from the simplest thing that could do the job
on the same machine at the same moment; `goal_ratio` is the target for that ratio.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from app.errors import PollDeskError


@dataclass(frozen=True)
class BenchResult:
    """One measured figure against its floor."""

    name: str
    value: float
    unit: str
    floor: float
    goal_ratio: float

    @property
    def ratio(self) -> float:
        return self.value / self.floor if self.floor > 0 else float("inf")

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of `polldesk bench --json`."""
        return {"name": self.name, "value": round(self.value, 4), "unit": self.unit,
                "floor": round(self.floor, 4), "ratio": round(self.ratio, 2), "goal_ratio": self.goal_ratio}


@dataclass(frozen=True)
class BenchContext:
    """How a benchmark should run: quick (small sizes, for CI) or full; an optional size; a scratch folder."""

    quick: bool
    workdir: Path
    size: int | None = None
    progress: Callable[[str], None] = lambda message: None

    def scale(self, full: int, quick: int) -> int:
        """The size to use: the one asked for, or the quick or the full default."""
        return self.size if self.size is not None else (quick if self.quick else full)


class BenchmarkFailed(PollDeskError):
    """A benchmark found the code under test giving a wrong answer (code bench_wrong_answer)."""


Benchmark = Callable[[BenchContext], list[BenchResult]]
_REGISTRY: dict[str, Benchmark] = {}


def benchmark(name: str) -> Callable[[Benchmark], Benchmark]:
    """Register a benchmark function under `name`."""
    def register(func: Benchmark) -> Benchmark:
        _REGISTRY[name] = func
        return func
    return register


def registered() -> dict[str, Benchmark]:
    """Every benchmark of the package, by name (importing each module registers its benchmarks)."""
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
    return dict(sorted(_REGISTRY.items()))


def run_benchmarks(context: BenchContext, only: Iterable[str] | None = None) -> list[BenchResult]:
    """Run the chosen benchmarks (all when `only` is None) and collect their results."""
    available = registered()
    names = list(only) if only else list(available)
    unknown = [n for n in names if n not in available]
    if unknown:
        raise PollDeskError("bench_unknown", "No benchmark is called {names}. Known: {known}.",
                            names=", ".join(unknown), known=", ".join(available))
    results: list[BenchResult] = []
    for name in names:
        context.progress(name)
        results.extend(available[name](context))
    return results
