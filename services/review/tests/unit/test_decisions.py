"""Unit tests of review.domain.decisions: decisions within authority, signers, public comment."""

from __future__ import annotations

from datetime import date

import pytest

from emutrack_kit.errors import AppError
from emutrack_kit.http import status_of
from review.domain.ballots import (
    UNIT_LEVEL_DEFAULT,
)
from review.domain.decisions import (
    Decision,
    DecisionDraft,
    decides_here,
    issue_decision,
)
from review.samples import CITY, DISTRICT, WARD
from review.samples import decide as _decide
from review.samples import nomination as _nomination
from review.samples import voted as _voted


def _code(e: pytest.ExceptionInfo[AppError]) -> str:
    return e.value.code


# --- decisions ------------------------------------------------------------------------------------


def test_the_city_chair_decides_cstd_thanh_pho_after_14_of_15() -> None:
    n = _nomination("chien_si_thi_dua_thanh_pho")
    _, result = _voted(n, yes=14)
    decision = _decide(n, result)
    assert (decision.number, decision.level_unit_id, decision.signer_id) == (
        "123/QĐ-UBND",
        "tp-ha-noi",
        "ct-ha-noi",
    )
    assert [a.subject_name for a in decision.awardees] == ["Nguyễn Thị A"]
    assert decision.ballot_ids == (result.tally.ballot_id,)
    assert [a.subject_id for a in decision.awardees] == ["cn-hs-1"]


def test_no_decision_without_a_tally_of_this_level() -> None:
    n = _nomination("chien_si_thi_dua_thanh_pho")
    with pytest.raises(AppError) as e:
        _decide(n, None)
    assert (_code(e), e.value.details) == ("NO_TALLY", {"nomination_id": n.nomination_id})
    ward_n = _nomination("chien_si_thi_dua_thanh_pho", WARD)
    _, ward_result = _voted(ward_n, yes=7, members=7)
    with pytest.raises(AppError) as e:
        _decide(n, ward_result)  # the ward's vote is not the city council's
    assert _code(e) == "NO_TALLY"


def test_no_decision_when_the_tally_did_not_pass() -> None:
    n = _nomination("chien_si_thi_dua_thanh_pho")
    _, result = _voted(n, yes=13)
    with pytest.raises(AppError) as e:
        _decide(n, result)
    assert _code(e) == "TALLY_NOT_PASSED"
    assert "13/15 = 86,7%" in e.value.message
    assert e.value.details["tally"]["yes"] == 13


def test_the_award_threshold_is_required_whatever_the_session_used() -> None:
    n = _nomination("chien_si_thi_dua_thanh_pho")
    _, result = _voted(n, yes=13, rule=UNIT_LEVEL_DEFAULT)  # the session judged it by 2/3
    assert result.passed
    with pytest.raises(AppError) as e:
        _decide(n, result)
    assert _code(e) == "TALLY_NOT_PASSED"


def test_no_decision_outside_the_level_authority() -> None:
    n = _nomination("chien_si_thi_dua_thanh_pho", DISTRICT)
    _, result = _voted(n, yes=15)
    with pytest.raises(AppError) as e:
        _decide(n, result, DISTRICT)
    assert (_code(e), status_of(e.value), e.value.field) == ("OUTSIDE_AUTHORITY", 403, "award_code")
    assert "Chủ tịch UBND Thành phố" in e.value.message
    assert not decides_here("tap_the_lao_dong_xuat_sac", WARD)
    assert decides_here("lao_dong_tien_tien", WARD)


def test_the_ward_decides_its_own_awards() -> None:
    n = _nomination("lao_dong_tien_tien", WARD)
    _, result = _voted(n, yes=5, members=7)
    assert _decide(n, result, WARD).level_unit_id == "p-kim-giang"


def test_only_the_chair_or_a_deputy_signs() -> None:
    n = _nomination("chien_si_thi_dua_thanh_pho")
    _, result = _voted(n, yes=15)
    with pytest.raises(AppError) as e:
        issue_decision(
            DecisionDraft("1/QĐ", date(2024, 4, 1), "tv-05", CITY, n.award_code, [n]),
            {n.nomination_id: result},
        )
    assert _code(e) == "NOT_A_SIGNER"
    assert issue_decision(
        DecisionDraft("1/QĐ", date(2024, 4, 1), "pct-ha-noi", CITY, n.award_code, [n]),
        {n.nomination_id: result},
    )


def test_every_nomination_must_fit_the_decision() -> None:
    n = _nomination("chien_si_thi_dua_thanh_pho")
    _, result = _voted(n, yes=15)
    other = _nomination("bang_khen_thanh_pho", dossier="hs-2")
    for nominations in ([n, other], [n, n]):
        with pytest.raises(AppError) as e:
            issue_decision(
                DecisionDraft("1/QĐ", date(2024, 4, 1), "ct-ha-noi", CITY, n.award_code, nominations),
                {n.nomination_id: result},
            )
        assert (_code(e), e.value.field) == ("NOT_IN_DECISION", "nominations[1]")
    with pytest.raises(AppError) as e:
        issue_decision(DecisionDraft(" ", date(2024, 4, 1), "ct-ha-noi", CITY, n.award_code, [n]), {})
    assert _code(e) == "NO_DECISION_NUMBER"


def test_cong_dan_thu_do_uu_tu_waits_for_the_public_comment_period() -> None:
    n = _nomination("cong_dan_thu_do_uu_tu")
    _, result = _voted(n, yes=14)
    results = {n.nomination_id: result}

    def decide(signed_on: date, published: dict[str, date] | None) -> Decision:
        return issue_decision(
            DecisionDraft("9/QĐ", signed_on, "ct-ha-noi", CITY, n.award_code, [n]), results, published
        )

    with pytest.raises(AppError) as e:
        decide(date(2024, 2, 21), None)
    assert _code(e) == "COMMENT_PERIOD_NOT_STARTED"
    with pytest.raises(AppError) as e:
        decide(date(2024, 2, 21), {n.nomination_id: date(2024, 2, 5)})  # 7 working days over Tết: to 21/2
    assert _code(e) == "COMMENT_PERIOD_OPEN"
    assert decide(date(2024, 2, 22), {n.nomination_id: date(2024, 2, 5)}).signed_on == date(2024, 2, 22)
