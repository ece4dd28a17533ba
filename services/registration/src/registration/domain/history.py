"""What a record went through: each status it took, when, by whom and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class HistoryEntry:
    """One status a registration, proposal or dossier passed through."""

    status: str
    at: datetime
    by: str
    reason: str | None = None
    level_unit_id: str | None = None  # review's steps on a dossier name the level that took them
