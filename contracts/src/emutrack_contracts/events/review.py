"""Events published by the review service."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

NominationStatus = Literal[
    "received", "returned", "appraised", "on_agenda", "voted", "decided", "forwarded", "not_passed"
]


class _Payload(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class NominationStatusChanged(_Payload):
    """`nomination.status_changed` v1: a level's review moved a nomination (the submitter follows it)."""

    nomination_id: str = Field(description="The nomination at one level: `<dossier id>@<level unit id>`")
    dossier_id: str
    round_id: str
    year: int
    proposing_unit_id: str
    level_unit_id: str = Field(description="The level whose standing office holds the nomination")
    status: NominationStatus
    reasons: list[str] = Field(default_factory=list, description="Why it was returned, in Vietnamese")
    snapshot_hash: str | None = Field(None, description="Content hash of the frozen appraisal or tally")
    changed_at: AwareDatetime


class DecisionAwardee(_Payload):
    """A collective or person named in a decision."""

    nomination_id: str
    subject_kind: Literal["collective", "individual"]
    subject_id: str
    subject_name: str
    proposing_unit_id: str


class DecisionIssued(_Payload):
    """`decision.issued` v1: a level's head decided an award; it joins every awardee's history."""

    decision_id: str
    number: str
    signed_on: date
    signer_id: str
    level_unit_id: str
    award_code: str
    award_name: str
    awardees: list[DecisionAwardee]
    ballot_ids: list[str]
    content_hash: str
