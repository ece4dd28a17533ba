"""Awards decided above the city: the outcome recorded when it comes back (docs/decisions/0030).

A nomination the city sent to the central level left as an export package (`review.domain.forwarding`);
while it is away it waits as "forwarded". The central body's decision, when it arrives, is recorded by
the level that sent it: an award (a decision of its own, which joins the awardee's history) or a refusal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from emutrack_kit.errors import Conflict, Unprocessable
from review.domain.decisions import Awardee, Decision
from review.domain.forwarding import ExportPackage
from review.domain.nomination_record import NominationRecord

CENTRAL_PREFIX = "trung-uong"


@dataclass(frozen=True)
class CentralOutcome:
    """What came back: the central decision's number, day and body, awarded or not (with the reason)."""

    number: str
    signed_on: date
    decided_by: str
    awarded: bool = True
    reason: str = ""

    def decision_id(self, nomination_id: str) -> str:
        """The id of the nomination's award, kept apart from the levels' own numbers.

        One per nomination: one central decision (`123/QĐ-TTg`) names many people across the city, each
        recorded when their own dossier's result comes back.
        """
        return f"{CENTRAL_PREFIX}|{self.number.strip()}|{nomination_id}"


def sent_to_central(record: NominationRecord) -> ExportPackage:
    """The package the nomination left with; a nomination never sent above the city has no outcome."""
    if record.export_package is None:
        raise Conflict(
            "NOT_SENT_TO_CENTRAL",
            f"Hồ sơ của {record.subject_name} chưa được trình lên Trung ương: không có quyết định nào "
            "của Trung ương để ghi nhận.",
            field="nomination_id",
        )
    return record.export_package


def check_outcome(package: ExportPackage, outcome: CentralOutcome) -> None:
    """The outcome names a decision signed after the package was sent, and says why if not awarded."""
    if outcome.signed_on < package.prepared_on:
        raise Unprocessable(
            "SIGNED_BEFORE_SENT",
            f"Ngày ký ({outcome.signed_on:%d/%m/%Y}) trước ngày trình Trung ương "
            f"({package.prepared_on:%d/%m/%Y}).",
            field="signed_on",
        )
    if not outcome.awarded and not outcome.reason.strip():
        raise Unprocessable("REASON_REQUIRED", "Cần ghi lý do Trung ương không khen thưởng.", field="reason")


def ensure_not_settled(record: NominationRecord, outcome: CentralOutcome) -> bool:
    """True if this outcome is already recorded (a retry); a different one already recorded is refused."""
    if record.status == "forwarded":
        return False
    if record.status == "decided" and record.decision_id == outcome.decision_id(record.nomination_id):
        return True
    last = record.history[-1].reasons[:1] if record.history else ()
    if record.status == "not_passed" and not outcome.awarded and last == (refusal_line(outcome),):
        return True
    raise Conflict(
        "CENTRAL_OUTCOME_RECORDED",
        f"Kết quả của Trung ương cho hồ sơ của {record.subject_name} đã được ghi nhận.",
        field="nomination_id",
    )


def refusal_line(outcome: CentralOutcome) -> str:
    """The first reason of a refusal from above, naming the body and its paper (the reason follows)."""
    return f"{outcome.decided_by} không khen thưởng (văn bản số {outcome.number.strip()})"


def central_decision(record: NominationRecord, outcome: CentralOutcome, recorded_by: str) -> Decision:
    """The central award as a decision held by the level that sent it (no ballots of the system's)."""
    n = record.for_decision()
    awardee = Awardee(n.nomination_id, n.subject_kind, n.subject_id, n.subject_name, n.proposing_unit_id)
    return Decision(
        outcome.number.strip(), outcome.signed_on, recorded_by, record.level_unit_id, record.award_code,
        (awardee,), (),
    )  # fmt: skip
