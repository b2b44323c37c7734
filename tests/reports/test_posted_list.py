"""The posted voter list (张榜公布): what a resident reads on the bulletin board."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from reports_readback import pdf_fonts, pdf_text

from app.db import transaction
from app.reports.posted_list import posted_list_pdf


def test_posted_list_shows_every_voter_with_group_and_dates(registered, tmp_path: Path) -> None:
    document = posted_list_pdf(registered.df.conn, tmp_path / "list.pdf")
    text = pdf_text(document.path)
    assert document.voters == 60
    for voter in registered.voters.values():
        assert voter["name"] in text
    for community in ("东湖社区", "西园社区"):
        for n in range(1, 5):
            assert f"{community}第{n}居民小组选民名单" in text
    # Election day 2011-04-10 minus 20 days; objections for 5 days after.
    assert "本名单于2011年3月21日张榜公布" in text
    assert "请于2011年3月26日前向社区选举委员会提出申诉" in text


def test_posted_list_never_shows_an_id_number(registered, tmp_path: Path) -> None:
    text = pdf_text(posted_list_pdf(registered.df.conn, tmp_path / "list.pdf").path)
    flat = re.sub(r"\s", "", text)
    for voter in registered.voters.values():
        assert voter["id"] not in flat
        assert voter["id"][-4:] not in flat
        assert voter["id"][:6] not in flat
    assert "*" not in flat


def test_removed_voter_is_not_posted(registered, tmp_path: Path) -> None:
    text = pdf_text(posted_list_pdf(registered.df.conn, tmp_path / "list.pdf").path)
    assert registered.removed_name not in text


def test_list_shows_age_on_election_day_or_birth_year(registered, tmp_path: Path) -> None:
    group = registered.group_ids[("C01", 1)]
    by_age = pdf_text(posted_list_pdf(registered.df.conn, tmp_path / "a.pdf", [group]).path).split()
    by_year = pdf_text(posted_list_pdf(registered.df.conn, tmp_path / "y.pdf", [group], birth_year=True).path).split()
    # 王建国 was born 1940-01-01: 71 on 2011-04-10. 陈静 was born 1944-05-05: still 66 on election day.
    assert by_age[by_age.index("王建国") + 2] == "71"
    assert by_age[by_age.index("陈静") + 2] == "66"
    assert by_year[by_year.index("王建国") + 2] == "1940"
    assert "出生年份" in by_year


def test_each_group_is_posted_on_its_own_numbered_pages(registered, tmp_path: Path) -> None:
    groups = [registered.group_ids[("C01", 1)], registered.group_ids[("C02", 3)]]
    document = posted_list_pdf(registered.df.conn, tmp_path / "list.pdf", groups)
    text = pdf_text(document.path)
    assert document.pages == 2
    assert text.count("第 1 页 共 1 页") == 2
    assert "东湖社区第1居民小组" in text and "西园社区第3居民小组" in text
    assert "东湖社区第2居民小组" not in text


def test_a_big_group_continues_over_pages_in_household_order(registered, tmp_path: Path) -> None:
    conn = registered.df.conn
    group = registered.group_ids[("C01", 2)]
    with transaction(conn):
        conn.executemany("INSERT INTO voters(community_code, group_id, name, sex, birth_date, id_hash, id_masked)"
                         " VALUES ('C01', ?, ?, 'F', '1980-02-02', 'h', 'm')",
                         [(group, f"钟{chr(0x4E00 + i)}") for i in range(200)])
    document = posted_list_pdf(conn, tmp_path / "list.pdf", [group])
    text = pdf_text(document.path)
    assert document.voters == 208
    assert document.pages == 4
    assert "第 4 页 共 4 页" in text
    assert "东湖社区第2居民小组选民名单（续）" in text
    # Voters with a household come first, in household order; those without follow, by name.
    assert text.index("李秀英") < text.index("钟一")


def test_posting_date_can_be_chosen(registered, tmp_path: Path) -> None:
    text = pdf_text(posted_list_pdf(registered.df.conn, tmp_path / "list.pdf",
                                    posting_date=date(2011, 3, 15)).path)
    assert "本名单于2011年3月15日张榜公布" in text
    assert "请于2011年3月20日前" in text


def test_posted_list_embeds_the_chinese_font(registered, tmp_path: Path) -> None:
    fonts = pdf_fonts(posted_list_pdf(registered.df.conn, tmp_path / "list.pdf").path)
    cjk = fonts.splitlines()[2:]     # every font, reportlab's default Helvetica included
    assert cjk, fonts
    for line in cjk:
        emb = line.split()[-5]   # name type encoding emb sub uni object ID
        assert emb == "yes", fonts


def test_every_character_of_the_demo_names_is_in_the_font(registered, tmp_path: Path) -> None:
    document = posted_list_pdf(registered.df.conn, tmp_path / "list.pdf")
    assert document.missing_glyphs == ()


def test_a_name_the_font_cannot_draw_is_reported(registered, tmp_path: Path) -> None:
    conn = registered.df.conn
    with transaction(conn):
        conn.execute("INSERT INTO voters(community_code, group_id, name, sex, birth_date, id_hash, id_masked)"
                     " VALUES ('C01', ?, '王𠮷', 'M', '1980-02-02', 'h', 'm')", (registered.group_ids[("C01", 1)],))
    document = posted_list_pdf(conn, tmp_path / "list.pdf")
    assert document.missing_glyphs == ("𠮷",)


def test_test_election_list_is_marked_test_and_official_is_not(registered, tmp_path: Path) -> None:
    conn = registered.df.conn
    assert "测试 / TEST" in pdf_text(posted_list_pdf(conn, tmp_path / "test.pdf").path)
    with transaction(conn):
        conn.execute("UPDATE election SET mode = 'official'")
    assert "TEST" not in pdf_text(posted_list_pdf(conn, tmp_path / "official.pdf").path)
