"""`polldesk tally FILE.json` run as a clerk would: a real process on real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

POLLDESK = Path(sys.executable).parent / "polldesk"  # the console script of this environment

GOOD_ROUND = {
    "form": "direct", "electorate": 12, "issued": 11, "round": 1,
    "positions": [{"id": "director", "seats": 1, "candidates": ["王建国", "李秀英"]},
                  {"id": "deputy", "seats": 2, "candidates": ["张伟", "刘芳", "陈静"]}],
    "ballots": ([{"director": ["王建国"], "deputy": ["张伟", "刘芳"]}] * 6
                + [{"director": ["李秀英"], "deputy": ["张伟", "何平"]}] * 3
                + [{"director": ["王建国", "李秀英"], "deputy": ["张伟", "刘芳", "陈静"]}]
                + [{}]),
    "boxes": [{"id": "C01-Z-1", "issued": 8, "collected": 8}, {"id": "C01-M1-1", "issued": 3, "collected": 3}],
}


def run_tally(tmp_path: Path, content: Any, *options: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "round.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content, ensure_ascii=False),
                    encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "POLLDESK_LANG"}
    return subprocess.run([str(POLLDESK), *options, "tally", str(path)], capture_output=True, text=True,
                          env=env, timeout=60)


def test_tally_of_a_good_round_prints_the_outcome(tmp_path):
    done = run_tally(tmp_path, GOOD_ROUND)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "valid_round": True, "reason": None, "quorum_met": True, "collected": 11, "invalid_ballots": 1,
        "positions": [
            {"id": "director", "seats": 1, "valid_sections": 10, "votes": {"王建国": 6, "李秀英": 3},
             "elected": ["王建国"], "unfilled": 0, "runoff_candidates": []},
            {"id": "deputy", "seats": 2, "valid_sections": 10,
             "votes": {"张伟": 9, "刘芳": 6, "何平": 3, "陈静": 0},
             "elected": ["张伟", "刘芳"], "unfilled": 0, "runoff_candidates": []},
        ]}


def test_tally_lists_votes_most_first(tmp_path):
    done = run_tally(tmp_path, GOOD_ROUND)
    deputy = json.loads(done.stdout)["positions"][1]
    assert list(deputy["votes"]) == ["张伟", "刘芳", "何平", "陈静"]


def test_void_round_reason_is_in_chinese_by_default_and_english_on_request(tmp_path):
    void = dict(GOOD_ROUND, issued=10, boxes=[])
    chinese = json.loads(run_tally(tmp_path, void).stdout)
    english = json.loads(run_tally(tmp_path, void, "--lang", "en").stdout)
    assert chinese["valid_round"] is False and chinese["positions"][0]["elected"] == []
    assert chinese["reason"] == "收回选票 11 张，但只发出 10 张：本轮选举无效，必须重新进行。"
    assert english["reason"] == ("11 ballots were collected but only 10 were issued: "
                                 "the round is void and must be held again.")


@pytest.mark.parametrize(("content", "words"), [
    ('{"form": "direct", ', "不是有效的 JSON"),
    ({k: v for k, v in GOOD_ROUND.items() if k != "ballots"}, "缺少 ballots"),
    (dict(GOOD_ROUND, electorate="twelve"), "electorate 必须是不小于 1 的整数"),
    (dict(GOOD_ROUND, rules={"quorum_share": "2/3"}), "未知的规则设置：quorum_share"),
    (dict(GOOD_ROUND, ballots=[{"treasurer": ["张伟"]}]), "选票上没有这个职位"),
    (dict(GOOD_ROUND, form="postal"), "form 必须是以下之一"),
    (dict(GOOD_ROUND, ballots=[{"director": {"names": ["王建国"], "undecided": True}}], boxes=[]), "监票人"),
    ([1, 2, 3], "整个文件 必须是 JSON 对象"),
])
def test_bad_tally_file_is_refused_with_a_plain_chinese_message(tmp_path, content, words):
    done = run_tally(tmp_path, content)
    assert done.returncode == 2
    assert done.stdout == ""
    assert words in done.stderr
    assert done.stderr.startswith("错误")
    assert "Traceback" not in done.stderr


def test_missing_tally_file_is_refused_plainly(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "POLLDESK_LANG"}
    done = subprocess.run([str(POLLDESK), "tally", str(tmp_path / "nowhere.json")], capture_output=True,
                          text=True, env=env, timeout=60)
    assert done.returncode == 2
    assert "不存在或无法读取" in done.stderr
    assert "Traceback" not in done.stderr
