"""Forms 1 and 2 and the models form: row checks, awards catalogue, printed titles (pure)."""

from __future__ import annotations

import unicodedata

from registration.domain.forms import FORMS, validate_form

FORM1 = FORMS["collective-exemplars"]
FORM2 = FORMS["individual-exemplars"]
MODELS = FORMS["emulation-models"]


def test_titles_and_headers_print_the_period_of_the_round() -> None:
    assert (
        FORM1.title_for(2021, 2025)
        == "ĐĂNG KÝ GƯƠNG ĐIỂN HÌNH TIÊN TIẾN ĐỐI VỚI TẬP THỂ GIAI ĐOẠN 2021 - 2025"
    )
    assert MODELS.title_for(2020, 2020) == "ĐĂNG KÝ MÔ HÌNH, CHUYÊN ĐỀ THI ĐUA NĂM 2020"
    awards = FORM2.columns[-1]
    assert FORM2.header_for(awards, 2021, 2025).endswith("trong giai đoạn 2021 - 2025")


def test_a_good_form1_row_is_normalised_and_its_awards_named() -> None:
    decomposed = unicodedata.normalize("NFD", "Tổ dân phố số 5")
    rows, errors = validate_form(
        FORM1,
        [
            (
                7,
                {
                    "collective_name": decomposed,
                    "model_name": "Tuyến phố văn minh",
                    "target_awards": "co thi dua thanh pho;\nbang_khen_thu_tuong",
                },
            )
        ],
        2021,
        2025,
    )
    assert errors == []
    assert rows[0]["collective_name"] == "Tổ dân phố số 5"
    assert [a["code"] for a in rows[0]["target_awards"]] == ["co_thi_dua_thanh_pho", "bang_khen_thu_tuong"]
    assert rows[0]["functions"] is None


def test_every_problem_is_reported_with_row_and_column() -> None:
    rows, errors = validate_form(
        FORM2,
        [
            (
                7,
                {
                    "full_name": "Nguyễn Văn A",
                    "position_unit": "Chuyên viên",
                    "exemplary_field": "Lao động",
                    "model_name": "X",
                    "target_awards": "Cờ thi đua Thành phố",
                },
            ),
            (
                8,
                {
                    "full_name": "",
                    "position_unit": "",
                    "exemplary_field": "",
                    "model_name": "",
                    "target_awards": "",
                },
            ),
            (
                9,
                {
                    "full_name": "x" * 201,
                    "position_unit": "A",
                    "exemplary_field": "B",
                    "model_name": "C",
                    "target_awards": "Lao động tiên tiến",
                    "extra": "1",
                },
            ),
        ],
        2021,
        2025,
    )
    assert rows == []
    by_row: dict[int, list[str]] = {}
    for e in errors:
        by_row.setdefault(e.row, []).append(e.column)
    assert len(by_row[7]) == 1  # a flag is for collectives only
    assert len(by_row[8]) == 5  # every required column
    assert "extra" in by_row[9]
    assert "Họ và tên" in by_row[9]


def test_duplicates_within_one_form_are_refused_ignoring_accents_and_case() -> None:
    base = {"model_name": "Phường xanh", "model_goal": "Trồng cây"}
    _, errors = validate_form(MODELS, [(7, base), (8, {**base, "model_name": "PHUONG XANH"})], 2020, 2020)
    assert [(e.row, e.message) for e in errors] == [(8, "Trùng với dòng 7 trong cùng mẫu.")]


def test_an_empty_form_is_refused() -> None:
    _, errors = validate_form(MODELS, [], 2020, 2020)
    assert errors[0].row == 0
