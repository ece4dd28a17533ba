"""Unit tests of review.domain.central and central_sheet: what came back from above the city, row by row."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from emutrack_kit.errors import Conflict, Unprocessable
from review.domain.central import (
    CentralOutcome,
    check_outcome,
    ensure_not_settled,
    refusal_line,
    sent_to_central,
)
from review.domain.central_sheet import RowError, outcome_of_row
from review.domain.forwarding import ExportPackage
from review.domain.nomination_record import NominationRecord, Step

PACKAGE = ExportPackage(
    "hs-1@ha-noi", "bang_khen_thu_tuong", "Thủ tướng Chính phủ", "ha-noi", date(2020, 12, 15),
    "Lê Thị Hoa", (), "0" * 64,
)  # fmt: skip
OUTCOME = CentralOutcome("1234/QĐ-TTg", date(2021, 3, 2), "Thủ tướng Chính phủ")
AT = datetime(2021, 3, 5, tzinfo=UTC)


def record(status: str = "forwarded", **more: object) -> NominationRecord:
    return NominationRecord(
        nomination_id="hs-1@ha-noi", dossier_id="hs-1", round_id="r", year=2020, subject_position=None,
        unit_path=("ha-noi", "q-thanh-xuan"), proposing_unit_id="q-thanh-xuan",
        proposing_unit_name="Quận Thanh Xuân", level_unit_id="ha-noi", level_path=("ha-noi",),
        subject_kind="individual", subject_unit_id=None, subject_name="Lê Thị Hoa",
        award_code="bang_khen_thu_tuong", award_name="Bằng khen của Thủ tướng Chính phủ",
        dossier_kind="by_phase", summary="x", received_at=AT, status=status, export_package=PACKAGE,
        **more,  # type: ignore[arg-type]
    )  # fmt: skip


def test_only_a_nomination_sent_above_the_city_has_an_outcome() -> None:
    assert sent_to_central(record()) == PACKAGE
    with pytest.raises(Conflict) as raised:
        sent_to_central(replace(record(), export_package=None))
    assert raised.value.code == "NOT_SENT_TO_CENTRAL"


def test_an_outcome_is_signed_after_sending_and_a_refusal_says_why() -> None:
    check_outcome(PACKAGE, OUTCOME)
    with pytest.raises(Unprocessable) as early:
        check_outcome(PACKAGE, replace(OUTCOME, signed_on=date(2020, 12, 14)))
    assert (early.value.code, early.value.field) == ("SIGNED_BEFORE_SENT", "signed_on")
    with pytest.raises(Unprocessable) as silent:
        check_outcome(PACKAGE, replace(OUTCOME, awarded=False, reason="  "))
    assert silent.value.field == "reason"


def test_the_same_outcome_again_is_recognised_and_another_refused() -> None:
    assert ensure_not_settled(record(), OUTCOME) is False
    decided = record("decided", decision_id=OUTCOME.decision_id("hs-1@ha-noi"))
    assert ensure_not_settled(decided, OUTCOME) is True
    with pytest.raises(Conflict):
        ensure_not_settled(decided, replace(OUTCOME, number="99/QĐ-TTg"))
    no = replace(OUTCOME, awarded=False, reason="Chưa đủ tiêu chuẩn")
    refused = record("not_passed", history=(Step("not_passed", AT, "u", (refusal_line(no), no.reason)),))
    assert ensure_not_settled(refused, no) is True


def test_a_row_is_read_whatever_the_accents_and_each_fault_is_named() -> None:
    row = {
        "nomination_id": "hs-1@ha-noi", "result": "duoc khen", "number": "1/QĐ-TTg",
        "signed_on": datetime(2021, 3, 2), "decided_by": "Thủ tướng Chính phủ", "reason": None,
    }  # fmt: skip
    assert outcome_of_row(4, row) == (
        "hs-1@ha-noi",
        CentralOutcome("1/QĐ-TTg", date(2021, 3, 2), "Thủ tướng Chính phủ"),
    )
    assert outcome_of_row(5, {**row, "result": None}) is None
    assert outcome_of_row(6, {**row, "result": "có"}) == RowError(
        6, "result", "Dòng 6: cột Kết quả ghi 'Được khen' hoặc 'Không khen'."
    )
    assert outcome_of_row(7, {**row, "signed_on": "30/02/2021"}) == RowError(
        7, "signed_on", "Dòng 7: ngày ký cần theo dạng dd/mm/yyyy."
    )
    assert outcome_of_row(8, {**row, "number": ""}) == RowError(
        8, "number", "Dòng 8: thiếu số quyết định, văn bản."
    )
