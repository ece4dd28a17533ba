"""Individual registrations: a unit's list of people and the titles they strive for.

A list is checked as a whole: every row is accepted or none is, and each problem is
reported with its row and column so an officer can fix the spreadsheet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from emutrack_kit.text import fold, nfc
from registration.domain.titles import TITLES

Gender = Literal["nam", "nữ"]
MAX_PEOPLE = 5000
Cells = Mapping[str, object]  # one row as sent (JSON) or read (a sheet's cells) by field, unchecked


@dataclass(frozen=True)
class Column:
    """A column of the individual-registration sheet: field name and Vietnamese header."""

    field: str
    header: str
    required: bool


COLUMNS: tuple[Column, ...] = (
    Column("full_name", "Họ và tên", True),
    Column("birth_date", "Ngày sinh (dd/mm/yyyy)", False),
    Column("gender", "Giới tính (Nam/Nữ)", False),
    Column("position", "Chức vụ, đơn vị công tác", False),
    Column("title", "Danh hiệu đăng ký", True),
)
_HEADER = {c.field: c.header for c in COLUMNS}


@dataclass(frozen=True)
class Person:
    """A validated row."""

    full_name: str
    birth_date: date | None
    gender: Gender | None
    position: str | None
    title_code: str
    title_name: str

    @property
    def key(self) -> str:
        """Identity within one list: folded name and birth date."""
        return f"{fold(self.full_name)}|{self.birth_date.isoformat() if self.birth_date else ''}"


@dataclass(frozen=True)
class UnitList:
    """A list a unit submits whole for a round (people, a form), in the version last submitted."""

    list_id: str
    round_id: str
    year: int
    unit_id: str
    unit_name: str
    unit_path: tuple[str, ...]
    version: int
    submitted_by: str
    submitted_at: datetime


@dataclass(frozen=True)
class PeopleList(UnitList):
    """A unit's list of people for a round, and how many registered for each title."""

    people: tuple[Person, ...]
    counts_by_title: dict[str, int]


@dataclass(frozen=True)
class ListedPerson:
    """A registered person and the unit and round of their list."""

    person: Person
    unit_id: str
    unit_name: str
    round_id: str
    year: int


@dataclass(frozen=True)
class PeopleFilter:
    """What a search of registered people keeps: `unit_id` selects a subtree."""

    q: str | None = None
    year: int | None = None
    round_id: str | None = None
    unit_id: str | None = None
    title_code: str | None = None


@dataclass(frozen=True)
class RowError:
    """A problem in one cell: row number as the officer sees it, column header, message."""

    row: int
    column: str
    message: str


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = nfc(str(value))
    return text or None


def _birth_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return datetime.strptime(str(value).strip(), "%d/%m/%Y").date()


def _title_code(value: str) -> str | None:
    """A title given by its code or its Vietnamese name, any case or accents."""
    wanted = fold(value)
    for title in TITLES.values():
        if title.subject_kind == "individual" and wanted in (fold(title.code), fold(title.name)):
            return title.code
    return None


def _birth(row: int, raw: Cells, today: date, problems: list[RowError]) -> date | None:
    if _text(raw.get("birth_date")) is None:
        return None
    try:
        birth = _birth_date(raw["birth_date"])
        if not date(1900, 1, 1) <= birth <= today:
            raise ValueError
    except ValueError:
        message = f"Ngày sinh '{raw['birth_date']}' không hợp lệ (dd/mm/yyyy)."
        problems.append(RowError(row, _HEADER["birth_date"], message))
        return None
    return birth


def _gender(row: int, raw: Cells, problems: list[RowError]) -> Gender | None:
    gender_text = _text(raw.get("gender"))
    if gender_text is None:
        return None
    folded = fold(gender_text)
    if folded not in ("nam", "nu"):
        problems.append(RowError(row, _HEADER["gender"], f"Giới tính '{gender_text}' phải là Nam hoặc Nữ."))
    return "nam" if folded == "nam" else "nữ"


def _title(row: int, raw: Cells, problems: list[RowError]) -> str | None:
    title_text = _text(raw.get("title"))
    if title_text is None:
        problems.append(RowError(row, _HEADER["title"], "Thiếu danh hiệu đăng ký."))
        return None
    code = _title_code(title_text)
    if code is None:
        allowed = ", ".join(t.name for t in TITLES.values() if t.subject_kind == "individual")
        message = f"Danh hiệu '{title_text}' không hợp lệ cho cá nhân; chọn một trong: {allowed}."
        problems.append(RowError(row, _HEADER["title"], message))
    return code


def _person(row: int, raw: Cells, today: date) -> tuple[Person | None, list[RowError]]:
    """One row checked: the person, or every problem of the row (in column order)."""
    problems: list[RowError] = []
    name = _text(raw.get("full_name"))
    if name is None:
        problems.append(RowError(row, _HEADER["full_name"], "Thiếu họ và tên."))
    birth = _birth(row, raw, today, problems)
    gender = _gender(row, raw, problems)
    code = _title(row, raw, problems)
    if problems or name is None or code is None:
        return None, problems
    return Person(name, birth, gender, _text(raw.get("position")), code, TITLES[code].name), []


def validate_people(rows: Sequence[tuple[int, Cells]], today: date) -> tuple[list[Person], list[RowError]]:
    """Check every row; return the people when there is no error, else every error found."""
    if len(rows) > MAX_PEOPLE:
        return [], [RowError(0, "", f"Danh sách có {len(rows)} người, vượt quá giới hạn {MAX_PEOPLE} người.")]
    if not rows:
        return [], [RowError(0, "", "Danh sách không có người nào.")]
    people: list[Person] = []
    errors: list[RowError] = []
    first_row_of: dict[str, int] = {}
    for row, raw in rows:
        person, problems = _person(row, raw, today)
        errors.extend(problems)
        if person is None:
            continue
        if person.key in first_row_of:
            message = f"'{person.full_name}' trùng với dòng {first_row_of[person.key]} trong cùng danh sách."
            errors.append(RowError(row, _HEADER["full_name"], message))
            continue
        first_row_of[person.key] = row
        people.append(person)
    return (people, []) if not errors else ([], errors)


def counts_by_title(people: Sequence[Person]) -> dict[str, int]:
    """How many people registered for each title."""
    counts: dict[str, int] = {}
    for p in people:
        counts[p.title_code] = counts.get(p.title_code, 0) + 1
    return counts
