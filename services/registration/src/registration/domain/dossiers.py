"""Nomination dossiers (hồ sơ đề nghị khen thưởng): what a unit proposes, and its documents."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from emutrack_contracts import Envelope, new_event
from emutrack_contracts.events.registration import AttachmentRef, NominationSubmitted
from emutrack_contracts.events.registration import LinkedInitiative as LinkedInitiativeOut
from emutrack_contracts.events.registration import PriorAward as PriorAwardOut
from emutrack_kit.errors import Conflict, Unprocessable
from emutrack_kit.text import nfc
from registration.domain.attachments import ATTACHMENT_KINDS, Attachment
from registration.domain.history import HistoryEntry
from registration.domain.listing import ListFilter

DossierKind = Literal["annual_merit", "by_phase", "exceptional", "seniority", "foreign", "lifetime"]
DOSSIER_KINDS_VI: dict[str, str] = {
    "annual_merit": "Theo công trạng (thường xuyên)",
    "by_phase": "Theo đợt, chuyên đề",
    "exceptional": "Đột xuất",
    "seniority": "Theo niên hạn",
    "foreign": "Đối ngoại",
    "lifetime": "Quá trình cống hiến",
}
REQUIRED_DOCUMENTS = ("achievement_report", "council_minutes")
# An ad hoc (đột xuất) commendation rewards a deed while it is fresh: proposed within this many days of it
# (our choice, docs/decisions/0031; the standing office may change it here).
AD_HOC_WINDOW_DAYS = 30


def ensure_editable(status: str) -> None:
    """Documents can be added only while the dossier is a draft (or returned for fixing)."""
    if status not in ("draft", "returned"):
        raise Conflict(
            "DOSSIER_NOT_EDITABLE",
            "Hồ sơ đã gửi; chỉ sửa được khi còn là bản nháp hoặc khi bị trả lại.",
            field="status",
        )


def ensure_complete(attachment_kinds: Sequence[str]) -> None:
    """A dossier is submitted only with its achievement report and the council minutes."""
    missing = [k for k in REQUIRED_DOCUMENTS if k not in attachment_kinds]
    if missing:
        raise Unprocessable(
            "DOSSIER_INCOMPLETE",
            "Hồ sơ còn thiếu: " + ", ".join(ATTACHMENT_KINDS[k] for k in missing) + ".",
            field="attachments",
            details={"missing": missing},
        )


MAX_PRIOR_AWARDS = 30
FIRST_AWARD_YEAR = 1945


@dataclass(frozen=True)
class PriorAward:
    """An award the subject already holds: name as on the decision, year, decision number."""

    name: str
    year: int
    decision_number: str | None = None


def check_prior_awards(awards: Sequence[PriorAward], current_year: int) -> tuple[PriorAward, ...]:
    """Prior awards NFC-normalised, each from a real year up to now, at most 30."""
    if len(awards) > MAX_PRIOR_AWARDS:
        raise Unprocessable(
            "TOO_MANY_PRIOR_AWARDS", f"Ghi tối đa {MAX_PRIOR_AWARDS} khen thưởng đã có.", field="prior_awards"
        )
    for index, award in enumerate(awards):
        if not FIRST_AWARD_YEAR <= award.year <= current_year:
            raise Unprocessable(
                "BAD_AWARD_YEAR",
                f"Năm {award.year} của khen thưởng '{award.name}' phải từ {FIRST_AWARD_YEAR} "
                f"đến {current_year}.",
                field=f"prior_awards[{index}].year",
            )
    return tuple(
        PriorAward(nfc(a.name), a.year, nfc(a.decision_number) if a.decision_number else None) for a in awards
    )


def check_deed(dossier_kind: str, deed_on: date | None, today: date) -> date | None:
    """An ad hoc dossier names the day of its deed, not in the future and no older than the window."""
    if dossier_kind != "exceptional":
        return deed_on
    if deed_on is None:
        raise Unprocessable(
            "DEED_DATE_REQUIRED", "Hồ sơ khen thưởng đột xuất cần ngày lập thành tích.", field="deed_on"
        )
    if deed_on > today:
        raise Unprocessable("DEED_IN_FUTURE", "Ngày lập thành tích không được sau hôm nay.", field="deed_on")
    last_day = deed_on + timedelta(days=AD_HOC_WINDOW_DAYS)
    if today > last_day:
        raise Unprocessable(
            "AD_HOC_WINDOW_PASSED",
            f"Khen thưởng đột xuất phải đề nghị trong {AD_HOC_WINDOW_DAYS} ngày kể từ ngày lập thành tích "
            f"({deed_on:%d/%m/%Y}), tức đến hết ngày {last_day:%d/%m/%Y}; "
            "hãy đề nghị theo đợt hoặc cuối năm.",
            field="deed_on",
            details={"deed_on": deed_on.isoformat(), "last_day": last_day.isoformat()},
        )
    return deed_on


def ensure_kind_of_round(dossier_kind: str, round_award_kind: str | None, round_name: str) -> None:
    """A round opened for one kind of award receives only dossiers of that kind."""
    if round_award_kind is not None and dossier_kind != round_award_kind:
        raise Unprocessable(
            "KIND_NOT_IN_ROUND",
            f"Đợt '{round_name}' chỉ nhận hồ sơ loại '{DOSSIER_KINDS_VI[round_award_kind]}', "
            f"không nhận loại '{DOSSIER_KINDS_VI.get(dossier_kind, dossier_kind)}'.",
            field="dossier_kind",
        )


@dataclass(frozen=True)
class Subject:
    """Who is proposed: a unit (collective) or a person of the proposing unit."""

    kind: str
    unit_id: str | None = None
    full_name: str | None = None
    position: str | None = None


@dataclass(frozen=True)
class LinkedInitiative:
    """An initiative a dossier relies on, as it was when linked."""

    submission_id: str
    title: str
    recognition_level: str


@dataclass(frozen=True)
class Dossier:
    """A dossier (hồ sơ đề nghị khen thưởng): who proposes whom for what, its documents and steps."""

    dossier_id: str
    round_id: str
    year: int
    unit_id: str
    unit_name: str
    unit_path: tuple[str, ...]
    receiving_unit_id: str
    subject_kind: str
    subject_name: str
    subject_unit_id: str | None
    subject_position: str | None
    award_code: str
    award_name: str
    dossier_kind: str
    summary: str
    initiatives: tuple[LinkedInitiative, ...]
    prior_awards: tuple[PriorAward, ...]
    status: str
    attachments: tuple[Attachment, ...]
    history: tuple[HistoryEntry, ...]
    created_at: datetime
    deed_on: date | None = None  # an ad hoc dossier's day of the deed


@dataclass(frozen=True)
class DossierFilter(ListFilter):
    """What a list of dossiers keeps, also by award and kind; `q`: a subject's name in any accents."""

    award_code: str | None = None
    dossier_kind: str | None = None


