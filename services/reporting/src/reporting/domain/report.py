"""A summary report (annual or 05-year) of emulation and commendation, assembled from a unit's counters."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from emutrack_kit.text import nfc
from reporting.domain.labels import TERRITORIAL_KINDS
from reporting.domain.numbers import Numbers, UnitNumbers
from reporting.domain.units import UnitOnDay

ReportKind = Literal["annual", "five_year"]
FIVE_YEARS = 5
PLACE = "Hà Nội"
TITLE = "BÁO CÁO"
SIGNER = "THỦ TRƯỞNG ĐƠN VỊ"
SIGNATURE_HINT = "(Ký, ghi rõ họ tên, đóng dấu)"


@dataclass(frozen=True)
class Figures(Numbers):
    """One unit's numbers for one year, its subtree included.

    `known` is False for a year nothing was counted for anywhere in the tree (not a year of zeros).
    """

    known: bool = True


@dataclass(frozen=True)
class UnitFigures:
    """A child unit's numbers (the per-child table)."""

    unit_id: str
    name: str
    figures: Figures


@dataclass(frozen=True)
class SummaryReport:
    """What a summary report says: who issues it, when, and the figures of its years and children."""

    kind: ReportKind
    unit_id: str
    unit_name: str
    unit_kind: str
    parent_name: str | None  # cơ quan cấp trên; None for the city
    parent_kind: str | None
    issued_on: date
    years: tuple[int, ...]
    per_year: tuple[Figures, ...]  # one per year, in order
    children: tuple[UnitFigures, ...]  # the direct children's numbers in the last year
    place: str = PLACE

    @property
    def first_year(self) -> int:
        """The first year reported on."""
        return self.years[0]

    @property
    def last_year(self) -> int:
        """The last year reported on (the one the per-child figures are of)."""
        return self.years[-1]

    @property
    def last(self) -> Figures:
        """The figures of the last year."""
        return self.per_year[-1]

    @property
    def years_without_data(self) -> tuple[int, ...]:
        """The years nothing was counted for anywhere in the tree."""
        return tuple(y for y, f in zip(self.years, self.per_year, strict=True) if not f.known)

    @property
    def agency(self) -> str:
        """The issuing body: a ward, district or the city issues through its people's committee."""
        return nfc(
            f"Ủy ban nhân dân {self.unit_name}" if self.unit_kind in TERRITORIAL_KINDS else self.unit_name
        )

    @property
    def parent_agency(self) -> str | None:
        """The body above the issuer (cơ quan chủ quản), None for the city."""
        if self.parent_name is None:
            return None
        return nfc(f"UBND {self.parent_name}" if self.parent_kind in TERRITORIAL_KINDS else self.parent_name)

    @property
    def number(self) -> str:
        """The number line, left for the clerk to fill in when the report is registered."""
        return "Số: …/BC-UBND" if self.unit_kind in TERRITORIAL_KINDS else "Số: …/BC-…"

    @property
    def date_line(self) -> str:
        """`Hà Nội, ngày 05 tháng 02 năm 2020` (NĐ 30/2020: a 0 before days < 10 and months 1, 2)."""
        d = self.issued_on
        month = f"{d.month:02d}" if d.month < 3 else str(d.month)
        return nfc(f"{self.place}, ngày {d.day:02d} tháng {month} năm {d.year}")

    @property
    def period(self) -> str:
        """`05 năm (2020–2024)` or `năm 2020`."""
        return period_text(self.kind, self.first_year)

    @property
    def next_period(self) -> str:
        """The period the orientation part looks ahead to."""
        return period_text(self.kind, self.last_year + 1)

    @property
    def subject_lines(self) -> tuple[str, str]:
        """The two lines under BÁO CÁO (as in the Hoàn Kiếm 2019 outline)."""
        return (
            f"Tổng kết phong trào thi đua và công tác khen thưởng {self.period};",
            f"Phương hướng, nhiệm vụ công tác thi đua, khen thưởng {self.next_period}",
        )

    @property
    def recipients(self) -> tuple[str, ...]:
        """The `Nơi nhận` list."""
        above = (f"- {self.parent_agency} (để báo cáo);",) if self.parent_agency else ()
        return (*above, f"- Hội đồng Thi đua - Khen thưởng {self.unit_name};", "- Lưu: VT.")


def period_text(kind: ReportKind, first_year: int) -> str:
    """`05 năm (2020–2024)` for five years from `first_year`, `năm 2020` for one."""
    if kind == "annual":
        return f"năm {first_year}"
    return f"05 năm ({first_year}–{first_year + FIVE_YEARS - 1})"


def years_of(kind: ReportKind, first_year: int) -> tuple[int, ...]:
    """The years a report covers: one, or five from `first_year`."""
    return tuple(range(first_year, first_year + (1 if kind == "annual" else FIVE_YEARS)))


def figures_of(numbers: Numbers | None) -> Figures:
    """A unit's figures from its numbers; None: a year without any data."""
    if numbers is None:
        return Figures({}, {}, known=False)
    return Figures(numbers.totals, numbers.breakdowns)


def assemble(
    kind: ReportKind,
    unit: UnitOnDay,
    parent: UnitOnDay | None,
    yearly: Mapping[int, Numbers | None],
    children: Sequence[UnitNumbers],
    issued_on: date,
) -> SummaryReport:
    """The report of a unit from its numbers per year (None: no data) and its children's last year."""
    years = tuple(sorted(yearly))
    if not years:
        raise ValueError("a report needs at least one year")
    return SummaryReport(
        kind=kind,
        unit_id=unit.unit_id,
        unit_name=nfc(unit.name),
        unit_kind=unit.kind,
        parent_name=nfc(parent.name) if parent else None,
        parent_kind=parent.kind if parent else None,
        issued_on=issued_on,
        years=years,
        per_year=tuple(figures_of(yearly[y]) for y in years),
        children=tuple(UnitFigures(c.unit_id, nfc(c.unit_name), figures_of(c.numbers)) for c in children),
    )


def number(n: int) -> str:
    """A count as Vietnamese documents write it: `1.234`."""
    return f"{n:,}".replace(",", ".")
