"""Pure helpers of a unit's lists, forms and proposals: row errors, pages, days typed dd/mm/yyyy, fields."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from emutrack_kit.text import fold, nfc

PAGE = 20
_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_AUTHOR = re.compile(r"authors(?:\.(\d+)|\[(\d+)\])\.(full_name|position|contribution_percent)")
_AUTHOR_INPUT = {
    "full_name": "author_name",
    "position": "author_position",
    "contribution_percent": "author_share",
}


@dataclass(frozen=True)
class RowProblem:
    """A problem the service found in a spreadsheet: row as the officer numbers it (0: the whole file)."""

    row: int
    column: str
    message: str


def row_problems(details: Mapping[str, Any]) -> list[RowProblem]:
    """The service's row errors (`details.errors`) in row order."""
    found = [
        RowProblem(int(e.get("row") or 0), str(e.get("column") or ""), str(e.get("message") or ""))
        for e in details.get("errors") or []
        if isinstance(e, Mapping)
    ]
    return sorted(found, key=lambda p: p.row)


@dataclass(frozen=True)
class Pager:
    """Where a page of a list stands: what it shows of the total, where the pages before and after start."""

    skip: int
    shown: int
    total: int
    limit: int = PAGE

    @property
    def first(self) -> int:
        """The number of the first item shown (1-based; 0 when nothing is shown)."""
        return self.skip + 1 if self.shown else 0

    @property
    def last(self) -> int:
        """The number of the last item shown."""
        return self.skip + self.shown

    @property
    def previous(self) -> int | None:
        """Where the page before starts, if there is one."""
        return max(0, self.skip - self.limit) if self.skip > 0 else None

    @property
    def next(self) -> int | None:
        """Where the page after starts, if there is one."""
        return self.skip + self.limit if self.skip + self.shown < self.total else None


def page_of(items: Sequence[Any], skip: int, limit: int = PAGE) -> tuple[list[Any], Pager]:
    """One page of a list held whole, and where it stands."""
    shown = list(items[skip : skip + limit])
    return shown, Pager(skip, len(shown), len(items), limit)


def matching(rows: Iterable[Mapping[str, Any]], q: str, fields: Sequence[str]) -> list[Mapping[str, Any]]:
    """Rows whose text fields hold every word of `q`, ignoring case and accents."""
    words = fold(q).split()
    if not words:
        return list(rows)
    kept = []
    for row in rows:
        text = fold(" ".join(str(row.get(f) or "") for f in fields))
        if all(w in text for w in words):
            kept.append(row)
    return kept


def day_typed(text: str) -> date:
    """A day typed as dd/mm/yyyy (ValueError with the Vietnamese reason otherwise)."""
    found = _DAY.fullmatch(nfc(text))
    if found is None:
        raise ValueError("Ngày phải có dạng dd/mm/yyyy, ví dụ 15/03/2024.")
    day, month, year = (int(g) for g in found.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"Ngày {nfc(text)} không có trên lịch.") from None


def share_typed(text: str) -> int | None:
    """An author's share typed as a whole percent 1-100, or None when left empty (ValueError otherwise)."""
    cleaned = nfc(text).removesuffix("%").strip()
    if not cleaned:
        return None
    if not cleaned.isdigit() or not 1 <= int(cleaned) <= 100:
        raise ValueError("Tỷ lệ đóng góp là số nguyên từ 1 đến 100.")
    return int(cleaned)


def input_of(service_field: str) -> str:
    """The form input a service's field name points at: `authors[1].full_name` → `author_name-1`."""
    found = _AUTHOR.fullmatch(service_field)
    if found is None:
        return service_field
    index = found.group(1) or found.group(2)
    return f"{_AUTHOR_INPUT[found.group(3)]}-{index}"


def inputs_of(fields: Mapping[str, str]) -> dict[str, str]:
    """The service's messages by the form input they belong beside."""
    return {input_of(name): message for name, message in fields.items()}
