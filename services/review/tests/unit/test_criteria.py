"""Unit tests of review.domain.criteria: validation, totals, yearly copy and versioned edits."""

from __future__ import annotations

from typing import Any

import pytest

from emutrack_kit.errors import Conflict, Unprocessable
from review.domain.criteria import (
    AddCriterion,
    AddSection,
    ChangeCriterion,
    ChangeTotal,
    CriteriaSet,
    Criterion,
    Item,
    RemoveCriterion,
    RemoveSection,
    Section,
    copy_for_year,
    edit,
    new_criteria_set,
)

TASKS = Section(
    "I",
    "Thực hiện nhiệm vụ chính trị",
    (
        Criterion("I.1", "Hoàn thành chỉ tiêu kinh tế - xã hội", 30, "Báo cáo tổng kết năm"),
        Criterion("I.2", "Cải cách hành chính", 20, "Kết quả chỉ số CCHC"),
    ),
)
MOVEMENTS = Section(
    "II",
    "Công tác thi đua, khen thưởng",
    (
        Criterion("II.1", "Phát động phong trào thi đua", 25, "Kế hoạch phát động"),
        Criterion("II.2", "Phát hiện, nhân rộng điển hình tiên tiến", 25, "Danh sách điển hình"),
    ),
)
BONUS = (Item("T1", "Có mô hình mới được Thành phố biểu dương", 5),)
PENALTY = (Item("TR1", "Nộp báo cáo chậm", 3), Item("TR2", "Có cán bộ vi phạm kỷ luật", 5))


def criteria(**overrides: Any) -> CriteriaSet:
    fields: dict[str, Any] = {
        "set_id": "cum-ix-2023",
        "cluster_id": "cum-ix",
        "year": 2023,
        "sections": (TASKS, MOVEMENTS),
        "bonus_items": BONUS,
        "penalty_items": PENALTY,
        "declared_total": 100,
    }
    fields.update(overrides)
    return new_criteria_set(CriteriaSet(**fields))


def refused(code: str, **overrides: Any) -> Unprocessable:
    with pytest.raises(Unprocessable) as err:
        criteria(**overrides)
    assert err.value.code == code
    return err.value


def test_totals_are_computed_from_the_criteria() -> None:
    cs = criteria()
    assert cs.version == 1
    assert cs.max_total == 100
    assert (cs.max_bonus, cs.max_penalty) == (5, 8)
    assert cs.summary() == {"I": 50, "II": 50, "total": 100, "bonus": 5, "penalty": 8}
    assert list(cs.criteria) == ["I.1", "I.2", "II.1", "II.2"]


def test_a_declared_total_that_differs_from_the_sum_is_reported_with_the_sum() -> None:
    err = refused("TOTAL_MISMATCH", declared_total=90)
    assert "100" in err.message
    assert "90" in err.message
    assert err.details["total"] == 100
    assert err.field == "declared_total"


def test_fractional_maxima_add_up_exactly_enough() -> None:
    halves = Section("H", "Nửa điểm", tuple(Criterion(f"H.{i}", f"Tiêu chí {i}", 0.1, "") for i in range(10)))
    assert criteria(sections=(halves,), declared_total=1).max_total == pytest.approx(1)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"bonus_items": (Item("I.1", "Trùng mã tiêu chí", 2),)}, "bonus_items[0].id"),
        ({"sections": (TASKS, TASKS)}, "sections[1].section_id"),
        ({"penalty_items": (*PENALTY, Item("TR1", "Lặp", 1))}, "penalty_items[2].id"),
    ],
)
def test_ids_are_unique_across_sections_criteria_and_items(overrides: dict[str, Any], field: str) -> None:
    err = refused("DUPLICATE_ID", **overrides)
    assert err.field == field


@pytest.mark.parametrize("bad", [0, -5])
def test_maxima_must_be_positive(bad: float) -> None:
    section = Section("I", "Phần I", (Criterion("I.1", "Tiêu chí", bad, ""),))
    err = refused("NON_POSITIVE_MAX", sections=(section,), declared_total=None)
    assert err.field == "sections[0].criteria[0].max_points"
    assert "I.1" in err.message
    err = refused("NON_POSITIVE_MAX", bonus_items=(Item("T1", "Thưởng", bad),))
    assert err.field == "bonus_items[0].max_points"


