"""Unit tests of reporting.domain.statistics: every award in one row, totals equal to the counts."""

from __future__ import annotations

from reporting.domain.numbers import Numbers
from reporting.domain.statistics import forms, lower_awards_form, summary_form

COUNTED = Numbers.of(
    {
        "awards_total": 6,
        "awards_by_level_award_subject": {
            "district:giay_khen:collective": 2, "district:giay_khen:individual": 1,
            "ward:giay_khen:individual": 1, "school:giay_khen:individual": 1,
            "city:bang_khen_thu_tuong:individual": 1,  # a State award, whoever recorded it
        },
        "movements_total": 1,
        "movements_by_level_kind": {"school:by_phase": 1},
    }
)  # fmt: skip


def test_each_award_falls_in_one_row_of_0602_to_0604_and_0605_adds_them() -> None:
    movements, state, city, lower, summary = forms(COUNTED)
    assert movements.rows[-1] == ("Cơ quan, đơn vị, trường học, đoàn thể", (1, 0, 1, 0))
    assert state.total == (1, 0, 1)
    assert city.rows == ()
    assert [name.split(" — ")[0] for name, _ in lower.rows] == [
        "Cấp quận, huyện", "Cấp phường, xã", "Cơ quan, đơn vị, trường học, đoàn thể",
    ]  # fmt: skip
    assert lower.total == (5, 2, 3)
    assert state.total[0] + city.total[0] + lower.total[0] == summary.total[0]
    assert summary.code == "0605.N/BNV-TĐKT"


def test_awards_counted_before_the_breakdown_are_shown_not_classified() -> None:
    older = Numbers.of({"awards_total": 3})
    assert summary_form(older + COUNTED).rows[-1] == ("Chưa phân loại (tính trước khi có biểu)", (3, 0, 0))
    assert summary_form(older + COUNTED).total == (9, 2, 4)
    assert lower_awards_form(older).rows == ()
