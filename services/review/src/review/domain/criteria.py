"""Criteria sets (bộ tiêu chí chấm điểm) of a cluster: data, versioned, never code (docs/domain.md §4).

A set has sections of criteria (each with a maximum and the evidence a unit must show), bonus
items (điểm thưởng, up to a maximum each) and penalty items (điểm trừ, up to a maximum deduction
each). A new year starts with `copy_for_year` (version 1 of that year); every `edit` yields the
next version, so score sheets name the exact version they were scored against.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from math import fsum

from emutrack_kit.errors import Conflict, Unprocessable


@dataclass(frozen=True)
class Criterion:
    """A criterion: its text, maximum points and the evidence (minh chứng) required."""

    criterion_id: str
    text: str
    max_points: float
    evidence: str = ""


@dataclass(frozen=True)
class Section:
    """A section (phần / nhóm tiêu chí) and its criteria in printed order."""

    section_id: str
    title: str
    criteria: tuple[Criterion, ...]

    @property
    def max_points(self) -> float:
        """The sum of the section's criterion maxima."""
        return fsum(c.max_points for c in self.criteria)


@dataclass(frozen=True)
class Item:
    """A bonus item (points up to `max_points`) or a penalty item (deduction up to `max_points`)."""

    item_id: str
    text: str
    max_points: float


@dataclass(frozen=True)
class CriteriaSet:
    """A criteria set of a cluster for a year, at one version; build it with `new_criteria_set`."""

    set_id: str
    cluster_id: str
    year: int
    sections: tuple[Section, ...]
    bonus_items: tuple[Item, ...] = ()
    penalty_items: tuple[Item, ...] = ()
    declared_total: float | None = None  # the total printed in the plan (e.g. 100), checked against the sum
    version: int = 1

    @property
    def max_total(self) -> float:
        """The sum of all criterion maxima (bonus and penalty excluded)."""
        return fsum(s.max_points for s in self.sections)

    @property
    def max_bonus(self) -> float:
        """The most bonus points a unit can receive."""
        return fsum(i.max_points for i in self.bonus_items)

    @property
    def max_penalty(self) -> float:
        """The most points a unit can lose to penalties."""
        return fsum(i.max_points for i in self.penalty_items)

    @property
    def criteria(self) -> dict[str, Criterion]:
        """Every criterion by id."""
        return {c.criterion_id: c for s in self.sections for c in s.criteria}

    def summary(self) -> dict[str, float]:
        """Maxima per section, plus the total, bonus and penalty maxima, for display."""
        out = {s.section_id: s.max_points for s in self.sections}
        out.update(total=self.max_total, bonus=self.max_bonus, penalty=self.max_penalty)
        return out


@dataclass(frozen=True)
class AddCriterion:
    """Add a criterion to a section, at `position` (default: last)."""

    section_id: str
    criterion: Criterion
    position: int | None = None


@dataclass(frozen=True)
class RemoveCriterion:
    """Remove a criterion (its section must keep at least one)."""

    criterion_id: str


@dataclass(frozen=True)
class ChangeCriterion:
    """Change a criterion's text, maximum or evidence (None keeps the current value)."""

    criterion_id: str
    text: str | None = None
    max_points: float | None = None
    evidence: str | None = None


@dataclass(frozen=True)
class AddSection:
    """Add a section with its criteria, at the end."""

    section: Section


@dataclass(frozen=True)
class RemoveSection:
    """Remove a section and its criteria."""

    section_id: str


@dataclass(frozen=True)
class ChangeTotal:
    """Change (or clear, with None) the declared total the criterion maxima must add up to."""

    declared_total: float | None


SectionEdit = AddCriterion | RemoveCriterion | ChangeCriterion | AddSection | RemoveSection
Edit = SectionEdit | ChangeTotal


def new_criteria_set(criteria_set: CriteriaSet) -> CriteriaSet:
    """The criteria set, once validated (its sections and items as tuples)."""
    criteria_set = replace(
        criteria_set,
        sections=tuple(criteria_set.sections),
        bonus_items=tuple(criteria_set.bonus_items),
        penalty_items=tuple(criteria_set.penalty_items),
    )
    validate(criteria_set)
    return criteria_set


def validate(criteria_set: CriteriaSet) -> None:
    """Refuse a set with no criteria, an empty section, a repeated id, a text missing or a maximum ≤ 0."""
    if not criteria_set.sections:
        raise Unprocessable("NO_CRITERIA", "Bộ tiêu chí cần ít nhất một phần có tiêu chí.", field="sections")
    seen: set[str] = set()
    for i, section in enumerate(criteria_set.sections):
        where = f"sections[{i}]"
        _require_unique(section.section_id, seen, f"{where}.section_id")
        _require_text(section.title, f"{where}.title")
        if not section.criteria:
            raise Unprocessable(
                "EMPTY_SECTION",
                f"Phần '{section.title}' chưa có tiêu chí nào; thêm tiêu chí hoặc xóa phần này.",
                field=f"{where}.criteria",
            )
        for j, c in enumerate(section.criteria):
            _require_entry(c.criterion_id, c.text, c.max_points, seen, f"{where}.criteria[{j}]")
    for kind, items in (
        ("bonus_items", criteria_set.bonus_items),
        ("penalty_items", criteria_set.penalty_items),
    ):
        for j, item in enumerate(items):
            _require_entry(item.item_id, item.text, item.max_points, seen, f"{kind}[{j}]")
    declared = criteria_set.declared_total
    if declared is not None and abs(declared - criteria_set.max_total) > 1e-9:
        raise Unprocessable(
            "TOTAL_MISMATCH",
            f"Tổng điểm tối đa các tiêu chí là {fmt_points(criteria_set.max_total)}, khác tổng ghi trong "
            f"bộ tiêu chí ({fmt_points(declared)}); hãy sửa điểm tối đa các tiêu chí hoặc tổng điểm.",
            field="declared_total",
            details=criteria_set.summary(),
        )


