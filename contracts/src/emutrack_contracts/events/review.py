"""Events published by the review service."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from emutrack_contracts.initiatives import InitiativeScope

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
    year: int | None = Field(
        None,
        description="The emulation year the award honours (năm thi đua: the nomination's year), whatever "
        "the day the decision was signed; absent in decisions published before it was added",
    )


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
    central_body: str | None = Field(
        None,
        description="Set for a decision taken above the city (e.g. 'Thủ tướng Chính phủ') and recorded by "
        "the level that sent the dossier up: `level_unit_id`; `signer_id` is who recorded it",
    )


class PublicCommentOpened(_Payload):
    """`public_comment.opened` v1: a voted nomination is published for public comment until `ends_on`."""

    nomination_id: str
    dossier_id: str
    year: int
    proposing_unit_id: str
    level_unit_id: str
    subject_name: str
    award_code: str
    award_name: str
    published_on: date
    channel: str = Field(description="Where the list is published (portal, newspaper), in Vietnamese")
    working_days: int
    ends_on: date = Field(description="Last day of the period; a decision is possible from the next day")


class InitiativeDecided(_Payload):
    """`initiative.decided` v1: a level's council recognised an initiative at a scope, or did not."""

    submission_id: str = Field(description="The initiative as registration numbered it")
    round_id: str
    year: int = Field(description="The year the initiative counts for (its round's year)")
    unit_id: str = Field(description="The proposing unit")
    unit_name: str
    level_unit_id: str = Field(description="The level whose council decided")
    level_name: str
    title: str
    authors: list[str] = Field(description="Authors' full names (NFC), as the unit sent them")
    claimed_scope: InitiativeScope
    recognised: bool
    scope: InitiativeScope | None = Field(None, description="The scope recognised (never above the claim)")
    mean_score: float = Field(description="The council members' mean total, out of 100")
    decision_number: str | None = None
    signed_on: date
    reasons: list[str] = Field(default_factory=list, description="Why it was not recognised, in Vietnamese")


class RankedUnit(_Payload):
    """A unit's place in a cluster's ranking."""

    unit_id: str
    rank: int
    final_score: float
    cross_mean: float
    self_total: float | None = None


class ClusterRankingPublished(_Payload):
    """`cluster_ranking.published` v1: a cluster's head published the frozen ranking of its members."""

    cluster_id: str
    cluster_name: str
    year: int
    level_unit_id: str
    member_ids: list[str]
    ranking: list[RankedUnit]
    suspicious_pairs: int = Field(description="Pairs flagged for scoring each other markedly higher")
    method: str
    content_hash: str
    published_at: AwareDatetime


class CouncilSessionScheduled(_Payload):
    """`council_session.scheduled` v1: a level's council is called to a session (members must attend)."""

    session_id: str
    level_unit_id: str
    name: str
    held_on: date
    member_ids: list[str]
    chair_id: str


class PublishedTally(_Payload):
    """The published result of one agenda item: counts only, never who voted what."""

    nomination_id: str
    question: str
    members: int
    votes_cast: int
    yes: int
    no: int
    abstain: int
    passed: bool
    content_hash: str


class CouncilSessionClosed(_Payload):
    """`council_session.closed` v1: a session ended; each item's tally is published."""

    session_id: str
    level_unit_id: str
    name: str
    closed_at: AwareDatetime
    results: list[PublishedTally]
