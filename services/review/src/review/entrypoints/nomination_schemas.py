"""What the nomination routes accept and answer."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from review.domain.nomination_record import NominationRecord
from review.domain.nominations import NominationFilter

Status = Literal[
    "received", "returned", "appraised", "on_agenda", "voted", "decided", "forwarded", "not_passed"
]


class HistoryOut(BaseModel):
    """A status the nomination passed through at this level."""

    status: str
    at: datetime
    by: str
    reasons: list[str] = Field(default_factory=list)


class NominationOut(BaseModel):
    """A nomination as the level and the proposing unit see it."""

    nomination_id: str
    dossier_id: str
    round_id: str
    year: int
    proposing_unit_id: str
    proposing_unit_name: str
    level_unit_id: str
    subject_kind: str
    subject_name: str
    subject_position: str | None = None
    award_code: str
    award_name: str
    dossier_kind: str
    summary: str
    status: str
    attachments: list[dict[str, Any]]
    initiatives: list[dict[str, Any]]
    prior_awards: list[dict[str, Any]]
    received_at: datetime
    history: list[HistoryOut]
    tally: dict[str, Any] | None = Field(None, description="The council's published tally at this level")
    endorsements: list[dict[str, Any]] = Field(default_factory=list, description="Lower levels' results")
    export_package: dict[str, Any] | None = None
    decision_id: str | None = None
    public_comment: dict[str, Any] | None = Field(
        None, description="The public-comment period: published on, where, working days, last day"
    )
    appraisal: dict[str, Any] | None = Field(
        None, description="The latest appraisal: verdict, every rule with its facts, content hash"
    )

    @classmethod
    def of(cls, record: NominationRecord) -> NominationOut:
        """From a nomination."""
        shown = {k: v for k, v in record.__dict__.items() if k in cls.model_fields}
        parts = {
            "attachments": [asdict(a) for a in record.attachments],
            "initiatives": [asdict(i) for i in record.initiatives],
            "prior_awards": [asdict(a) for a in record.prior_awards],
            "history": [
                HistoryOut(status=s.status, at=s.at, by=s.by, reasons=list(s.reasons)) for s in record.history
            ],
            "tally": None if record.tally is None else record.tally.public(),
            "endorsements": [e.public() for e in record.endorsements],
            "export_package": None if record.export_package is None else record.export_package.public(),
            "public_comment": None if record.public_comment is None else record.public_comment.public(),
            "appraisal": None if record.appraisal is None else record.appraisal.public(),
        }
        return cls(**{**shown, **parts})


class InboxQuery(BaseModel):
    """What a list of nominations is narrowed to, and which page of it."""

    year: int | None = Field(None, ge=2000, le=2100)
    round_id: str | None = None
    level_unit_id: str | None = None
    status: Status | None = None
    award_code: str | None = None
    q: str | None = Field(None, max_length=100, description="subject name, any accents")
    unit_id: str | None = Field(None, max_length=100, description="the proposing unit")
    limit: int = Field(50, ge=1, le=500)
    skip: int = Field(0, ge=0)

    def narrowed(self) -> NominationFilter:
        """The filter it asks for."""
        return NominationFilter(
            self.year, self.round_id, self.level_unit_id, self.status, self.award_code, self.q, self.unit_id
        )


class NominationPage(BaseModel):
    """A page of nominations and the total matching."""

    total: int
    items: list[NominationOut]


class ReturnIn(BaseModel):
    """Why the dossier goes back to its unit: each reason something the unit can fix."""

    model_config = ConfigDict(extra="forbid")

    reasons: list[Annotated[str, Field(min_length=5, max_length=1000)]] = Field(min_length=1, max_length=20)


class DecisionIn(BaseModel):
    """A decision the level's chair signs: number, date, award and the nominations it honours."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    level_unit_id: str = Field(min_length=1, max_length=100)
    number: str = Field(min_length=1, max_length=50, examples=["1234/QĐ-UBND"])
    signed_on: date
    award_code: str = Field(min_length=1, max_length=100)
    nomination_ids: list[Annotated[str, Field(max_length=300)]] = Field(min_length=1, max_length=500)


class PublicCommentIn(BaseModel):
    """Where and from when the voted nomination is published for public comment."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    published_on: date
    channel: str = Field(min_length=3, max_length=300, examples=["Cổng thông tin điện tử Thành phố"])


class RoundAppraisalIn(BaseModel):
    """Which received nominations to appraise at once: a level's year, optionally one award."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    level_unit_id: str = Field(min_length=1, max_length=100)
    year: int = Field(ge=2000, le=2100)
    award_code: str | None = Field(None, min_length=1, max_length=100)


class AcceptIn(BaseModel):
    """Why an appraisal with undetermined conditions is accepted anyway (required then)."""

    model_config = ConfigDict(extra="forbid")

    override_reason: str | None = Field(None, max_length=1000)


class CentralOutcomeIn(BaseModel):
    """What came back from above the city: the decision's number, day and body; awarded, or not and why."""

    model_config = ConfigDict(extra="forbid")

    number: str = Field(min_length=1, max_length=50, examples=["1234/QĐ-TTg"])
    signed_on: date
    decided_by: str = Field(min_length=2, max_length=200, examples=["Thủ tướng Chính phủ"])
    awarded: bool = True
    reason: str = Field("", max_length=1000, description="Why not, when not awarded")
