"""Who may be evaluated at year end: only those who registered (docs/domain.md §4).

"chỉ bình xét thi đua cuối năm đối với những tập thể, cá nhân có đăng ký thi đua".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


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


@dataclass(frozen=True)
class RegisterEntry:
    """A registration as the evaluation register keeps it: who registered for what, and its latest status."""

    registration_id: str
    round_id: str
    year: int
    subject_kind: str
    unit_id: str
    unit_name: str
    unit_path: tuple[str, ...]
    title_code: str
    title_name: str
    registered_at: datetime
    status: str
    changed_at: datetime


@dataclass(frozen=True)
class RegistrationChange:
    """A later status or title of a registration (older or repeated changes do nothing)."""

    registration_id: str
    status: str
    title_code: str
    title_name: str
    changed_at: datetime


@dataclass(frozen=True)
class ListedPerson:
    """A person on a unit's list for individual titles."""

    person_key: str
    full_name: str
    title_code: str
    title_name: str
    birth_date: str | None = None
    gender: str | None = None
    position: str | None = None


@dataclass(frozen=True)
class PeopleList:
    """A unit's list of people registered for individual titles in a year, at one version."""

    list_id: str
    version: int
    year: int
    round_id: str
    unit_id: str
    unit_name: str
    unit_path: tuple[str, ...]
    people: tuple[ListedPerson, ...]
