"""The crash test's clerk: issues ballots in a burst, printing each voter id as soon as issue_ballot returns.

A printed id is a ballot acknowledged to the clerk: the parent kills this process at a random moment
and then checks that every printed id is in the file. Run as `python burst_child.py STATION_FILE`.
"""

from __future__ import annotations

import os
import sys

from app.audit import Actor
from app.db import open_data_file
from app.pollbook import issue_ballot

CLERK = Actor("clerk1", "clerk")


def main(path: str) -> None:
    with open_data_file(path, kind="station") as df:
        place = df.place_code
        ids = [int(r[0]) for r in df.conn.execute(
            "SELECT id FROM voters WHERE place_code = ? AND status = 'active'"
            " AND id NOT IN (SELECT voter_id FROM issuances) ORDER BY id", (place,))]
        sys.stdout.write("ready\n")
        sys.stdout.flush()
        for voter in ids:
            issue_ballot(df.conn, CLERK, voter)
            sys.stdout.write(f"{voter}\n")      # one small write: a pipe never splits it
            sys.stdout.flush()
        sys.stdout.write("done\n")
        sys.stdout.flush()


if __name__ == "__main__":
    if os.environ.get("POLLDESK_TEST_ENCRYPTED_RUN"):    # the suite's encrypted run: open as its test user
        from tests.vault.encrypted_suite import encrypt_by_default

        encrypt_by_default()
    main(sys.argv[1])
