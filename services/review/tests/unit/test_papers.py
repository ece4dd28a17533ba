"""Unit tests of review.domain.papers: dates and places as papers write them, what a decision says."""

from __future__ import annotations

from datetime import date

from review.domain.papers import IssuedFacts, Row, date_line, decision_paper, place_of, submission_paper

FACTS = IssuedFacts(
    number="15/QĐ-UBND", signed_on=date(2020, 12, 30), level_name="Quận Hoàng Mai",
    award_code="tap_the_lao_dong_xuat_sac", award_name="Tập thể lao động xuất sắc", year=2020,
    legal_basis="NĐ 91/2017", rows=(Row("Phường Lĩnh Nam", "Phường Lĩnh Nam", "Đồng ý 3/3 = 100%"),),
)  # fmt: skip


def test_places_and_dates_as_nd_30_writes_them() -> None:
    assert [place_of(n) for n in ("Quận Hoàng Mai", "Thành phố Hà Nội", "Phường Kim Giang")] == [
        "Hoàng Mai",
        "Hà Nội",
        "Kim Giang",
    ]
    assert date_line("Hoàng Mai", date(2020, 2, 5)) == "Hoàng Mai, ngày 05 tháng 02 năm 2020"
    assert date_line("Hà Nội", date(2020, 12, 30)) == "Hà Nội, ngày 30 tháng 12 năm 2020"


def test_the_decision_cites_the_rule_set_and_names_the_award_in_article_one() -> None:
    paper = decision_paper(FACTS)
    assert (paper.agency, paper.number_line, paper.title) == (
        "ỦY BAN NHÂN DÂN QUẬN HOÀNG MAI",
        "Số: 15/QĐ-UBND",
        "QUYẾT ĐỊNH",
    )
    assert "Căn cứ NĐ 91/2017;" in paper.body
    assert (
        "Điều 1. Tặng danh hiệu “Tập thể lao động xuất sắc” năm 2020 cho 1 tập thể, cá nhân" in paper.body[6]
    )
    assert paper.appendix_title[1] == "(Kèm theo Quyết định số 15/QĐ-UBND ngày 30/12/2020)"
    assert not paper.with_tally


def test_the_submission_asks_the_chair_and_carries_the_tallies() -> None:
    paper = submission_paper(FACTS)
    assert paper.addressee == "Kính gửi: Chủ tịch Ủy ban nhân dân Quận Hoàng Mai"
    assert paper.parent_agency == "ỦY BAN NHÂN DÂN QUẬN HOÀNG MAI"
    assert paper.with_tally
    assert paper.rows[0].tally == "Đồng ý 3/3 = 100%"
