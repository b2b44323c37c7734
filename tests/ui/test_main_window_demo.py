"""The main window on the demo district: the seed's 19 communities, legible in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.demo import run_demo
from ui.main import MainWindow


@pytest.fixture(scope="module")
def demo_district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    summary = run_demo(out / "demo", voters=4000, seed=7)
    return Path(summary["district_file"])


def test_main_window_opens_the_demo_district_and_lists_its_19_communities(
        qtbot, open_and_wait, window: MainWindow, demo_district: Path) -> None:  # type: ignore[no-untyped-def]
    open_and_wait(window, demo_district)
    window.show_page(1)
    model = window.communities_page.table.model()
    assert model.rowCount() == 19
    codes = [model.index(r, 0).data() for r in range(19)]
    assert len(set(codes)) == 19
    names = [model.index(r, 1).data() for r in range(19)]
    assert all(name.endswith("社区") for name in names)
    voters = sum(int(model.index(r, 4).data()) for r in range(19))
    assert voters == 4000
    assert "测试" in window.status.text()
    assert "district.polldesk" in window.status.text()
