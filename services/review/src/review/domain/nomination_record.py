"""A nomination at one level as review keeps it: the dossier, its status and history, each step's result."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from review.domain.forwarding import ExportPackage
from review.domain.history import DeclaredAward
from review.domain.nomination_parts import (
    AppraisalRecord,
    Attachment,
    ClusterEvidence,
    CouncilTally,
    EndorsementRecord,
    LinkedInitiative,
    PublicComment,
)
from review.domain.nominations import quota_unit, subject_key
from review.domain.quotas import RoundNomination
from review.domain.sessions import ItemResult, Nomination


@dataclass(frozen=True)
class Step:
    """A status the nomination passed through at its level: when, by whom, and why."""

    status: str
    at: datetime
    by: str
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class NominationRecord:
    """A nomination at one level: the dossier, its status and history, and what each step added.

    `unit_path` (the unit it is for) and `level_path` are the paths of the day it arrived.
    """

    nomination_id: str
    dossier_id: str
    round_id: str
    year: int
    proposing_unit_id: str
    proposing_unit_name: str
    unit_path: tuple[str, ...]
    level_unit_id: str
    level_path: tuple[str, ...]
    subject_kind: Literal["collective", "individual"]
    subject_name: str
    subject_unit_id: str | None
    subject_position: str | None
    award_code: str
    award_name: str
    dossier_kind: str
    summary: str
    received_at: datetime
    status: str
    history: tuple[Step, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    initiatives: tuple[LinkedInitiative, ...] = ()
    prior_awards: tuple[DeclaredAward, ...] = ()
    appraisal: AppraisalRecord | None = None
    tally: CouncilTally | None = None
    endorsements: tuple[EndorsementRecord, ...] = ()
    public_comment: PublicComment | None = None
    decision_id: str | None = None
    export_package: ExportPackage | None = None
    forwarded_to: str | None = None
    forwarded_from: str | None = None
    evidence: ClusterEvidence | None = None

    def moved(self, step: Step) -> NominationRecord:
        """The nomination after a step: its status, with the step in its history."""
        return replace(self, status=step.status, history=(*self.history, step))

    @property
    def subject_key(self) -> str:
        """Who the nomination is about, the same at every level."""
        return subject_key(self.subject_kind, self.subject_unit_id, self.proposing_unit_id, self.subject_name)

    @property
    def quota_unit_id(self) -> str:
        """The unit whose quotas the nomination uses: a person's unit, or the collective itself."""
        return quota_unit(self.subject_kind, self.subject_key, self.proposing_unit_id)

    def for_decision(self) -> Nomination:
        """The nomination as a decision or a forwarding reads it (the subject by its key)."""
        return Nomination(
            self.nomination_id, self.dossier_id, self.award_code, self.subject_kind, self.subject_key,
            self.subject_name, self.proposing_unit_id, self.level_unit_id,
            simplified=self.dossier_kind == "exceptional",
        )  # fmt: skip

    def council_result(self) -> ItemResult | None:
        """The council's result at this level, once it voted."""
        if self.tally is None:
            return None
        return self.tally.result(self.nomination_id, self.level_unit_id, self.award_code)

    def in_round(self) -> RoundNomination:
        """The nomination as a round quota counts it (first received, first served)."""
        return RoundNomination(
            self.nomination_id, self.subject_key, self.quota_unit_id, self.award_code, self.year,
            self.received_at,
        )  # fmt: skip
