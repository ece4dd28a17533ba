"""Envelopes of what units propose during the year (exemplars, initiatives, dossiers) and the decisions."""

from __future__ import annotations

import hashlib
from typing import Literal

from bench.hanoi_year import catalogue as c
from bench.hanoi_year.events import Builder, moment
from bench.hanoi_year.people import person_name, position_of
from bench.hanoi_year.plan import FLAG, INDIVIDUAL, DecisionPlan, UnitPlan
from emutrack_contracts import Envelope
from emutrack_contracts.events.registration import (
    AttachmentRef,
    ExemplarSubmitted,
    InitiativeAuthor,
    InitiativeSubmitted,
    NominationSubmitted,
    SubmissionWithdrawn,
)
from emutrack_contracts.events.review import DecisionAwardee, DecisionIssued


class YearBuilder(Builder):
    """Every event of a year plan: the registration side, plus submissions and decisions."""

    def exemplar(self, p: UnitPlan, k: int, t: int) -> Envelope:
        """The unit proposes its k-th exemplar (a person or the unit itself)."""
        spec, code = self.plan.round_of(p, "exemplar"), p.exemplars[k]
        individual, person = bool(code & INDIVIDUAL), k % max(p.unit.staff, 1)
        name, gender = (
            person_name(self.plan.seed, p.unit.unit_id, person) if individual else (p.unit.name, None)
        )
        position = position_of(self.plan.seed, p.unit.unit_id, p.unit.kind, person) if individual else None
        body = ExemplarSubmitted(
            submission_id=f"dh-{self.plan.year}-{p.unit.unit_id}-{k}",
            round_id=spec.round_id,
            year=self.plan.year,
            unit_id=p.unit.unit_id,
            unit_name=p.unit.name,
            receiving_unit_id=spec.receiving_unit_id,
            category=c.EXEMPLAR_CATEGORIES[code & ~FLAG & ~INDIVIDUAL],
            subject_kind="individual" if individual else "collective",
            subject_name=name,
            subject_gender=gender,
            subject_position=position,
            field="Cải cách hành chính",
            achievement="Gương mẫu, tận tụy, được nhân dân tin yêu.",
            submitted_at=moment(t),
        )
        return self._event(
            "exemplar.submitted", body.submission_id, p.unit.path, f"synthetic:{p.unit.unit_id}", t, body
        )

    def initiative(self, p: UnitPlan, k: int, t: int) -> Envelope:
        """The unit proposes its k-th initiative for recognition at a level."""
        spec, code = self.plan.round_of(p, "initiative"), p.initiatives[k]
        author, _ = person_name(self.plan.seed, p.unit.unit_id, k % max(p.unit.staff, 1))
        body = InitiativeSubmitted(
            submission_id=f"sk-{self.plan.year}-{p.unit.unit_id}-{k}",
            round_id=spec.round_id,
            year=self.plan.year,
            unit_id=p.unit.unit_id,
            unit_name=p.unit.name,
            receiving_unit_id=spec.receiving_unit_id,
            title=f"Giải pháp nâng cao hiệu quả công tác số {k + 1}",
            field="Quản lý hành chính",
            authors=[InitiativeAuthor(full_name=author, contribution_percent=100)],
            recognition_level=c.INITIATIVE_LEVELS[code & ~FLAG],
            applied_since=spec.opened_on,
            summary="Số hóa quy trình tiếp nhận hồ sơ.",
            benefits="Rút ngắn thời gian xử lý.",
            submitted_at=moment(t),
        )
        return self._event(
            "initiative.submitted", body.submission_id, p.unit.path, f"synthetic:{p.unit.unit_id}", t, body
        )

    def withdrawn(self, p: UnitPlan, kind: Literal["initiative", "exemplar"], k: int, t: int) -> Envelope:
        """The unit withdraws its k-th initiative or exemplar before the round's deadline."""
        spec = self.plan.round_of(p, kind)
        prefix = "sk" if kind == "initiative" else "dh"
        body = SubmissionWithdrawn(
            submission_id=f"{prefix}-{self.plan.year}-{p.unit.unit_id}-{k}",
            kind=kind,
            round_id=spec.round_id,
            year=self.plan.year,
            unit_id=p.unit.unit_id,
            reason="Đơn vị rút để hoàn thiện",
            withdrawn_at=moment(t),
        )
        return self._event(
            "submission.withdrawn", body.submission_id, p.unit.path, f"synthetic:{p.unit.unit_id}", t, body
        )

    def dossier_id(self, p: UnitPlan, k: int) -> str:
        """The id of the unit's k-th nomination dossier."""
        return f"hs-{self.plan.year}-{p.unit.unit_id}-{k}"

    def subject(self, p: UnitPlan, k: int) -> tuple[str, str, str | None]:
        """(subject id, name, position) of the unit's k-th nomination (people are its staff, in turn)."""
        if c.OPTIONS[p.nominations[k] & ~FLAG].subject_kind == "collective":
            return p.unit.unit_id, p.unit.name, None
        person = k % max(p.unit.staff, 1)
        name = person_name(self.plan.seed, p.unit.unit_id, person)[0]
        return (
            f"{p.unit.unit_id}#{person}",
            name,
            position_of(self.plan.seed, p.unit.unit_id, p.unit.kind, person),
        )

    def nominated(self, p: UnitPlan, k: int, t: int) -> Envelope:
        """The unit proposes an award for itself or one of its people (achievement report and minutes)."""
        spec, option = self.plan.round_of(p, "nomination"), c.OPTIONS[p.nominations[k] & ~FLAG]
        dossier = self.dossier_id(p, k)
        _, name, position = self.subject(p, k)
        attachments = [
            AttachmentRef(
                attachment_id=f"{dossier}/{kind}",
                kind=kind,
                filename=f"{kind}.pdf",
                file_type="pdf",
                size=180_000 + (t % 9973),
                sha256=hashlib.sha256(f"{dossier}/{kind}".encode()).hexdigest(),
            )
            for kind in ("achievement_report", "council_minutes")
        ]
        body = NominationSubmitted(
            dossier_id=dossier,
            round_id=spec.round_id,
            year=self.plan.year,
            proposing_unit_id=p.unit.unit_id,
            proposing_unit_name=p.unit.name,
            receiving_unit_id=spec.receiving_unit_id,
            subject_kind=option.subject_kind,
            subject_name=name,
            subject_unit_id=p.unit.unit_id,
            subject_position=position,
            award_code=option.award_code,
            award_name=option.award_name,
            dossier_kind="annual_merit",
            summary=f"Hoàn thành xuất sắc nhiệm vụ năm {self.plan.year}.",
            attachments=attachments,
            submitted_at=moment(t),
        )
        return self._event(
            "nomination.submitted", dossier, p.unit.path, f"synthetic:{p.unit.unit_id}", t, body
        )

    def decided(self, d: DecisionPlan, t: int) -> Envelope:
        """A level's chair signs a decision naming its awardees and the units that proposed them."""
        awardees = []
        for plan_index, k in d.members():
            p = self.plan.plans[plan_index]
            subject_id, name, _ = self.subject(p, k)
            awardees.append(
                DecisionAwardee(
                    nomination_id=f"{self.dossier_id(p, k)}@{d.level.unit_id}",
                    subject_kind=d.option.subject_kind,
                    subject_id=subject_id,
                    subject_name=name,
                    proposing_unit_id=p.unit.unit_id,
                )
            )
        decision_id = f"{d.level.unit_id}|{d.number}"
        digest = hashlib.sha256(
            "\n".join([decision_id, *(a.nomination_id for a in awardees)]).encode()
        ).hexdigest()
        body = DecisionIssued(
            decision_id=decision_id,
            number=d.number,
            signed_on=d.signed_on,
            signer_id=f"synthetic:{d.level.unit_id}-chair",
            level_unit_id=d.level.unit_id,
            award_code=d.option.award_code,
            award_name=d.option.award_name,
            awardees=awardees,
            ballot_ids=[],
            content_hash=digest,
        )
        return self._event("decision.issued", decision_id, d.level.path, body.signer_id, t, body)
