"""How a level processes nominations: received, returned at least once, finished, and in how many days."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from reporting.domain.numbers import Delta

FINISHED = frozenset({"decided", "forwarded", "not_passed"})
FIELD = "review_at_level"


@dataclass(frozen=True)
class Progress:
    """What is known of one nomination at one level."""

    received_at: datetime | None = None
    returned: bool = False
    finished: bool = False
    year: int | None = None  # the emulation year the nomination is for (decisions count in it)


def review_delta(
    progress: Progress, status: str, changed_at: datetime, year: int | None = None
) -> tuple[Delta, Progress]:
    """The level's increments for one status change, and the nomination's progress after it.

    Each nomination counts once as received, once as returned (however often it was), and once
    as finished, with the whole days from its first receipt to the end.
    """
    progress = replace(progress, year=progress.year if year is None else year)
    if status == "received" and progress.received_at is None:
        return {f"{FIELD}.received": 1}, replace(progress, received_at=changed_at)
    if status == "returned" and not progress.returned:
        return {f"{FIELD}.returned": 1}, replace(progress, returned=True)
    if status in FINISHED and not progress.finished:
        delta = {f"{FIELD}.finished": 1}
        if progress.received_at is not None:  # finished before we heard of its receipt: not timed
            days = max(0, (changed_at - progress.received_at).days)
            delta |= {f"{FIELD}.timed": 1, f"{FIELD}.days": days}
        return delta, replace(progress, finished=True)
    return {}, progress


@dataclass(frozen=True)
class Processing:
    """A level's dossier processing: how many received, returned, finished; return rate (%) and mean days."""

    received: int
    returned: int
    finished: int
    return_rate_percent: float | None
    mean_processing_days: float | None


def processing_figures(review: Mapping[str, int]) -> Processing:
    """Return rate (%) and mean processing days of a level, from its counted review numbers."""
    received, returned, timed = review.get("received", 0), review.get("returned", 0), review.get("timed", 0)
    return Processing(
        received,
        returned,
        review.get("finished", 0),
        round(100 * returned / received, 1) if received else None,
        round(review.get("days", 0) / timed, 1) if timed else None,
    )
