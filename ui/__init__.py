"""PollDesk's Qt front end: thin screens over the `app/` core (no SQL, no election rule here)."""
