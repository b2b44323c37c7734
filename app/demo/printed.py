"""The district's paper in the demo: the voter lists posted (张榜公布), and samples of what is printed.

Every community's list is recorded as posted on its day (stage 2 of the seed); one community's posted
list, a group's voter cards, the committee ballot and the candidate list are printed into
DIR/printed/ so the demo shows what the office hands out.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.election.store import read_election
from app.register.posting import communities_of, record_posting
from app.reports.ballots import ballot_pdf
from app.reports.candidate_list import candidate_list_pdf
from app.reports.posted_list import posted_list_pdf, posting_dates
from app.reports.voter_cards import voter_cards_pdf

CARDS = 40
PRINTED_DIR = "printed"


def post_and_print(conn: sqlite3.Connection, folder: Path) -> dict[str, str]:
    """Record every posting and print the samples; {what: PDF path}."""
    election = read_election(conn)
    posted, _ = posting_dates(election)
    record_posting(conn, communities_of(conn, None, None), posted)
    first = conn.execute("SELECT code FROM communities ORDER BY code LIMIT 1").fetchone()[0]
    group = conn.execute("SELECT id FROM resident_groups WHERE community_code = ? ORDER BY number LIMIT 1",
                         (first,)).fetchone()[0]
    folder.mkdir(parents=True, exist_ok=True)
    printed = {
        "posted_list": posted_list_pdf(conn, folder / f"{first}-posted-list.pdf", community=first).path,
        "voter_cards": voter_cards_pdf(conn, folder / f"{first}-voter-cards.pdf", group_ids=[group],
                                       limit=CARDS).path,
        "ballot": ballot_pdf(conn, f"{first}-committee", folder / f"{first}-committee-ballot.pdf").path,
        "candidate_list": candidate_list_pdf(conn, first, folder / f"{first}-candidates.pdf")[0],
    }
    return {what: str(path) for what, path in printed.items()}
