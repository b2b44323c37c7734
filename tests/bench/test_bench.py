"""`polldesk bench`: the benchmark registry, the LOOKUP benchmark's output shape and its answer check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.bench import BenchContext, BenchmarkFailed, BenchResult, benchmark, registered, run_benchmarks
from app.bench.lookup import KINDS, _check
from app.bench.synthetic import SyntheticVoter
from app.cli import main
from app.register.lookup import LookupRow


def test_quick_lookup_bench_prints_every_query_kind_against_its_floor(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["bench", "--quick", "--json", "--only", "lookup", "--size", "2000", "--workdir", str(tmp_path)])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    entries = out["benchmarks"]
    assert all(set(e) == {"name", "value", "unit", "floor", "ratio", "goal_ratio"} for e in entries)
    names = [e["name"] for e in entries]
    assert names[0] == "lookup.index_build"
    assert names[1:] == [f"lookup.{k.name}.{p}" for k in KINDS for p in ("p50", "p95")]
    for e in entries[1:]:
        assert e["unit"] == "ms" and e["value"] > 0 and e["floor"] > 0 and e["goal_ratio"] == 2.0
        assert e["ratio"] == pytest.approx(e["value"] / e["floor"], rel=0.05, abs=0.02)
    assert list(tmp_path.iterdir()) == []          # scratch files are cleaned away


def test_an_unknown_benchmark_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "--only", "nosuch", "--workdir", str(tmp_path)]) == 2
    assert "nosuch" in capsys.readouterr().err


def test_another_area_adds_its_benchmark_with_the_decorator(tmp_path: Path) -> None:
    @benchmark("test_only_sum")
    def summing(ctx: BenchContext) -> list[BenchResult]:
        return [BenchResult("sum", float(ctx.scale(full=1000, quick=10)), "items", 5.0, 2.0)]

    try:
        assert "test_only_sum" in registered() and "lookup" in registered()
        [result] = run_benchmarks(BenchContext(quick=True, workdir=tmp_path), ["test_only_sum"])
        assert result.to_dict() == {"name": "sum", "value": 10.0, "unit": "items", "floor": 5.0,
                                    "ratio": 2.0, "goal_ratio": 2.0}
    finally:
        from app import bench

        bench._REGISTRY.pop("test_only_sum")


def test_a_lookup_that_misses_the_expected_voter_fails_the_benchmark() -> None:
    voter = SyntheticVoter(7, "曾国藩", "110105194912310021", "010000001", "C01")
    exact = next(k for k in KINDS if k.name == "name_exact")
    other = LookupRow(8, "曾国藩", "110105********0037", "第1居民小组", "010000002", "C01-Z", "not_voted")
    stranger = LookupRow(9, "王芳", "110105********0045", "第1居民小组", "010000003", "C01-Z", "not_voted")
    _check(exact, voter, "曾国藩", [other] * 20)     # a full page of namesakes is an honest answer
    with pytest.raises(BenchmarkFailed):
        _check(exact, voter, "曾国藩", [other])
    with pytest.raises(BenchmarkFailed):
        _check(exact, voter, "曾国藩", [stranger] * 20)


@pytest.mark.parametrize("name, size, expected", [
    ("register_import", 300, ["register_import.seconds"]),
    ("city_scaling", 400, ["city_scaling.per_voter_growth", "city_scaling.100.per_voter",
                           "city_scaling.400.per_voter"]),
    ("posted_list", 200, ["posted_list.seconds"]),
    ("package_export", 1000, ["package_export.seconds"]),
    ("district_import", 1000, ["district_import.seconds"]),
])
def test_each_new_benchmark_runs_at_a_tiny_size_against_its_floor(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, size: int, expected: list[str]) -> None:
    workdir = tmp_path / "bench"        # not tmp_path itself: it holds this test's home folder (and its caches)
    workdir.mkdir()
    code = main(["bench", "--quick", "--json", "--only", name, "--size", str(size), "--workdir", str(workdir)])
    assert code == 0
    entries = json.loads(capsys.readouterr().out)["benchmarks"]
    assert [e["name"] for e in entries] == expected
    for e in entries:
        assert set(e) == {"name", "value", "unit", "floor", "ratio", "goal_ratio"}
        assert e["value"] > 0 and e["floor"] > 0 and e["goal_ratio"] > 0
    assert list(workdir.iterdir()) == []


def test_the_import_benchmarks_register_file_holds_distinct_valid_id_numbers() -> None:
    from app.bench.register_file import register_rows
    from app.register.idnumber import parse_id

    rows = register_rows(3000)
    assert len({r[2] for r in rows}) == 3000
    assert all(parse_id(r[2]).number == r[2] for r in rows[:200])


def test_the_district_import_floor_opens_the_sealed_packages_and_inserts_every_row(tmp_path: Path) -> None:
    """The floor must insert the rows the district merges, not nothing: every sealed table is opened first."""
    import sqlite3

    from app.bench.district_import import bare_merge
    from app.db import open_data_file
    from app.demo import run_demo
    from app.exchange import PackageRejected, read_package
    from app.exchange.keys import district_sealing_private_key
    from app.vault.sealing import new_key_pair

    summary = run_demo(tmp_path / "demo", voters=1000, stop_at="exported")
    packages = sorted(Path(p) for p in summary["packages"].values())
    assert all(read_package(p).sealed and not read_package(p).tables for p in packages)
    with open_data_file(summary["district_file"], kind="district") as district:
        key = district_sealing_private_key(district.conn)
    assert bare_merge(packages, tmp_path / "floor.sqlite", key) > 0
    listed = sum(e["rows"] for p in packages for e in read_package(p).manifest["entries"])
    with sqlite3.connect(tmp_path / "floor.sqlite") as floor:
        assert floor.execute("SELECT COUNT(*) FROM merged").fetchone()[0] == listed > 1000
    with pytest.raises(PackageRejected):
        bare_merge(packages, tmp_path / "other.sqlite", new_key_pair()[0])
