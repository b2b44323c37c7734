"""The district office after election day (区选举办汇总): merge stations' results, check 不重, lock, report."""

from app.district.lock import ResultsLock, lock_results, results_lock
from app.district.merge import ContestMerge, merge_contests
from app.district.problems import Problem, find_problems, resolve_problem
from app.district.summary import DistrictSummary, district_summary

__all__ = [
    "ContestMerge", "DistrictSummary", "Problem", "ResultsLock", "district_summary", "find_problems",
    "lock_results", "merge_contests", "resolve_problem", "results_lock",
]
