"""Unit tests of review.domain.forwarding: forwarding up the level tree, export to central."""

from __future__ import annotations

from datetime import date

import pytest

from emutrack_kit.errors import AppError
from review.domain.ballots import (
    UNIT_LEVEL_DEFAULT,
)
from review.domain.forwarding import ExportPackage, Forwarding, forward
from review.domain.sessions import (
    Nomination,
)
from review.samples import AT, CENTRAL, CITY, DISTRICT, WARD
from review.samples import appraisal as _appraisal
from review.samples import decide as _decide
from review.samples import nomination as _nomination
from review.samples import voted as _voted


def _code(e: pytest.ExceptionInfo[AppError]) -> str:
    return e.value.code


def test_forwarding_through_a_three_level_tree() -> None:
    at_ward = _nomination("chien_si_thi_dua_thanh_pho", WARD)
    appraisal, result = _voted(at_ward, yes=6, members=7, rule=UNIT_LEVEL_DEFAULT)
    at_district = forward(at_ward, appraisal, result, Forwarding(WARD, DISTRICT, date(2024, 2, 1)))
    assert isinstance(at_district, Nomination)
    assert (at_district.nomination_id, at_district.level_unit_id) == ("hs-1@q-thanh-xuan", "q-thanh-xuan")
    assert (at_district.dossier_ref, at_district.proposing_unit_id) == ("hs-1", "p-kim-giang")
    assert at_district.endorsements[0].appraisal == appraisal
    assert at_district.endorsements[0].result.tally == result.tally

    appraisal2, result2 = _voted(at_district, yes=9, members=11, rule=UNIT_LEVEL_DEFAULT)
    at_city = forward(at_district, appraisal2, result2, Forwarding(DISTRICT, CITY, date(2024, 3, 1)))
    assert isinstance(at_city, Nomination)
    assert at_city.nomination_id == "hs-1@tp-ha-noi"
    assert at_city.proposing_unit_id == "q-thanh-xuan"
    assert [e.level_unit_id for e in at_city.endorsements] == ["p-kim-giang", "q-thanh-xuan"]
    _, city_result = _voted(at_city, yes=14)
    assert _decide(at_city, city_result).awardees[0].subject_id == "cn-hs-1"


def test_forwarding_through_a_two_level_tree() -> None:
    at_ward = _nomination("chien_si_thi_dua_thanh_pho", WARD)
    appraisal, result = _voted(at_ward, yes=5, members=7, rule=UNIT_LEVEL_DEFAULT)
    at_city = forward(at_ward, appraisal, result, Forwarding(WARD, CITY, date(2025, 8, 1)))
    assert isinstance(at_city, Nomination)
    assert (at_city.level_unit_id, at_city.proposing_unit_id) == ("tp-ha-noi", "p-kim-giang")
    assert len(at_city.endorsements) == 1


def test_forwarding_is_refused_when_it_should_not_go_up() -> None:
    ltt = _nomination("lao_dong_tien_tien", WARD)
    appraisal, result = _voted(ltt, yes=7, members=7)
    with pytest.raises(AppError) as e:
        forward(ltt, appraisal, result, Forwarding(WARD, DISTRICT, date(2024, 2, 1)))
    assert _code(e) == "DECIDED_AT_THIS_LEVEL"

    cstd = _nomination("chien_si_thi_dua_thanh_pho", DISTRICT)
    appraisal, failed = _voted(cstd, yes=5, members=11)
    with pytest.raises(AppError) as e:
        forward(cstd, appraisal, failed, Forwarding(DISTRICT, CITY, date(2024, 2, 1)))
    assert _code(e) == "TALLY_NOT_PASSED"
    with pytest.raises(AppError) as e:
        forward(cstd, appraisal, failed, Forwarding(DISTRICT, WARD, date(2024, 2, 1)))
    assert _code(e) == "NOT_A_PARENT_LEVEL"
    with pytest.raises(AppError) as e:
        forward(cstd, appraisal, failed, Forwarding(CITY, CITY, date(2024, 2, 1)))
    assert _code(e) == "NOT_FOR_THIS_LEVEL"
    with pytest.raises(AppError) as e:
        forward(cstd, _appraisal(cstd, "incomplete"), failed, Forwarding(DISTRICT, CITY, date(2024, 2, 1)))
    assert _code(e) == "NOT_APPRAISED"


def test_nothing_above_decides_a_local_award() -> None:
    giay_khen = _nomination("giay_khen", CITY)
    appraisal, result = _voted(giay_khen, yes=15)
    with pytest.raises(AppError) as e:
        forward(giay_khen, appraisal, result, Forwarding(CITY, CENTRAL, AT.date()))
    assert _code(e) == "OUTSIDE_AUTHORITY"


def test_central_awards_leave_as_an_export_package() -> None:
    at_district = _nomination("chien_si_thi_dua_toan_quoc", DISTRICT)
    appraisal, result = _voted(at_district, yes=10, members=11, rule=UNIT_LEVEL_DEFAULT)
    at_city = forward(at_district, appraisal, result, Forwarding(DISTRICT, CITY, date(2024, 5, 1)))
    assert isinstance(at_city, Nomination)
    city_appraisal, city_result = _voted(at_city, yes=14)
    package = forward(at_city, city_appraisal, city_result, Forwarding(CITY, CENTRAL, date(2024, 6, 1)))
    assert isinstance(package, ExportPackage)
    assert package.addressed_to == "Thủ tướng Chính phủ"
    assert (package.from_unit_id, package.nomination_id) == ("tp-ha-noi", "hs-1@tp-ha-noi")
    kinds = [i.kind for i in package.items]
    assert kinds == ["submission", "dossier", "appraisal", "council_tally", "appraisal", "council_tally"]
    assert package.items[1].ref == "hs-1"
    assert "14/15 = 93,3%" in package.items[-1].description
    assert len(package.manifest_hash) == 64
    again = forward(at_city, city_appraisal, city_result, Forwarding(CITY, CENTRAL, date(2024, 6, 1)))
    assert isinstance(again, ExportPackage)
    assert again.manifest_hash == package.manifest_hash


def test_a_city_council_vote_under_90_percent_does_not_go_to_central() -> None:
    n = _nomination("chien_si_thi_dua_toan_quoc")
    appraisal, result = _voted(n, yes=13)
    with pytest.raises(AppError) as e:
        forward(n, appraisal, result, Forwarding(CITY, CENTRAL, AT.date()))
    assert _code(e) == "TALLY_NOT_PASSED"


def test_the_city_vote_for_a_central_award_needs_the_award_threshold() -> None:
    n = _nomination("chien_si_thi_dua_toan_quoc")
    appraisal, result = _voted(n, yes=13, rule=UNIT_LEVEL_DEFAULT)  # passed under 2/3
    assert result.passed
    with pytest.raises(AppError) as e:
        forward(n, appraisal, result, Forwarding(CITY, CENTRAL, AT.date()))
    assert _code(e) == "TALLY_NOT_PASSED"
    assert "cần ≥ 90% tổng số thành viên" in e.value.message