def test_sections_criteria_and_texts_are_required() -> None:
    refused("NO_CRITERIA", sections=())
    refused("EMPTY_SECTION", sections=(TASKS, Section("III", "Trống", ())))
    refused("TEXT_REQUIRED", sections=(Section("I", " ", TASKS.criteria),), declared_total=None)
    refused("ID_REQUIRED", bonus_items=(Item(" ", "Thưởng", 1),))


def test_copy_for_year_starts_version_one_with_the_same_content() -> None:
    old = edit(criteria(), ChangeCriterion("I.1", text="Hoàn thành 100% chỉ tiêu"))
    assert old.version == 2
    new = copy_for_year(old, 2024, "cum-ix-2024")
    assert (new.set_id, new.year, new.version) == ("cum-ix-2024", 2024, 1)
    assert new.sections == old.sections
    assert (new.bonus_items, new.penalty_items, new.declared_total) == (BONUS, PENALTY, 100)
    assert old.year == 2023


@pytest.mark.parametrize("year", [2023, 2020])
def test_copy_goes_to_a_later_year_only(year: int) -> None:
    with pytest.raises(Conflict) as err:
        copy_for_year(criteria(), year)
    assert err.value.code == "CRITERIA_YEAR"


def test_each_edit_call_makes_the_next_version_and_recomputes_the_total() -> None:
    v1 = criteria(declared_total=None)
    v2 = edit(v1, AddCriterion("I", Criterion("I.3", "Chuyển đổi số", 10, "Báo cáo"), position=0))
    assert v2.version == 2
    assert [c.criterion_id for c in v2.sections[0].criteria] == ["I.3", "I.1", "I.2"]
    assert v2.max_total == 110
    v3 = edit(v2, RemoveCriterion("I.2"), ChangeCriterion("II.1", max_points=15, evidence="Kế hoạch"))
    assert v3.version == 3
    assert v3.max_total == 80
    assert v3.criteria["II.1"] == Criterion("II.1", "Phát động phong trào thi đua", 15, "Kế hoạch")
    assert v1.max_total == 100  # older versions are unchanged
    assert v1.version == 1


def test_edits_in_one_call_are_validated_together() -> None:
    v1 = criteria()
    with pytest.raises(Unprocessable) as err:
        edit(v1, ChangeCriterion("I.1", max_points=40))
    assert err.value.code == "TOTAL_MISMATCH"
    balanced = edit(v1, ChangeCriterion("I.1", max_points=40), ChangeCriterion("I.2", max_points=10))
    assert (balanced.version, balanced.max_total) == (2, 100)
    raised = edit(v1, ChangeCriterion("I.1", max_points=40), ChangeTotal(110))
    assert (raised.declared_total, raised.max_total) == (110, 110)


def test_sections_can_be_added_and_removed() -> None:
    extra = Section("III", "Điểm sáng tạo", (Criterion("III.1", "Sáng kiến", 10, "Quyết định công nhận"),))
    v2 = edit(criteria(), AddSection(extra), ChangeTotal(110))
    assert [s.section_id for s in v2.sections] == ["I", "II", "III"]
    v3 = edit(v2, RemoveSection("III"), ChangeTotal(100))
    assert v3.sections == criteria().sections
    assert v3.version == 3


@pytest.mark.parametrize(
    ("op", "code"),
    [
        (RemoveCriterion("IX.9"), "UNKNOWN_CRITERION"),
        (ChangeCriterion("IX.9", max_points=1), "UNKNOWN_CRITERION"),
        (AddCriterion("IX", Criterion("IX.1", "X", 1, "")), "UNKNOWN_SECTION"),
        (RemoveSection("IX"), "UNKNOWN_SECTION"),
        (AddCriterion("I", Criterion("II.1", "Trùng", 1, "")), "DUPLICATE_ID"),
        (ChangeCriterion("I.1", max_points=0), "NON_POSITIVE_MAX"),
    ],
)
def test_bad_edits_are_refused(op: Any, code: str) -> None:
    with pytest.raises(Unprocessable) as err:
        edit(criteria(declared_total=None), op)
    assert err.value.code == code


def test_removing_the_last_criterion_of_a_section_asks_to_remove_the_section() -> None:
    with pytest.raises(Unprocessable) as err:
        edit(criteria(declared_total=None), RemoveCriterion("I.1"), RemoveCriterion("I.2"))
    assert err.value.code == "EMPTY_SECTION"
    assert "xóa phần" in err.value.message
