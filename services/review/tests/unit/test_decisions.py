"""Unit tests of review.domain.decisions: decisions within authority, signers, public comment."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from emutrack_kit.errors import AppError
from review.domain.ballots import (
    UNIT_LEVEL_DEFAULT,
    BallotBox,
    ThresholdRule,
    VoterRoll,
    cast_vote,
    close_ballot,
    tally,
)
from review.domain.decisions import (
    Decision,
    Level,
    decides_here,
    issue_decision,
)
from review.domain.sessions import (
    AppraisalSummary,
    ItemResult,
    Nomination,
    add_item,
    item_ballot,
    open_session,
    plan_session,
    record_attendance,
    record_result,
)

AT = datetime(2024, 3, 20, 9, 0, tzinfo=UTC)
WARD = Level("p-kim-giang", "ward", "UBND phường Kim Giang", frozenset({"ct-kim-giang"}))
DISTRICT = Level("q-thanh-xuan", "district", "UBND quận Thanh Xuân", frozenset({"ct-thanh-xuan"}))
CITY = Level("tp-ha-noi", "city", "UBND Thành phố Hà Nội", frozenset({"ct-ha-noi", "pct-ha-noi"}))


def _nomination(
    award: str, level: Level = CITY, dossier: str = "hs-1", name: str = "Nguyễn Thị A"
) -> Nomination:
    nid = f"{dossier}@{level.unit_id}"
    return Nomination(nid, dossier, award, "individual", f"cn-{dossier}", name, "p-kim-giang", level.unit_id)


def _appraisal(nomination: Nomination, verdict: str = "eligible") -> AppraisalSummary:
    return AppraisalSummary(nomination.nomination_id, verdict, 1, "cd" * 32, date(2024, 3, 1))  # type: ignore[arg-type]


def _voted(
    nomination: Nomination, yes: int, members: int = 15, rule: ThresholdRule | None = None
) -> tuple[AppraisalSummary, ItemResult]:
    """The nomination put to its level's council of `members`, all present, `yes` of them in favour."""
    people = [f"{nomination.level_unit_id}-tv-{i:02d}" for i in range(members)]
    appraisal = _appraisal(nomination)
    session = plan_session(
        f"hd-{nomination.level_unit_id}", nomination.level_unit_id, AT.date(), people, people[0]
    )
    session = open_session(record_attendance(add_item(session, nomination, appraisal, rule=rule), people))
    ballot = item_ballot(session, nomination.nomination_id)
    roll, box = VoterRoll(ballot.ballot_id), BallotBox(ballot.ballot_id)
    for i, member in enumerate(people):
        entry, paper = cast_vote(ballot, roll, member, ["yes" if i < yes else "no"], mode="in_person", at=AT)
        roll, box = roll.with_entry(entry), box.with_entry(paper)
    result_tally = tally(close_ballot(ballot, AT), roll, box, session.agenda[0].rule)
    return appraisal, record_result(session, nomination.nomination_id, result_tally)


def _decide(nomination: Nomination, result: ItemResult | None, level: Level = CITY) -> Decision:
    results = {} if result is None else {nomination.nomination_id: result}
    signer = sorted(level.signers)[0]
    return issue_decision(
        "123/QĐ-UBND", date(2024, 4, 1), signer, level, nomination.award_code, [nomination], results
    )


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
    ((subject, record),) = decision.history_records()
    assert subject == "cn-hs-1"
    assert (record.code, record.year, record.decision_number) == (
        "chien_si_thi_dua_thanh_pho",
        2024,
        "123/QĐ-UBND",
    )


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
    assert (_code(e), e.value.status, e.value.field) == ("OUTSIDE_AUTHORITY", 403, "award_code")
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
        issue_decision("1/QĐ", date(2024, 4, 1), "tv-05", CITY, n.award_code, [n], {n.nomination_id: result})
    assert _code(e) == "NOT_A_SIGNER"
    assert issue_decision(
        "1/QĐ", date(2024, 4, 1), "pct-ha-noi", CITY, n.award_code, [n], {n.nomination_id: result}
    )


def test_every_nomination_must_fit_the_decision() -> None:
    n = _nomination("chien_si_thi_dua_thanh_pho")
    _, result = _voted(n, yes=15)
    other = _nomination("bang_khen_thanh_pho", dossier="hs-2")
    for nominations in ([n, other], [n, n]):
        with pytest.raises(AppError) as e:
            issue_decision(
                "1/QĐ",
                date(2024, 4, 1),
                "ct-ha-noi",
                CITY,
                n.award_code,
                nominations,
                {n.nomination_id: result},
            )
        assert (_code(e), e.value.field) == ("NOT_IN_DECISION", "nominations[1]")
    with pytest.raises(AppError) as e:
        issue_decision(" ", date(2024, 4, 1), "ct-ha-noi", CITY, n.award_code, [n], {})
    assert _code(e) == "NO_DECISION_NUMBER"


def test_cong_dan_thu_do_uu_tu_waits_for_the_public_comment_period() -> None:
    n = _nomination("cong_dan_thu_do_uu_tu")
    _, result = _voted(n, yes=14)
    results = {n.nomination_id: result}

    def decide(signed_on: date, published: dict[str, date] | None) -> Decision:
        return issue_decision("9/QĐ", signed_on, "ct-ha-noi", CITY, n.award_code, [n], results, published)

    with pytest.raises(AppError) as e:
        decide(date(2024, 2, 21), None)
    assert _code(e) == "COMMENT_PERIOD_NOT_STARTED"
    with pytest.raises(AppError) as e:
        decide(date(2024, 2, 21), {n.nomination_id: date(2024, 2, 5)})  # 7 working days over Tết: to 21/2
    assert _code(e) == "COMMENT_PERIOD_OPEN"
    assert decide(date(2024, 2, 22), {n.nomination_id: date(2024, 2, 5)}).signed_on == date(2024, 2, 22)
