"""Unit tests of reporting.domain.report and report_outline: a summary report from counters."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from reporting.domain.labels import AWARDS, LEVEL_KINDS, TITLES, label, ordered
from reporting.domain.numbers import Numbers, UnitNumbers
from reporting.domain.report import assemble, figures_of, number, period_text, years_of
from reporting.domain.report_outline import (
    Chart,
    Heading,
    Paragraph,
    Table,
    awards_sentence,
    breakdown_table,
    children_table,
    movement_sentence,
    outline,
    totals_table,
)
from reporting.domain.units import UnitOnDay

DISTRICT = UnitOnDay("q-thanh-xuan", "Quận Thanh Xuân", "district", 2, ("ha-noi", "q-thanh-xuan"))
CITY = UnitOnDay("ha-noi", "Thành phố Hà Nội", "city", 1, ("ha-noi",))
NOTHING = Numbers.zero()


def numbers(year: int) -> Numbers:
    """Different figures every year, so a column swapped or summed wrong shows."""
    k = year - 2019  # 1..5
    return Numbers.of(
        {
            "registrations_total": 10 * k,
            "registrations_by_title": {
                "tap_the_lao_dong_xuat_sac": 3 * k,
                "tap_the_lao_dong_tien_tien": 7 * k,
            },
            "individuals_total": 1000 * k,
            "individuals_by_title": {"lao_dong_tien_tien": 1000 * k},
            "dossiers_total": k,
            "dossiers_by_award": {"bang_khen_thanh_pho": k},
            "awards_total": 2 * k,
            "awards_by_award": {"giay_khen": k, "ma_moi": k},
            "awards_by_level": {"district": k, "city": k} if year == 2024 else {"district": 2 * k},
            "initiatives_total": 0,
            "initiatives_by_level": {},
            "exemplars_total": 0,
            "exemplars_by_category": {},
        }
    )


def child(unit_id: str, name: str, **counted: int) -> UnitNumbers:
    return UnitNumbers(unit_id, name, "2024", Numbers.of(counted), 1)


CHILDREN = [
    child("p-ha-dinh", "Phường Hạ Đình", registrations_total=4, awards_total=1),
    child("p-kim-giang", "Phường Kim Giang", registrations_total=6, dossiers_total=2),
]


def five_years(children: list[UnitNumbers] | None = None) -> Any:
    yearly = {y: numbers(y) for y in range(2020, 2025)}
    return assemble(
        "five_year", DISTRICT, CITY, yearly, CHILDREN if children is None else children, date(2025, 1, 6)
    )


def test_years_and_period_texts() -> None:
    assert years_of("five_year", 2020) == (2020, 2021, 2022, 2023, 2024)
    assert years_of("annual", 2020) == (2020,)
    assert period_text("five_year", 2020) == "05 năm (2020–2024)"
    assert period_text("annual", 2021) == "năm 2021"


def test_the_header_names_the_issuing_committee_under_its_parent() -> None:
    report = five_years()
    assert report.agency == "Ủy ban nhân dân Quận Thanh Xuân"
    assert report.parent_agency == "UBND Thành phố Hà Nội"
    assert report.number == "Số: …/BC-UBND"
    assert report.subject_lines == (
        "Tổng kết phong trào thi đua và công tác khen thưởng 05 năm (2020–2024);",
        "Phương hướng, nhiệm vụ công tác thi đua, khen thưởng 05 năm (2025–2029)",
    )
    assert report.recipients[0] == "- UBND Thành phố Hà Nội (để báo cáo);"


def test_the_city_has_no_parent_and_a_school_no_committee() -> None:
    city = assemble("annual", CITY, None, {2020: numbers(2020)}, [], date(2020, 12, 1))
    assert (city.parent_agency, city.agency) == (None, "Ủy ban nhân dân Thành phố Hà Nội")
    assert city.recipients == ("- Hội đồng Thi đua - Khen thưởng Thành phố Hà Nội;", "- Lưu: VT.")
    school = UnitOnDay("th-kg", "Trường Tiểu học Kim Giang", "school", 3, ("x", "th-kg"))
    report = assemble("annual", school, DISTRICT, {2020: NOTHING}, [], date(2020, 12, 1))
    assert (report.agency, report.number) == ("Trường Tiểu học Kim Giang", "Số: …/BC-…")
    assert report.parent_agency == "UBND Quận Thanh Xuân"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2020, 2, 5), "Hà Nội, ngày 05 tháng 02 năm 2020"),
        (date(2020, 1, 15), "Hà Nội, ngày 15 tháng 01 năm 2020"),
        (date(2020, 3, 9), "Hà Nội, ngày 09 tháng 3 năm 2020"),
        (date(2024, 12, 31), "Hà Nội, ngày 31 tháng 12 năm 2024"),
    ],
)
def test_the_date_line_pads_as_decree_30_asks(day: date, expected: str) -> None:
    report = assemble("annual", DISTRICT, CITY, {2020: NOTHING}, [], day)
    assert report.date_line == expected


def test_names_are_nfc_even_when_the_directory_holds_decomposed_text() -> None:
    decomposed = replace(DISTRICT, name=unicodedata.normalize("NFD", "Quận Thanh Xuân"))
    report = assemble("annual", decomposed, CITY, {2020: NOTHING}, [], date(2020, 12, 1))
    assert report.unit_name == "Quận Thanh Xuân"
    assert unicodedata.is_normalized("NFC", report.agency)


def test_figures_default_to_zero_and_keep_breakdowns() -> None:
    f = figures_of(Numbers.of({"awards_total": 3, "awards_by_level": {"ward": 3}}))
    assert (f.total("awards_total"), f.total("registrations_total")) == (3, 0)
    assert (f.by("awards_by_level"), f.by("exemplars_by_category")) == ({"ward": 3}, {})


def test_labels_fall_back_to_the_code_and_keep_the_catalogue_order() -> None:
    assert label(TITLES, "tap_the_lao_dong_tien_tien") == "Tập thể lao động tiên tiến"
    assert label(AWARDS, "ma_moi") == "ma_moi"
    assert ordered(LEVEL_KINDS, ["city", "zzz", "ward", "aaa", "district"]) == [
        "ward",
        "district",
        "city",
        "aaa",
        "zzz",
    ]
    assert number(1234567) == "1.234.567"


def test_totals_table_has_a_column_per_year_and_the_period_total() -> None:
    table = totals_table(five_years(), "Bảng 1")
    assert table.headers == (
        "STT",
        "Chỉ tiêu",
        "Năm 2020",
        "Năm 2021",
        "Năm 2022",
        "Năm 2023",
        "Năm 2024",
        "Tổng",
    )
    rows = {row[1]: row[2:] for row in table.rows}
    assert rows["Tập thể đăng ký danh hiệu thi đua"] == ("10", "20", "30", "40", "50", "150")
    assert rows["Cá nhân đăng ký danh hiệu thi đua"] == (
        "1.000",
        "2.000",
        "3.000",
        "4.000",
        "5.000",
        "15.000",
    )
    assert rows["Lượt tập thể, cá nhân được khen thưởng"] == ("2", "4", "6", "8", "10", "30")


def test_an_annual_table_has_one_year_and_no_total_column() -> None:
    report = assemble("annual", DISTRICT, CITY, {2022: numbers(2022)}, [], date(2023, 1, 5))
    assert totals_table(report, "x").headers == ("STT", "Chỉ tiêu", "Năm 2022")


def test_breakdown_rows_in_catalogue_order_unknown_codes_last_then_the_total() -> None:
    report = five_years()
    titles = breakdown_table(report, "registrations_by_title", TITLES, "Bảng 2", "Danh hiệu")
    assert titles is not None
    assert [r[1] for r in titles.rows] == [
        "Tập thể lao động tiên tiến",
        "Tập thể lao động xuất sắc",
        "Tổng cộng",
    ]
    assert titles.rows[0][2:] == ("7", "14", "21", "28", "35", "105")
    assert titles.rows[-1][2:] == ("10", "20", "30", "40", "50", "150")
    awards = breakdown_table(report, "awards_by_award", AWARDS, "Bảng 5", "Hình thức")
    assert awards is not None
    assert [r[1] for r in awards.rows] == ["Giấy khen", "ma_moi", "Tổng cộng"]
    levels = breakdown_table(report, "awards_by_level", LEVEL_KINDS, "Bảng 6", "Cấp")
    assert levels is not None
    assert {r[1]: r[2:] for r in levels.rows}["Cấp Thành phố"] == ("0", "0", "0", "0", "5", "5")
    assert breakdown_table(report, "exemplars_by_category", {}, "x", "Loại") is None


def test_children_table_lists_each_child_and_their_sum() -> None:
    table = children_table(five_years(), "Bảng 7")
    assert table is not None
    assert table.headers[:3] == ("STT", "Đơn vị", "Tập thể đăng ký")
    assert table.rows[0][:3] == ("1", "Phường Hạ Đình", "4")
    assert table.rows[-1] == ("", "Cộng các đơn vị trực thuộc", "10", "0", "0", "0", "2", "1")
    assert children_table(five_years([]), "x") is None


def test_sentences_sum_the_period_and_split_awards_by_level_from_the_top() -> None:
    report = five_years()
    assert movement_sentence(report) == (
        "Trong 05 năm (2020–2024), Quận Thanh Xuân và các đơn vị trực thuộc có 150 lượt tập thể và "
        "15.000 lượt cá nhân đăng ký danh hiệu thi đua; 0 sáng kiến được đề nghị công nhận; "
        "0 điển hình tiên tiến, người tốt việc tốt được đề xuất."
    )
    assert awards_sentence(report) == (
        "Trong 05 năm (2020–2024), có 15 hồ sơ đề nghị khen thưởng; 30 lượt tập thể, cá nhân được "
        "khen thưởng; trong đó: cấp Thành phố 5, cấp quận, huyện 25."
    )


def test_outline_follows_the_hoan_kiem_outline_numbers_tables_and_leaves_the_rest_to_the_author() -> None:
    blocks = outline(five_years())
    headings = [b.text for b in blocks if isinstance(b, Heading)]
    assert headings[0] == "I. TỔNG KẾT PHONG TRÀO THI ĐUA YÊU NƯỚC VÀ CÔNG TÁC KHEN THƯỞNG 05 NĂM (2020–2024)"
    assert [h[:2] for h in headings] == ["I.", "1.", "2.", "3.", "4.", "II", "1.", "2.", "3."]
    assert headings[5] == "II. PHƯƠNG HƯỚNG, NHIỆM VỤ CÔNG TÁC THI ĐUA, KHEN THƯỞNG 05 NĂM (2025–2029)"
    captions = [b.caption for b in blocks if isinstance(b, Table)]
    assert [c.split(".")[0] for c in captions] == [f"Bảng {i}" for i in range(1, len(captions) + 1)]
    assert captions[-1] == "Bảng 7. Số liệu các đơn vị trực thuộc năm 2024"
    assert [b.name for b in blocks if isinstance(b, Chart)] == ["registrations_by_title", "awards_by_level"]
    placeholders = [b.text for b in blocks if isinstance(b, Paragraph) and b.placeholder]
    assert len(placeholders) == 7
    assert all(p.startswith("(Đơn vị bổ sung nội dung") for p in placeholders)
    no_data = [b.text for b in blocks if isinstance(b, Paragraph) and "chưa có số liệu" in b.text]
    assert no_data == [
        "Sáng kiến theo cấp đề nghị công nhận: chưa có số liệu trong kỳ báo cáo.",
        "Điển hình được đề xuất: chưa có số liệu trong kỳ báo cáo.",
    ]
    texts = [b.text for b in blocks if isinstance(b, Heading | Paragraph)]
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)


def test_years_without_any_data_show_a_dash_a_note_and_no_children() -> None:
    yearly = {2020: numbers(2020), 2021: None, 2022: numbers(2022), 2023: None, 2024: None}
    report = assemble("five_year", DISTRICT, CITY, yearly, CHILDREN, date(2025, 1, 6))
    assert report.years_without_data == (2021, 2023, 2024)
    rows = {row[1]: row[2:] for row in totals_table(report, "Bảng 1").rows}
    assert rows["Tập thể đăng ký danh hiệu thi đua"] == ("10", "–", "30", "–", "–", "40")
    titles = breakdown_table(report, "registrations_by_title", TITLES, "x", "Danh hiệu")
    assert titles is not None
    assert titles.rows[-1][2:] == ("10", "–", "30", "–", "–", "40")
    assert children_table(report, "x") is None  # the last year has no data: no table of zeros
    notes = [b.text for b in outline(report) if isinstance(b, Paragraph) and b.text.startswith("Hệ thống")]
    assert notes == ["Hệ thống chưa có số liệu của năm 2021, 2023, 2024; các ô tương ứng trong bảng ghi “–”."]
    assert not any(isinstance(b, Paragraph) and b.text.startswith("Hệ thống") for b in outline(five_years()))
