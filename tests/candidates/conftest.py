"""Fixtures of the candidates tests (defined in candidatekit.py, shared with tests/ui_candidates)."""

from candidatekit import cheap_hashes, district

__all__ = ["cheap_hashes", "district"]
