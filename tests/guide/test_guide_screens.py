"""The guide's screenshot script plays a station's and the district's day in the real window and saves every picture."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from guide_screens import EXPECTED, make_screens  # noqa: E402

pytestmark = pytest.mark.slow


def test_the_screenshot_script_saves_every_step_small_and_readable(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    saved = make_screens(tmp_path / "images", voters=1000, width=640)
    assert [p.stem for p in saved] == list(EXPECTED)
    for path in saved:
        image = Image.open(path)
        assert image.mode == "P" and image.width <= 640, path.name
        assert len(image.getcolors(256) or []) > 4, f"{path.name} is blank"
    assert sum(p.stat().st_size for p in saved) < 900_000
