"""Unit tests of review.domain.initiatives: marks, the pass mark, scopes within the claim and the council."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from emutrack_contracts.initiatives import council_scope
from emutrack_kit.errors import AppError
from review.domain.history import InitiativeRecord
from review.domain.initiatives import (
    Author,
    Decision,
    InitiativeCase,
    Score,
    check_marks,
    scope_of,
)

T0 = datetime(2020, 5, 20, 2, 0, tzinfo=UTC)


def case(claimed: str = "cap_huyen") -> InitiativeCase:
    return InitiativeCase(
        submission_id="sk-1", round_id="sk-2020", year=2020, unit_id="p-kim-giang",
        unit_name="Phường Kim Giang", unit_path=("ha-noi", "q-thanh-xuan", "p-kim-giang"),
        level_unit_id="q-thanh-xuan", title="Số hoá hồ sơ hộ tịch", field="Tư pháp",
        authors=(Author("Nguyễn Thị Thịnh"), Author("Lê Văn Hùng")),
        claimed_scope=claimed, applied_since=date(2020, 3, 1), summary="…", benefits="…",  # type: ignore[arg-type]
        submitted_at=T0,
    )  # fmt: skip


def score(member: str, novelty: int, use: int, benefit: int) -> Score:
    marks = {"tinh_moi": novelty, "kha_nang_ap_dung": use, "hieu_qua": benefit}
    return Score(member, member.upper(), marks, "", T0)


def recognise(scope: str | None = "cap_huyen", number: str | None = "12/QĐ-UBND") -> Decision:
    return Decision(True, scope_of(scope), number, date(2020, 6, 1), (), "m1", T0)


def refuse(*reasons: str) -> Decision:
    return Decision(False, None, None, date(2020, 6, 1), tuple(reasons), "m1", T0)


def code(excinfo: pytest.ExceptionInfo[AppError]) -> str:
    return excinfo.value.code


def test_marks_are_checked_against_each_criterion_maximum() -> None:
    assert check_marks({"tinh_moi": 30, "kha_nang_ap_dung": 0, "hieu_qua": 40}) == {
        "tinh_moi": 30,
        "kha_nang_ap_dung": 0,
        "hieu_qua": 40,
    }
    with pytest.raises(AppError) as too_high:
        check_marks({"tinh_moi": 31, "kha_nang_ap_dung": 10, "hieu_qua": 10})
    assert (code(too_high), too_high.value.field) == ("MARK_OUT_OF_RANGE", "marks.tinh_moi")
    assert "từ 0 đến 30" in too_high.value.message
    with pytest.raises(AppError) as missing:
        check_marks({"tinh_moi": 10, "kha_nang_ap_dung": 10})
    assert missing.value.field == "marks.hieu_qua"
    with pytest.raises(AppError) as unknown:
        check_marks({"tinh_moi": 1, "kha_nang_ap_dung": 1, "hieu_qua": 1, "do_dep": 5})
    assert code(unknown) == "UNKNOWN_CRITERION"


def test_a_member_scoring_again_replaces_their_marks_and_the_mean_follows() -> None:
    scored = (
        case().scored(score("m1", 20, 20, 20)).scored(score("m2", 28, 26, 36)).scored(score("m1", 25, 24, 32))
    )
    assert [s.member for s in scored.scores] == ["m2", "m1"]
    assert scored.mean_total() == 85.5  # (90 + 81) / 2
    assert scored.mean_marks() == {"tinh_moi": 26.5, "kha_nang_ap_dung": 25.0, "hieu_qua": 34.0}


def test_recognised_at_the_pass_mark_within_claim_and_council() -> None:
    decided = case().scored(score("m1", 21, 21, 28)).decided(recognise(), council_scope("district"))
    assert decided.status == "recognised"
    record = decided.recognition()
    assert record is not None
    assert (record.year, record.level) == (2020, "cap_huyen")
    assert decided.author_keys() == ["p-kim-giang|nguyen thi thinh", "p-kim-giang|le van hung"]
    lower = case().scored(score("m1", 25, 25, 30)).decided(recognise("co_so"), "cap_huyen")
    assert lower.recognition() == InitiativeRecord(2020, "co_so", "Số hoá hồ sơ hộ tịch")


@pytest.mark.parametrize(
    ("scores", "decision", "council", "expected"),
    [
        ((), recognise(), "cap_huyen", "NOT_SCORED"),
        ((score("m1", 20, 20, 29),), recognise(), "cap_huyen", "BELOW_PASS_MARK"),  # 69
        ((score("m1", 30, 0, 40), score("m2", 30, 0, 40)), recognise(), "cap_huyen", "BELOW_PASS_MARK"),
        ((score("m1", 30, 30, 40),), recognise("cap_thanh_pho"), "cap_thanh_pho", "SCOPE_ABOVE_CLAIM"),
        ((score("m1", 30, 30, 40),), recognise("cap_huyen"), "co_so", "SCOPE_ABOVE_COUNCIL"),
        ((score("m1", 30, 30, 40),), recognise(None), "cap_huyen", "SCOPE_REQUIRED"),
        ((score("m1", 30, 30, 40),), recognise(number=None), "cap_huyen", "DECISION_NUMBER_REQUIRED"),
        ((score("m1", 10, 10, 10),), refuse(), "cap_huyen", "REASON_REQUIRED"),
    ],
)
def test_a_decision_the_rules_do_not_allow_is_refused(
    scores: tuple[Score, ...], decision: Decision, council: str, expected: str
) -> None:
    before = case()
    for s in scores:
        before = before.scored(s)
    with pytest.raises(AppError) as refused:
        before.decided(decision, council)  # type: ignore[arg-type]
    assert code(refused) == expected


def test_a_zero_criterion_is_named_and_a_decided_initiative_is_closed() -> None:
    with pytest.raises(AppError) as weak:
        case().scored(score("m1", 30, 0, 40)).decided(recognise(), "cap_huyen")
    assert "Khả năng áp dụng" in weak.value.message
    refused = case().scored(score("m1", 10, 10, 10)).decided(refuse("Chưa áp dụng thực tế"), "cap_huyen")
    assert refused.status == "not_recognised"
    assert refused.recognition() is None
    with pytest.raises(AppError) as closed:
        refused.scored(score("m2", 30, 30, 40))
    assert code(closed) == "INITIATIVE_CLOSED"


def test_council_scope_by_level_kind_and_unknown_scopes() -> None:
    assert [council_scope(k) for k in ("ward", "district", "city", None)] == [
        "co_so",
        "cap_huyen",
        "cap_thanh_pho",
        "co_so",
    ]
    with pytest.raises(AppError) as unknown:
        scope_of("toan_quoc")
    assert code(unknown) == "SCOPE_UNKNOWN"
