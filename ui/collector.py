"""Cyclic garbage collected between Qt's events, never in the middle of them.

A widget let go of while it still sits in a reference cycle (a slot capturing its owner, say) is freed
by Python's cyclic collector, which runs whenever allocations cross its threshold, also in the
middle of Qt painting or polishing a widget tree. Freeing widgets there crashes the process. So the
window turns the automatic collector off and collects from a timer, between events.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

COLLECT_EVERY_MS = 2000


def collect_between_events(parent: QObject, every_ms: int = COLLECT_EVERY_MS) -> QTimer:
    """Turn off automatic cyclic collection and collect every `every_ms` from the event loop instead."""
    gc.disable()
    timer = QTimer(parent)
    timer.setInterval(every_ms)
    timer.timeout.connect(lambda: gc.collect())
    timer.start()
    return timer
