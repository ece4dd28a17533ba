"""Registration coverage of a round: who submitted before the deadline, who late, who not yet."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Coverage:
    """A round's expected units split by when (or whether) they submitted."""

    expected: int
    on_time: list[str]
    late: list[str]
    missing: list[str]

    @property
    def percent_on_time(self) -> float:
        """Share of the expected units that submitted by the deadline, in percent (one decimal)."""
        return round(100 * len(self.on_time) / self.expected, 1) if self.expected else 0.0


def coverage(expected: list[str], first_submitted: Mapping[str, datetime], deadline: datetime) -> Coverage:
    """Each expected unit is on time, late or missing by its first submission to the round."""
    on_time = [u for u in expected if u in first_submitted and first_submitted[u] <= deadline]
    late = [u for u in expected if u in first_submitted and first_submitted[u] > deadline]
    missing = [u for u in expected if u not in first_submitted]
    return Coverage(len(expected), on_time, late, missing)
