"""The catalogue of audit events (审计事件): every event type is declared here once, with its description."""

from __future__ import annotations

from app.i18n import tr

# code -> English description (translated through tr() when shown). Add new types here, never elsewhere.
EVENTS: dict[str, str] = {
    # setup and files
    "setup_loaded": "Election setup loaded into this file",
    "settings_changed": "A setting was changed",
    "backup_written": "Backup written",
    "backup_restored": "Backup restored",
    # voter register (四增四减)
    "register_imported": "Voter register imported",
    "voter_added": "Voter added to the register",
    "voter_removed": "Voter removed from the register",
    "voter_changed": "Voter record corrected",
    "duplicate_resolved": "Duplicate registration resolved",
    "register_posted": "Voter list posted",
    # candidates
    "candidate_nominated": "Candidate nominated",
    "candidate_reviewed": "Candidate qualification reviewed",
    "candidate_withdrawn": "Candidate withdrawn",
    "committee_formed": "Election committee formed",
    "committee_member_added": "Election committee member added",
    "committee_member_stepped_down": "Election committee member stepped down",
    "relatives_recorded": "Close relatives recorded",
    "group_contest_created": "Resident-group election created",
    "unit_representative_added": "Unit representative recorded",
    # election day
    "poll_opened": "Poll opened",
    "poll_closed": "Poll closed",
    "ballot_issued": "Ballot issued",
    "proxy_ballot_issued": "Ballot issued to a proxy",
    "mobile_ballot_issued": "Ballot issued at a mobile ballot box",
    "ballot_spoilt": "Spoilt ballot voided and replaced",
    "ballots_received": "Blank ballots received by the station",
    "mobile_box_returned": "Mobile ballot box returned and reconciled",
    "issuance_undone": "Ballot issuance undone",
    "override_by_chief": "Exception authorised by the station chief",
    # counting and results
    "counting_started": "Counting started",
    "ballots_entered": "Ballots entered at the count",
    "ballot_entry_undone": "Last counted ballot taken back",
    "ballot_corrected": "Counted ballot corrected after double entry",
    "undecided_resolved": "Unclear ballot decided by the scrutineers",
    "tally_sheet_entered": "Tally-sheet totals entered",
    "issued_entered": "Ballots issued entered for a box counted here",
    "double_entry_closed": "Double entry compared and closed",
    "results_certified": "Results certified",
    "further_round_created": "Further round created for unfilled seats",
    "results_locked": "District results locked",
    # packages between stations and the district
    "package_exported": "Package exported",
    "package_imported": "Package imported",
    "package_rejected": "Package rejected",
    "package_removed": "Package removed",
    # users and sign-in
    "login_ok": "Signed in",
    "login_failed": "Sign-in failed",
    "user_locked": "Account locked after wrong passwords",
    "user_unlocked": "Account unlocked",
    "user_added": "User added",
    "user_removed": "User removed",
    "password_changed": "Password changed",
    "access_granted": "User may unlock the encrypted file",
    "access_revoked": "User may no longer unlock the encrypted file",
}


class UndeclaredEventError(ValueError):
    """An event type that is not in the catalogue: a programming error, not a user's."""


def check_event(code: str) -> str:
    """`code` itself if it is declared, else raise UndeclaredEventError."""
    if code not in EVENTS:
        raise UndeclaredEventError(f"audit event {code!r} is not declared in app/audit/events.py")
    return code


def describe(code: str) -> str:
    """The description of a declared event in the user's language."""
    return tr(EVENTS[check_event(code)])
