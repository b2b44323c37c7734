"""The window's garbage collection: off while Qt dispatches, done by a timer between events."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtWidgets import QWidget

from ui.collector import collect_between_events


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_cycles_are_collected_by_the_timer_not_by_the_automatic_collector(qtbot) -> None:  # type: ignore[no-untyped-def]
    owner = QWidget()
    qtbot.addWidget(owner)
    gc.enable()      # as a plain program starts (the test run turns it off around Qt tests)
    try:
        timer = collect_between_events(owner, every_ms=50)
        assert not gc.isenabled() and timer.isActive()
        cycle = _Cycle()
        gone = weakref.ref(cycle)
        del cycle
        for _ in range(100_000):      # allocations that would have set the automatic collector off
            _ = [[]]
        assert gone() is not None
        qtbot.waitUntil(lambda: gone() is None, timeout=2000)
    finally:
        gc.enable()
