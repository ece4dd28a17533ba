"""The task calendar of Thanh Xuân's 2020 plan: seed data, validation and task status."""

from __future__ import annotations

import copy
import json
import unicodedata
from collections import Counter
from datetime import date
from importlib import resources
from typing import Any

import pytest

from registration.domain.calendar import PlanTask, parse_calendar, task_status
from registration.seed_data.calendar import CALENDAR_THANH_XUAN_2020, load_calendar_thanh_xuan_2020


def _raw() -> dict[str, Any]:
    text = resources.files("registration.seed_data").joinpath(CALENDAR_THANH_XUAN_2020).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _task(number: int) -> PlanTask:
    return load_calendar_thanh_xuan_2020().tasks[number - 1]


def test_the_plan_loads() -> None:
    cal = load_calendar_thanh_xuan_2020()
    assert cal.number == "54/KH-HĐTĐKT"
    assert cal.issued_on == date(2020, 1, 22)
    assert cal.issuer_unit_id == "q-thanh-xuan"
    assert cal.year == 2020


def test_the_seed_has_31_tasks_numbered_in_order() -> None:
    # The appendix of the seed numbers its tasks 1..31 (task 31: the 2021 plan, due 30/01/2021).
    assert [t.number for t in load_calendar_thanh_xuan_2020().tasks] == list(range(1, 32))


def test_tasks_per_quarter() -> None:
    counts = Counter(t.quarter for t in load_calendar_thanh_xuan_2020().tasks)
    assert counts == {1: 11, 2: 8, 3: 4, 4: 8}


def test_task_3() -> None:
    t = _task(3)
    assert t.deadline == date(2020, 2, 5)
    assert t.deadline_rule == "before"
    assert t.deadline_text == "Trước ngày 05/02/2020"
    assert t.executing_scope == "all_units"
    # Split on ';' only: the seed joins the two coordinating bodies with "và".
    assert t.coordinating_units == ("Phòng Nội vụ Quận và Cụm trưởng các Cụm thi đua",)
    assert any("Cụm trưởng các Cụm thi đua" in u for u in t.coordinating_units)


def test_task_4_is_kim_giang() -> None:
    t = _task(4)
    assert t.executing_scope == "named_units"
    assert t.executing_unit_ids == ("p-kim-giang",)
    assert t.deadline == date(2020, 2, 22)


def test_spot_checks() -> None:
    first, second, thirtieth = _task(1), _task(2), _task(30)
    assert first.deadline_rule == "on"
    assert first.executing_units == ("Phòng Nội vụ Quận", "Văn phòng UBND quận")
    assert first.executing_unit_ids == ("q-thanh-xuan",)
    assert second.content.startswith("Kiểm toàn các cụm thi đua")  # the seed's typo, kept
    assert thirtieth.deadline == date(2021, 1, 20)
    assert thirtieth.quarter == 4
    assert _task(9).deadline_rule == "dossiers_before"
    assert _task(10).coordinating_units == ()
    assert _task(11).executing_scope == "city_office"
    assert _task(12).deadline_text == "(Đơn vị gửi hồ sơ trước 10/4/2020)"
    assert _task(25).directing_body is None
    assert _task(29).deadline == date(2021, 1, 10)
    assert _task(29).deadline_rule == "before"
    assert _task(31).deadline == date(2021, 1, 30)


def test_district_office_tasks_point_at_the_district() -> None:
    for t in load_calendar_thanh_xuan_2020().tasks:
        if t.executing_scope == "district_office":
            assert t.executing_unit_ids == ("q-thanh-xuan",), t.number
        elif t.executing_scope != "named_units":
            assert t.executing_unit_ids == (), t.number


def test_every_text_is_nfc_and_trimmed() -> None:
    cal = load_calendar_thanh_xuan_2020()
    texts = [cal.number, cal.title]
    for t in cal.tasks:
        texts += [t.content, t.deadline_text, *t.executing_units, *t.coordinating_units]
        texts += [t.directing_body] if t.directing_body is not None else []
    for s in texts:
        assert unicodedata.is_normalized("NFC", s), s
        assert s, s
        assert s == s.strip(), s


def test_rejects_a_duplicate_number() -> None:
    raw = _raw()
    raw["tasks"][4] = copy.deepcopy(raw["tasks"][3])
    with pytest.raises(ValueError, match=r"task 4: duplicate"):
        parse_calendar(raw)


def test_rejects_a_gap_in_the_numbers() -> None:
    raw = _raw()
    del raw["tasks"][6]
    with pytest.raises(ValueError, match=r"task 8: out of sequence, expected task 7"):
        parse_calendar(raw)


def test_rejects_a_bad_quarter() -> None:
    raw = _raw()
    raw["tasks"][6]["quarter"] = 5
    with pytest.raises(ValueError, match=r"task 7: quarter 5 is not 1\.\.4"):
        parse_calendar(raw)


@pytest.mark.parametrize(
    ("field", "value"),
    [("deadline_rule", "after"), ("executing_scope", "everyone"), ("deadline", "30/3/2020")],
)
def test_rejects_bad_values(field: str, value: str) -> None:
    raw = _raw()
    raw["tasks"][9][field] = value
    with pytest.raises(ValueError, match=r"task 10: "):
        parse_calendar(raw)


def test_rejects_a_missing_field() -> None:
    raw = _raw()
    del raw["tasks"][0]["content"]
    with pytest.raises(ValueError, match=r"task 1: missing field 'content'"):
        parse_calendar(raw)


@pytest.mark.parametrize(
    ("today", "done", "expected"),
    [
        (date(2020, 2, 6), True, "done"),
        (date(2020, 1, 1), True, "done"),
        (date(2020, 2, 6), False, "overdue"),
        (date(2020, 2, 5), False, "due_soon"),
        (date(2020, 1, 29), False, "due_soon"),
        (date(2020, 1, 28), False, "upcoming"),
    ],
)
def test_task_status(today: date, done: bool, expected: str) -> None:
    assert task_status(_task(3), today, done) == expected  # due 05/02/2020
