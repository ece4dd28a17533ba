"""Pure helpers of the unit's lists: row errors, pages, days typed dd/mm/yyyy, inputs named by the service."""

from __future__ import annotations

from datetime import date

import pytest

from portal.domain.lists import (
    Pager,
    day_typed,
    input_of,
    inputs_of,
    matching,
    page_of,
    row_problems,
    share_typed,
)
from portal.domain.lists_labels import FORMS, cell_text


def test_row_problems_come_in_row_order_and_the_whole_file_first() -> None:
    details = {
        "errors": [
            {"row": 7, "column": "Họ và tên", "message": "Thiếu họ và tên."},
            {"row": 0, "column": "", "message": "Danh sách không có người nào."},
            {"row": 5, "column": "Ngày sinh (dd/mm/yyyy)", "message": "Ngày sinh '31/02/1990' không hợp lệ."},
        ]
    }
    assert [(p.row, p.column) for p in row_problems(details)] == [
        (0, ""),
        (5, "Ngày sinh (dd/mm/yyyy)"),
        (7, "Họ và tên"),
    ]
    assert row_problems({}) == []


def test_a_pager_says_what_it_shows_and_where_the_pages_around_start() -> None:
    middle = Pager(skip=20, shown=20, total=45)
    assert (middle.first, middle.last, middle.previous, middle.next) == (21, 40, 0, 40)
    last = Pager(skip=40, shown=5, total=45)
    assert (last.first, last.last, last.previous, last.next) == (41, 45, 20, None)
    first = Pager(skip=0, shown=0, total=0)
    assert (first.first, first.previous, first.next) == (0, None, None)


def test_page_of_a_list_held_whole() -> None:
    shown, pager = page_of(list(range(25)), 20)
    assert shown == [20, 21, 22, 23, 24]
    assert (pager.total, pager.next, pager.previous) == (25, None, 0)


def test_matching_ignores_case_and_accents_and_wants_every_word() -> None:
    rows = [{"full_name": "Nguyễn Thị Thịnh", "model_name": "Số hóa hộ tịch"}, {"full_name": "Đặng Văn Đức"}]
    assert matching(rows, "nguyen thinh", ("full_name",)) == [rows[0]]
    assert matching(rows, "DANG duc", ("full_name", "model_name")) == [rows[1]]
    assert matching(rows, "so hoa", ("full_name", "model_name")) == [rows[0]]
    assert matching(rows, "  ", ("full_name",)) == rows
    assert matching(rows, "lan", ("full_name",)) == []


def test_a_day_is_typed_dd_mm_yyyy() -> None:
    assert day_typed("05/03/2024") == date(2024, 3, 5)
    assert day_typed(" 5/3/2024 ") == date(2024, 3, 5)
    with pytest.raises(ValueError, match="dd/mm/yyyy"):
        day_typed("2024-03-05")
    with pytest.raises(ValueError, match="không có trên lịch"):
        day_typed("31/02/2024")


def test_an_authors_share_is_a_whole_percent_or_nothing() -> None:
    assert share_typed("") is None
    assert share_typed(" 60% ") == 60
    for wrong in ("0", "101", "abc", "12.5"):
        with pytest.raises(ValueError, match="từ 1 đến 100"):
            share_typed(wrong)


def test_a_service_field_points_at_the_input_beside_which_its_message_goes() -> None:
    assert input_of("authors[1].full_name") == "author_name-1"
    assert input_of("authors.0.contribution_percent") == "author_share-0"
    assert input_of("authors.2.position") == "author_position-2"
    assert input_of("applied_since") == "applied_since"
    assert inputs_of({"authors": "Tổng vượt 100%", "title": "Không được để trống."}) == {
        "authors": "Tổng vượt 100%",
        "title": "Không được để trống.",
    }


def test_forms_1_and_2_show_the_services_forms_and_awards_by_name() -> None:
    assert FORMS["mau-1"].code == "collective-exemplars"
    assert FORMS["mau-2"].code == "individual-exemplars"
    awards = [
        {"code": "co_thi_dua_thanh_pho", "name": "Cờ thi đua Thành phố"},
        {"code": "x", "name": "Bằng khen"},
    ]
    assert cell_text(awards) == "Cờ thi đua Thành phố; Bằng khen"
    assert cell_text(None) == ""
    assert cell_text("Tổ dân phố số 5") == "Tổ dân phố số 5"
