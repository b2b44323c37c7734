"""Shared fixtures: every data folder goes to a temp dir; a small election built once."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.election.definition import definition_from_dict  # noqa: E402
from app.election.model import Definition  # noqa: E402
from app.i18n import set_language  # noqa: E402


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """A test with Qt widgets runs without the automatic cyclic collector; after it, its windows are closed and
    deleted and its garbage collected, between tests: a widget freed by the collector while Qt paints or
    polishes crashes the process, as the window itself avoids with ui.collector."""
    qt = "qtbot" in getattr(item, "fixturenames", ())
    if qt:
        gc.disable()
    try:
        yield
    finally:
        if qt:
            _close_windows()
            gc.enable()
            gc.collect()


def _close_windows() -> None:
    """Close and delete every window a test left open, now, rather than whenever the collector gets to them."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    for widget in app.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()


def small_definition_dict(election_id: str = "test-2011", mode: str = "test") -> dict:
    """Two communities, each with groups, a central venue, a station, a mobile box and contests."""
    communities = []
    for i, name in ((1, "东湖社区"), (2, "西园社区")):
        code = f"C{i:02d}"
        communities.append({
            "code": code, "name": name,
            "groups": [{"number": n, "name": f"第{n}居民小组"} for n in range(1, 5)],
            "places": [
                {"code": f"{code}-Z", "kind": "central", "name": f"{name}中心会场", "groups": [1, 2],
                 "boxes": [{"id": f"{code}-Z-1", "kind": "fixed", "name": "1号票箱"}]},
                {"code": f"{code}-S1", "kind": "station", "name": f"{name}第一投票站", "groups": [3, 4],
                 "boxes": [{"id": f"{code}-S1-1", "kind": "fixed", "name": "1号票箱"}]},
                {"code": f"{code}-M1", "kind": "mobile", "name": f"{name}流动票箱", "groups": [],
                 "boxes": [{"id": f"{code}-M1-1", "kind": "mobile", "name": "流动票箱"}]},
            ],
            "contests": [
                {"id": f"{code}-committee", "kind": "committee", "form": "direct",
                 "name": f"{name}第四届居民委员会选举",
                 "positions": [{"id": "director", "seats": 1}, {"id": "deputy", "seats": 2},
                               {"id": "member", "seats": 3}],
                 "candidates": [
                     {"name": "王建国", "position": "director", "sex": "M", "birth_date": "1965-03-02"},
                     {"name": "李秀英", "position": "director", "sex": "F", "birth_date": "1970-07-11"},
                     {"name": "张伟", "position": "deputy", "sex": "M"},
                     {"name": "刘芳", "position": "deputy", "sex": "F"},
                     {"name": "陈静", "position": "deputy", "sex": "F"},
                     {"name": "杨洋", "position": "member", "sex": "M"},
                     {"name": "赵敏", "position": "member", "sex": "F"},
                     {"name": "黄磊", "position": "member", "sex": "M"},
                     {"name": "周杰", "position": "member", "sex": "M"},
                 ]},
                {"id": f"{code}-G1", "kind": "group_leader", "form": "household", "group": 1,
                 "name": "第1居民小组组长选举", "positions": [{"id": "leader", "seats": 1}],
                 "candidates": [{"name": "孙丽", "position": "leader", "sex": "F"},
                                {"name": "马超", "position": "leader", "sex": "M"}]},
            ],
            "unit_representatives": [{"unit_name": "电子科技大学中山学院", "name": "何平"}],
        })
    return {
        "election": {"id": election_id, "name": "第四届社区居委会换届选举", "district_name": "示范区",
                     "election_day": date(2011, 4, 10).isoformat(), "mode": mode},
        "rules": {"proxy_cap": 3},
        "communities": communities,
    }


@pytest.fixture
def small_definition() -> Definition:
    return definition_from_dict(small_definition_dict())


@pytest.fixture(autouse=True)
def _chinese_by_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each test starts in the default language with its own home folder."""
    set_language("zh_CN")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / ".local" / "share"))
