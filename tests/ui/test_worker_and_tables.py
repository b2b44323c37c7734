"""The background worker and the table models under the main window's pages."""

from __future__ import annotations

import json
import time
from pathlib import Path

from PySide6.QtWidgets import QProgressDialog, QWidget

from app.election.definition import definition_from_dict, definition_to_dict
from app.election.model import Definition
from app.errors import DataFileError
from ui.main import MainWindow
from ui.worker import Worker


def test_a_refused_action_shows_its_message_and_not_a_traceback(qtbot) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    shown: list[str] = []
    worker = Worker(parent, shown.append)

    def refuse() -> None:
        raise DataFileError("other_election", "{path} belongs to another election; it cannot be used here.",
                            path="b.polldesk")

    failed: list[str] = []
    worker.run(refuse, lambda _: None, "…", on_failed=failed.append)
    qtbot.waitUntil(lambda: bool(shown), timeout=5_000)
    assert shown == failed == ["b.polldesk 属于另一次选举，不能在这里使用。"]


def test_progress_dialog_appears_only_for_a_slow_job(qtbot) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    worker = Worker(parent, lambda _: None)
    results: list[int] = []
    worker.run(lambda: 1, results.append, "fast")
    qtbot.waitUntil(lambda: results == [1], timeout=5_000)
    qtbot.wait(400)
    assert not parent.findChildren(QProgressDialog)
    worker.run(lambda: time.sleep(0.8) or 2, results.append, "slow")
    qtbot.waitUntil(lambda: any(d.isVisible() for d in parent.findChildren(QProgressDialog)), timeout=5_000)
    qtbot.waitUntil(lambda: results == [1, 2], timeout=5_000)
    assert not any(d.isVisible() for d in parent.findChildren(QProgressDialog))
    assert not worker.busy()


def test_communities_model_passes_qt_model_checks(qtbot, qtmodeltester, open_and_wait,  # type: ignore[no-untyped-def]
                                                  window: MainWindow, district_file: Path) -> None:
    open_and_wait(window, district_file)
    for page in (window.communities_page, window.places_page, window.contests_page):
        qtmodeltester.check(page.model)
        qtmodeltester.check(page.table.model())


def _district_of(definition: Definition, count: int) -> Definition:
    """The small election's first community copied `count` times, with codes of their own."""
    data = definition_to_dict(definition)
    template = json.dumps(data["communities"][0], ensure_ascii=False)
    data["communities"] = [
        json.loads(template.replace("C01", f"K{n:02d}").replace("东湖社区", f"第{n}社区")) for n in range(1, count + 1)
    ]
    return definition_from_dict(data)


def test_nineteen_communities_show_at_once(qtbot, open_and_wait, make_district_file,  # type: ignore[no-untyped-def]
                                           window: MainWindow,
                                           tmp_path: Path, small_definition: Definition) -> None:
    path = make_district_file(tmp_path / "district19.polldesk", _district_of(small_definition, 19), register=False)
    started = time.perf_counter()
    open_and_wait(window, path)
    window.show_page(1)
    elapsed = time.perf_counter() - started
    page = window.communities_page
    assert page.table.model().rowCount() == 19
    assert page.table.model().index(18, 1).data() == "第19社区"
    assert page.count.text() == "共 19 行。点击列标题可排序。"
    assert elapsed < 2.0
