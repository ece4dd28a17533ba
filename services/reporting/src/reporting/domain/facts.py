"""Facts, the idempotency key of every count, and the state later deltas are computed from (ADR 0003).

A fact is stored once per event id with the delta its first delivery computed, so a redelivery
applies exactly that, whatever moved since (docs/decisions/0003, 0015).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from emutrack_kit.consumer import Position
from reporting.domain.numbers import Delta


@dataclass(frozen=True)
class Fact:
    """An accepted fact: its event, what it is about, and the position and delta of its first delivery."""

    event_id: str
    event_type: str
    unit_id: str
    unit_path: tuple[str, ...]
    position: Position
    delta: Delta
    period: str | None = None  # a decision's awards carry their periods in their delta's keys


@dataclass(frozen=True)
class CountedList:
    """A unit's list of people as last counted: counts by title, and the list's version."""

    counts: Mapping[str, int]
    version: int


@dataclass(frozen=True)
class CountedSubmission:
    """What an initiative, exemplar or dossier was counted as: its level, category or award."""

    kind: str  # initiative, exemplar or dossier
    counted_as: str
