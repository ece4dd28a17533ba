"""Who may be evaluated at year end: only those who registered (DOMAIN.md §4).

"chỉ bình xét thi đua cuối năm đối với những tập thể, cá nhân có đăng ký thi đua".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class RegisteredSubject:
    """A unit (or person) registered for a title in a year."""

    year: int
    subject_kind: str
    unit_id: str
    title_code: str


def may_be_evaluated(
    registered: Iterable[RegisteredSubject], year: int, unit_id: str, title_code: str
) -> bool:
    """True if the unit registered for this title in this year."""
    return any(r.year == year and r.unit_id == unit_id and r.title_code == title_code for r in registered)
