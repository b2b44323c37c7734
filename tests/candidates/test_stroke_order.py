"""Surname stroke order (姓氏笔画), checked against counts written down by hand and against Unihan."""

from __future__ import annotations

import pytest

from app.candidates import strokes
from app.candidates.strokes import ballot_sorted, stroke_key, stroke_order_available

# Stroke counts of common surnames, counted by hand (mainland forms).
HAND_COUNTS = {"丁": 2, "王": 4, "白": 5, "刘": 6, "李": 7, "张": 7, "陈": 7, "林": 8, "周": 8, "欧": 8,
               "阳": 6, "赵": 9, "徐": 10, "黄": 11, "曾": 12}
# The expected ballot order: by strokes; equal counts by code point (张 U+5F20 < 李 U+674E < 陈 U+9648;
# 周 U+5468 < 林 U+6797 < 欧 U+6B27); 欧阳 is one surname that begins with 欧 (8).
EXPECTED = ["丁一", "王建国", "白雪", "刘芳", "张伟", "李秀英", "陈静", "周杰", "林丽华", "欧阳修", "赵敏",
            "徐喆", "黄磊", "曾凡"]

needs_unihan = pytest.mark.skipif(not stroke_order_available(), reason="Unihan stroke data not installed")


@needs_unihan
def test_unihan_counts_agree_with_counts_made_by_hand() -> None:
    assert {c: strokes.strokes(c) for c in HAND_COUNTS} == HAND_COUNTS


@needs_unihan
def test_ballot_lists_common_surnames_in_stroke_order() -> None:
    shuffled = list(reversed(EXPECTED[7:])) + list(reversed(EXPECTED[:7]))
    assert ballot_sorted(shuffled) == EXPECTED


@needs_unihan
def test_same_surname_stays_together_and_given_names_decide() -> None:
    # 毛 and 王 both have 4 strokes: the code point decides (毛 U+6BDB < 王 U+738B; the first-stroke rule
    # would put 王 first, but no first-stroke data is available). The 王 family stays together, ordered
    # by the given name's strokes: 一 (1) < 大 (3) < 建 (8).
    assert ballot_sorted(["王建国", "毛泽", "王大", "王一"]) == ["毛泽", "王一", "王大", "王建国"]


@needs_unihan
def test_single_surname_comes_before_the_compound_surname_it_begins() -> None:
    assert ballot_sorted(["欧阳明", "欧明"]) == ["欧明", "欧阳明"]
    assert stroke_key("欧阳明")[0] == ((8, ord("欧")), (6, ord("阳")))


def test_without_unihan_names_fall_back_to_surname_pinyin(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("POLLDESK_UNIHAN", str(tmp_path / "missing.txt.bz2"))
    strokes._table.cache_clear()
    try:
        assert not stroke_order_available()
        # 曾 read as a surname (zeng) sorts after 王 (wang), before 周 (zhou).
        assert ballot_sorted(["周杰", "曾凡", "王建国"]) == ["王建国", "曾凡", "周杰"]
        assert "拼音" in strokes.stroke_source()
    finally:
        strokes._table.cache_clear()


@needs_unihan
def test_stroke_table_is_cached_compactly(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    strokes._table.cache_clear()
    try:
        assert strokes.strokes("曾") == 12
        cached = list((tmp_path / "cache" / "polldesk").glob("strokes-*.bin"))
        assert len(cached) == 1 and cached[0].stat().st_size < 300_000
        strokes._table.cache_clear()
        assert strokes.strokes("曾") == 12     # read back from the cache file
    finally:
        strokes._table.cache_clear()
