"""Pure rules of the people search index: tokens, posting keys, escaping, intersection.

A posting document (`_id = "<year>|<key>"`) maps each list to the rows whose name holds the
key. A key is a whole folded name token (`thinh`) or, for prefix search of the query's last
token, a prefix of at least two characters followed by `*` (`th*`, `thi*`, `thin*`, `thinh*`).
Row numbers are kept as comma-separated strings per title: FerretDB rejects nested arrays.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from emutrack_kit.text import fold
from registration.domain.people import Person

MIN_PREFIX = 2
_TOKEN = re.compile(r"[^\W_]+")
_ESCAPES = {"%": "%25", ".": "%2E", "$": "%24"}
_UNESCAPE = re.compile(r"%(25|2E|24)")


def tokens(text: str) -> list[str]:
    """Folded whole-word tokens of a name or a query, in order, without repeats."""
    return list(dict.fromkeys(_TOKEN.findall(fold(text))))


def index_keys(name: str) -> set[str]:
    """Every posting key of a name: its tokens and their prefixes (≥ 2 characters, with `*`)."""
    keys: set[str] = set()
    for token in tokens(name):
        keys.add(token)
        keys.update(token[:n] + "*" for n in range(MIN_PREFIX, len(token) + 1))
    return keys


def query_keys(q: str) -> list[str]:
    """Posting keys a query needs: whole tokens, the last one as a prefix when it is long enough."""
    words = tokens(q)
    if words and len(words[-1]) >= MIN_PREFIX:
        words[-1] += "*"
    return list(dict.fromkeys(words))


def matches(name: str, keys: Sequence[str]) -> bool:
    """True if a name holds every key (re-checks a row fetched for a page)."""
    own = set(tokens(name))
    return all(any(t.startswith(k[:-1]) for t in own) if k.endswith("*") else k in own for k in keys)


def escape(key: str) -> str:
    """A map key without '.' or '$' (MongoDB field names); reversible."""
    return "".join(_ESCAPES.get(c, c) for c in key)


def unescape(key: str) -> str:
    """Inverse of `escape`."""
    return _UNESCAPE.sub(lambda m: {"25": "%", "2E": ".", "24": "$"}[m.group(1)], key)


def posting_id(year: int, key: str) -> str:
    """The `_id` of a posting document."""
    return f"{year}|{key}"


ROW_FIELDS = ("full_name", "birth_date", "gender", "position", "title_code", "title_name")


def encode_row(person: Mapping[str, Any]) -> str:
    """A person's display fields as one line of compact JSON (no raw newline can occur)."""
    return json.dumps([person.get(f) for f in ROW_FIELDS], ensure_ascii=False, separators=(",", ":"))


def decode_row(text: str) -> dict[str, Any]:
    """Inverse of `encode_row`."""
    return dict(zip(ROW_FIELDS, json.loads(text), strict=True))


def pack_rows(rows: Iterable[Mapping[str, Any]]) -> bytes:
    """A list's rows as zlib-compressed JSON lines: one small binary field (see ADR 0008)."""
    return zlib.compress("\n".join(encode_row(r) for r in rows).encode(), 6)


def unpack_rows(packed: bytes) -> list[str]:
    """The JSON lines of `pack_rows` (row n at index n - 1)."""
    return zlib.decompress(packed).decode().split("\n")


