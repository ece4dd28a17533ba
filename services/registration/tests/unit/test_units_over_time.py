"""Where a unit went or came from on a day it did not exist: pure rules of domain/org.py."""

from __future__ import annotations

from datetime import date

from emutrack_kit.http import status_of
from registration.domain.org import Absence, Unit, operation_kind

START = date(2008, 8, 1)
END = date(2025, 6, 30)
MERGE_ID = "merge:p-moi:2025-07-01:abcdef0123"
OLD = Unit(
    "p-cu", "Phường Cũ", "ward", 2, START, END, ops=(MERGE_ID,), ended_by=MERGE_ID, successor_id="p-moi"
)
NEW = Unit("p-moi", "Phường Mới", "ward", 1, date(2025, 7, 1), ops=(MERGE_ID,))


def test_operation_kinds_come_from_their_ids() -> None:
    assert [operation_kind(i) for i in (MERGE_ID, "retire:q-x:2025-07-01", "move:p:2024-01-01:q")] == [
        "merge",
        "retire",
        "move",
    ]
    assert (operation_kind(None), operation_kind("split:x")) == (None, None)


def test_a_unit_is_labelled_with_its_end_only_after_it() -> None:
    assert OLD.label(END) == "Phường Cũ"
    assert OLD.label(date(2025, 7, 1)) == "Phường Cũ (đến 30/06/2025)"
    assert NEW.label(date(2030, 1, 1)) == "Phường Mới"


def test_a_merge_is_known_by_the_unit_it_created() -> None:
    assert (NEW.created_by(), OLD.created_by()) == (MERGE_ID, None)
    assert (OLD.successor_after(END), OLD.successor_after(date(2025, 7, 1))) == (None, "p-moi")


def test_a_single_source_is_named_without_a_list() -> None:
    absence = Absence(NEW, date(2020, 1, 1), sources=(OLD,))
    assert absence.message() == (
        "Phường Mới được thành lập từ ngày 01/07/2025 trên cơ sở sáp nhập Phường Cũ nên chưa hoạt động "
        "vào ngày 01/01/2020."
    )
    assert status_of(absence.error()) == 404


def test_a_successor_that_cannot_be_read_is_named_by_its_code() -> None:
    absence = Absence(OLD, date(2026, 1, 1))  # the chain stopped before reading p-moi
    assert absence.message() == (
        "Phường Cũ đã sáp nhập vào đơn vị mã 'p-moi' từ ngày 01/07/2025 nên không còn hoạt động vào ngày "
        "01/01/2026."
    )
    details = absence.details()
    assert (details["successor"], details["successors"], details["ended"]["kind"]) == (None, [], "merge")
