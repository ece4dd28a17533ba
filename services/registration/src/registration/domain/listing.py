"""What the lists of a unit subtree's records share: the filters every list takes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ListFilter:
    """What a list keeps: a round, a year, a status; `unit_id` selects a subtree, `q` words in any accents."""

    round_id: str | None = None
    year: int | None = None
    unit_id: str | None = None
    status: str | None = None
    q: str | None = None