@dataclass(frozen=True)
class IndexedList:
    """One version of a unit's list, as the index stores it."""

    list_id: str
    version: int
    year: int
    round_id: str
    unit_id: str
    unit_name: str
    path: tuple[str, ...]
    rows: list[dict[str, Any]] = field(default_factory=list)  # people's display fields, row 1 first

    def postings(self) -> dict[str, dict[str, str]]:
        """Posting id -> {escaped title code: "3,17,52"} for every key of every name."""
        found: dict[str, dict[str, list[str]]] = {}
        for number, row in enumerate(self.rows, start=1):
            title = escape(row["title_code"])
            for key in index_keys(row["full_name"]):
                found.setdefault(posting_id(self.year, key), {}).setdefault(title, []).append(str(number))
        return {pid: {t: ",".join(r) for t, r in titles.items()} for pid, titles in found.items()}

    def rows_document(self) -> dict[str, Any]:
        """The list's display rows (row n on line n), its unit and round, the version."""
        return {
            "v": self.version,
            "unit_id": self.unit_id,
            "unit_name": self.unit_name,
            "round_id": self.round_id,
            "year": self.year,
            "people": pack_rows(self.rows),
        }

    def entry(self, titles: Mapping[str, str]) -> dict[str, Any]:
        """The posting entry of this list for one key."""
        return {
            "v": self.version,
            "path": "/".join(self.path),
            "round_id": self.round_id,
            "unit_id": self.unit_id,
            "rows": dict(titles),
        }


@dataclass(frozen=True)
class IndexedRows:
    """A list's rows as the index holds them (row n on line n), with its version, unit and round."""

    version: int
    unit_id: str
    unit_name: str
    round_id: str
    year: int
    lines: list[str]

    def person(self, number: int) -> Person | None:
        """The person on row `number` (None past the end of the list)."""
        if number > len(self.lines):
            return None
        row = decode_row(self.lines[number - 1])
        birth = row["birth_date"]
        return Person(
            row["full_name"],
            date.fromisoformat(birth) if birth else None,
            row["gender"],
            row["position"],
            row["title_code"],
            row["title_name"],
        )


@dataclass(frozen=True)
class Filters:
    """What a search keeps besides the name: reach and the optional filters."""

    visible: Callable[[tuple[str, ...]], bool]  # the caller reaches a unit path
    round_id: str | None = None
    unit_id: str | None = None
    title_code: str | None = None

    def keeps(self, entry: Mapping[str, Any]) -> bool:
        """True if a list's entry passes reach, round and unit-subtree filters."""
        path = tuple(entry["path"].split("/"))
        if self.round_id is not None and entry["round_id"] != self.round_id:
            return False
        if self.unit_id is not None and self.unit_id not in path:
            return False
        return self.visible(path)


@dataclass(frozen=True)
class Hit:
    """Rows of one list matching every key of a query."""

    list_id: str
    year: int
    version: int
    rows: tuple[int, ...]


def intersect(year: int, postings: Sequence[Mapping[str, Any] | None], filters: Filters) -> list[Hit]:
    """Rows present in every posting document (AND), per list, after the filters; sorted."""
    if not postings or any(p is None for p in postings):
        return []
    docs = sorted((p["lists"] for p in postings if p is not None), key=len)
    hits: list[Hit] = []
    for key in sorted(docs[0]):
        entries = [d.get(key) for d in docs]
        if any(e is None for e in entries):
            continue
        first = entries[0]
        assert first is not None
        if len({e["v"] for e in entries if e is not None}) != 1 or not filters.keeps(first):
            continue  # versions differ only while a resubmission is being indexed
        rows: set[int] = set()
        titles = [escape(filters.title_code)] if filters.title_code is not None else list(first["rows"])
        for title in titles:
            common = _rows(first["rows"].get(title))
            for e in entries[1:]:
                if not common:
                    break
                assert e is not None
                common &= _rows(e["rows"].get(title))
            rows |= common
        if rows:
            hits.append(Hit(unescape(key), year, first["v"], tuple(sorted(rows))))
    return hits


def _rows(text: str | None) -> set[int]:
    return {int(r) for r in text.split(",")} if text else set()


def page(hits: Iterable[Hit], skip: int, limit: int) -> tuple[list[tuple[Hit, int]], int]:
    """The (list, row) pairs of one page in the hits' order, and the total count."""
    chosen: list[tuple[Hit, int]] = []
    total = 0
    for hit in hits:
        start, end = max(skip - total, 0), min(skip + limit - total, len(hit.rows))
        if start < end:
            chosen.extend((hit, r) for r in hit.rows[start:end])
        total += len(hit.rows)
    return chosen, total
