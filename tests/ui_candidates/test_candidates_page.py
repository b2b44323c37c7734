"""The candidates screen as the district office uses it: ballot order, problems, passing and rejecting."""

from __future__ import annotations

import os
from pathlib import Path

from candidatekit import District, pass_all
from PySide6.QtCore import Qt
from shiboken6 import Shiboken

from app.candidates.nominations import candidate
from app.i18n import set_language
from ui.candidates import CandidatesPage
from ui.table_cells import tree_rows


def make_page(qtbot, district: District, reason: str | None = "提名程序不符合规定") -> CandidatesPage:  # type: ignore[no-untyped-def]
    page = CandidatesPage(ask_reason=lambda _parent, _prompt: reason)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.set_file(district.df.conn, district.admin)
    page.show()
    qtbot.waitExposed(page)
    return page


def rows(page: CandidatesPage) -> list[tuple[str, str, str]]:
    return [(i.data(), i.siblingAtColumn(1).data(), i.siblingAtColumn(3).data()) for i in tree_rows(page.tree)
            if i.data(Qt.ItemDataRole.UserRole + 1)]


def test_candidates_show_in_ballot_order_with_status_and_problems(qtbot, district: District) -> None:  # type: ignore[no-untyped-def]
    pass_all(district)
    page = make_page(qtbot, district)
    listed = rows(page)
    deputies = [r for r in listed if r[1] in ("刘芳", "张伟", "陈静")]
    assert sorted(deputies) == [("1", "刘芳", "已通过"), ("2", "张伟", "已通过"), ("3", "陈静", "已通过")]
    page.refresh()                  # the tree made again: its items by Qt alone (ui.table_cells)
    items = [page.tree.topLevelItem(i) for i in range(page.tree.topLevelItemCount())]
    for item in items:              # grows as it goes: every row of the tree
        items += [item.child(n) for n in range(item.childCount())] if item is not None else []
    assert len(items) > 3 and not any(Shiboken.createdByPython(item) for item in items if item is not None)
    problems = [page.problems.item(i).text() for i in range(page.problems.count())]
    assert any("同住一户" in p for p in problems)


def test_clerk_passes_in_two_steps_and_rejects_with_a_reason(qtbot, district: District) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, district)
    cid = district.candidate_id("王建国")
    page.select_candidate(cid)
    page.pass_button.click()
    assert candidate(district.df.conn, cid).review_status == "pending"
    page.step.setCurrentIndex(1)
    page.select_candidate(cid)
    page.pass_button.click()
    assert candidate(district.df.conn, cid).review_status == "passed"
    other = district.candidate_id("黄磊")
    page.step.setCurrentIndex(0)
    page.select_candidate(other)
    page.reject_button.click()
    row = candidate(district.df.conn, other)
    assert (row.review_status, row.review_reason) == ("rejected", "提名程序不符合规定")
    assert ("—", "黄磊", "未通过") in rows(page)


def test_screenshots_of_the_candidate_and_review_screens(qtbot, district: District, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = Path(os.environ.get("POLLDESK_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    pass_all(district)
    page = make_page(qtbot, district)
    page.select_candidate(district.candidate_id("黄磊"))
    page.reject_button.click()
    try:
        for lang in ("zh_CN", "en"):
            set_language(lang)
            page.retranslate()
            page.select_candidate(district.candidate_id("黄磊"))
            qtbot.wait(50)
            image = page.grab()
            assert not image.isNull()
            assert image.save(str(folder / f"candidates-review-{lang[:2]}.png"))
    finally:
        set_language("zh_CN")