def submitted_event(dossier: Dossier, actor: str, now: datetime) -> Envelope:
    """`nomination.submitted`: the receiving level's review starts from what the dossier holds now."""
    return new_event(
        "nomination.submitted",
        unit_path=list(dossier.unit_path),
        actor=actor,
        occurred_at=now,
        payload=NominationSubmitted(
            dossier_id=dossier.dossier_id,
            round_id=dossier.round_id,
            year=dossier.year,
            proposing_unit_id=dossier.unit_id,
            proposing_unit_name=dossier.unit_name,
            receiving_unit_id=dossier.receiving_unit_id,
            subject_kind=dossier.subject_kind,
            subject_name=dossier.subject_name,
            subject_unit_id=dossier.subject_unit_id,
            subject_position=dossier.subject_position,
            award_code=dossier.award_code,
            award_name=dossier.award_name,
            dossier_kind=dossier.dossier_kind,
            summary=dossier.summary,
            attachments=[
                AttachmentRef(**{k: v for k, v in asdict(a).items() if k in AttachmentRef.model_fields})
                for a in dossier.attachments
            ],
            submitted_at=now,
            initiatives=[LinkedInitiativeOut(**asdict(i)) for i in dossier.initiatives],
            prior_awards=[PriorAwardOut(**asdict(a)) for a in dossier.prior_awards],
            deed_on=dossier.deed_on,
        ),
    )