def copy_for_year(previous: CriteriaSet, year: int, set_id: str | None = None) -> CriteriaSet:
    """Version 1 of a later year's set, with the same sections and items as `previous`."""
    if year <= previous.year:
        raise Conflict(
            "CRITERIA_YEAR",
            f"Chỉ sao chép bộ tiêu chí năm {previous.year} sang một năm sau đó (không phải năm {year}).",
            field="year",
        )
    return replace(previous, set_id=set_id or previous.set_id, year=year, version=1)


def edit(criteria_set: CriteriaSet, *edits: Edit) -> CriteriaSet:
    """Apply the edits in order; the result (version + 1) is validated as a whole."""
    sections, total = list(criteria_set.sections), criteria_set.declared_total
    for op in edits:
        if isinstance(op, ChangeTotal):
            total = op.declared_total
        else:
            sections = _apply(sections, op)
    result = replace(
        criteria_set, sections=tuple(sections), declared_total=total, version=criteria_set.version + 1
    )
    validate(result)
    return result


def _apply(sections: list[Section], op: SectionEdit) -> list[Section]:
    if isinstance(op, AddSection):
        return [*sections, op.section]
    if isinstance(op, RemoveSection):
        _section_index(sections, op.section_id)
        return [s for s in sections if s.section_id != op.section_id]
    if isinstance(op, AddCriterion):
        i = _section_index(sections, op.section_id)
        criteria = list(sections[i].criteria)
        criteria.insert(len(criteria) if op.position is None else op.position, op.criterion)
        sections[i] = replace(sections[i], criteria=tuple(criteria))
        return sections
    i, j = _criterion_index(sections, op.criterion_id)
    criteria = list(sections[i].criteria)
    if isinstance(op, RemoveCriterion):
        del criteria[j]
    else:
        old = criteria[j]
        criteria[j] = Criterion(
            old.criterion_id,
            old.text if op.text is None else op.text,
            old.max_points if op.max_points is None else op.max_points,
            old.evidence if op.evidence is None else op.evidence,
        )
    sections[i] = replace(sections[i], criteria=tuple(criteria))
    return sections


def _section_index(sections: list[Section], section_id: str) -> int:
    for i, s in enumerate(sections):
        if s.section_id == section_id:
            return i
    raise Unprocessable("UNKNOWN_SECTION", f"Bộ tiêu chí không có phần '{section_id}'.", field="section_id")


def _criterion_index(sections: list[Section], criterion_id: str) -> tuple[int, int]:
    for i, s in enumerate(sections):
        for j, c in enumerate(s.criteria):
            if c.criterion_id == criterion_id:
                return i, j
    raise Unprocessable(
        "UNKNOWN_CRITERION", f"Bộ tiêu chí không có tiêu chí '{criterion_id}'.", field="criterion_id"
    )


def _require_entry(entry_id: str, text: str, max_points: float, seen: set[str], where: str) -> None:
    _require_unique(entry_id, seen, f"{where}.id")
    _require_text(text, f"{where}.text")
    if not max_points > 0:
        raise Unprocessable(
            "NON_POSITIVE_MAX",
            f"Điểm tối đa của '{entry_id}' phải lớn hơn 0 (đang là {fmt_points(max_points)}).",
            field=f"{where}.max_points",
        )


def _require_unique(entry_id: str, seen: set[str], where: str) -> None:
    if not entry_id.strip():
        raise Unprocessable("ID_REQUIRED", "Mỗi phần, tiêu chí và mục điểm cần có mã.", field=where)
    if entry_id in seen:
        raise Unprocessable(
            "DUPLICATE_ID",
            f"Mã '{entry_id}' được dùng hai lần trong bộ tiêu chí; mỗi phần, tiêu chí, mục thưởng, "
            "mục trừ cần một mã riêng.",
            field=where,
        )
    seen.add(entry_id)


def _require_text(text: str, where: str) -> None:
    if not text.strip():
        raise Unprocessable("TEXT_REQUIRED", "Cần nhập nội dung.", field=where)


def fmt_points(value: float) -> str:
    """Points as printed in Vietnamese: 2.5 → '2,5', 10.0 → '10'."""
    return f"{value:g}".replace(".", ",")
