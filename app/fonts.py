"""Finding a CJK font on this machine, for the screen and for embedding in PDFs.

Nothing is bundled: Debian's `fonts-wqy-microhei` (installed by scripts/setup.sh) or the
fonts Windows ships are used. `POLLDESK_CJK_FONT` may name another TrueType file or collection.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from app.errors import PollDeskError

# (path, index of the face inside a .ttc collection, family name as Qt sees it)
_CANDIDATES: tuple[tuple[str, int, str], ...] = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0, "WenQuanYi Micro Hei"),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0, "WenQuanYi Zen Hei"),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2, "Noto Sans CJK SC"),
    ("C:/Windows/Fonts/msyh.ttc", 0, "Microsoft YaHei"),
    ("C:/Windows/Fonts/simhei.ttf", 0, "SimHei"),
    ("C:/Windows/Fonts/simsun.ttc", 0, "SimSun"),
    ("/System/Library/Fonts/PingFang.ttc", 0, "PingFang SC"),
)


@dataclass(frozen=True)
class CjkFont:
    """A font file that draws Chinese."""

    path: Path
    subfont_index: int
    family: str


def find_cjk_font() -> CjkFont:
    """The first CJK font found, or a clear error saying what to install."""
    override = os.environ.get("POLLDESK_CJK_FONT")
    if override and Path(override).is_file():
        return CjkFont(Path(override), 0, Path(override).stem)
    windir = os.environ.get("WINDIR")
    for path, index, family in _CANDIDATES:
        if windir and path.startswith("C:/Windows"):
            path = windir.replace("\\", "/") + path[len("C:/Windows"):]
        if Path(path).is_file():
            return CjkFont(Path(path), index, family)
    hint = "apt-get install fonts-wqy-microhei" if sys.platform.startswith("linux") else ""
    raise PollDeskError("no_cjk_font", "No Chinese font was found on this computer. Install one ({hint}).",
                        hint=hint)
