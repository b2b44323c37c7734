"""What a register check needs from a district file: the register key, who is registered, communities, groups."""

from __future__ import annotations

import sqlite3
import unicodedata
from dataclasses import dataclass, field

from app.errors import PollDeskError
from app.register.privacy import IdHasher


@dataclass
class RegisterContext:
    """The district's register as seen by a check or an import."""

    key: bytes | None
    registered: dict[str, tuple[str, int]]        # id_hash -> (community code, voter id), active voters
    names: dict[str, str]                         # community code -> name
    group_ids: dict[tuple[str, int], int]         # (community code, group number) -> group id
    chosen_community: str | None = None           # --community: the one being imported
    _by_name: dict[str, str] = field(default_factory=dict)
    _seen: dict[str, str | None] = field(default_factory=dict)
    _hasher: IdHasher | None = None

    def __post_init__(self) -> None:
        self._hasher = IdHasher(self.key) if self.key is not None else None
        self._by_name = {_core(_key(n)): c for c, n in self.names.items()}
        self._by_name.update({_key(n): c for c, n in self.names.items()})
        self._by_name.update({_key(c): c for c in self.names})

    def id_hash(self, number: str) -> str:
        """The keyed hash of a valid, normalised ID number (`privacy.id_hash`); only when the file has a key."""
        if self._hasher is None:
            raise LookupError("this data file has no register key")
        return self._hasher(number)

    @property
    def default_community(self) -> str | None:
        """The community for rows that name none: the chosen one, or the only one there is."""
        if self.chosen_community is not None:
            return self.chosen_community
        return next(iter(self.names)) if len(self.names) == 1 else None

    def community_code(self, text: str) -> str | None:
        """The code of the community written as its code or its name ("东湖社区", "东湖", "C01")."""
        if text in self._seen:
            return self._seen[text]
        k = _key(text)
        code = self._by_name.get(k) or self._by_name.get(_core(k))
        self._seen[text] = code
        return code

    def community_label(self, code: str) -> str:
        """A community as people name it."""
        return self.names.get(code, code)


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).upper().split())


_SUFFIXES = ("社区居民委员会", "社区居委会", "居民委员会", "居委会", "社区")


def _core(key: str) -> str:
    """A community's name without the words that name its kind: 东湖社区居委会, 东湖居委会, 东湖社区 -> 东湖."""
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[:-len(suffix)]
    return key


def load_context(conn: sqlite3.Connection, community: str | None = None) -> RegisterContext:
    """The context of a district file; `community` (code or name) restricts an import to one community."""
    key_row = conn.execute("SELECT key FROM register_key WHERE id = 1").fetchone()
    registered = {r[0]: (r[1], r[2]) for r in conn.execute(
        "SELECT id_hash, community_code, id FROM voters WHERE status = 'active' ORDER BY id DESC")}
    names = {r[0]: r[1] for r in conn.execute("SELECT code, name FROM communities ORDER BY code")}
    group_ids = {(r[0], r[1]): r[2] for r in conn.execute("SELECT community_code, number, id FROM resident_groups")}
    context = RegisterContext(bytes(key_row[0]) if key_row else None, registered, names, group_ids)
    if community is not None:
        code = context.community_code(community)
        if code is None:
            raise PollDeskError("unknown_community", "There is no community \"{value}\" in this election. "
                                "Communities: {known}.", value=community,
                                known="、".join(f"{c} {n}" for c, n in names.items()) or "-")
        context.chosen_community = code
    return context
