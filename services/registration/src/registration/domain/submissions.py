"""Initiatives (sáng kiến) and exemplars / good deeds (điển hình tiên tiến, người tốt việc tốt).

Each is submitted by a unit into a round of its own kind, received by the round's level, and may
be withdrawn by the unit before the deadline. Recognition happens in review.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Literal

from emutrack_contracts.initiatives import above, council_scope
from emutrack_kit.errors import Conflict, Unprocessable
from emutrack_kit.text import fold, nfc
from registration.domain.history import HistoryEntry
from registration.domain.listing import ListFilter
from registration.domain.rounds import Round

SubmissionKind = Literal["initiative", "exemplar"]
RecognitionLevel = Literal["co_so", "cap_huyen", "cap_thanh_pho"]
RECOGNITION_LEVELS_VI: dict[str, str] = {
    "co_so": "Cấp cơ sở",
    "cap_huyen": "Cấp huyện (quận)",
    "cap_thanh_pho": "Cấp Thành phố",
}
EXEMPLAR_CATEGORIES_VI: dict[str, str] = {
    "dien_hinh_tien_tien": "Điển hình tiên tiến",
    "nguoi_tot_viec_tot": "Người tốt, việc tốt",
}
KIND_VI: dict[str, str] = {"initiative": "sáng kiến", "exemplar": "điển hình tiên tiến, người tốt việc tốt"}
MAX_AUTHORS = 20


@dataclass(frozen=True)
class Author:
    """An initiative's author."""

    full_name: str
    position: str | None = None
    contribution_percent: int | None = None


@dataclass(frozen=True)
class Initiative:
    """An initiative (sáng kiến) proposed for recognition at a level."""

    title: str
    field: str
    authors: tuple[Author, ...]
    recognition_level: RecognitionLevel
    applied_since: date
    summary: str
    benefits: str


@dataclass(frozen=True)
class Exemplar:
    """An exemplar (a collective or a person) or a good deed proposed."""

    category: Literal["dien_hinh_tien_tien", "nguoi_tot_viec_tot"]
    subject_kind: Literal["collective", "individual"]
    subject_name: str
    field: str
    achievement: str
    subject_position: str | None = None
    subject_gender: Literal["nam", "nữ"] | None = None


Proposal = Initiative | Exemplar


@dataclass(frozen=True)
class Submission:
    """A unit's initiative or exemplar in a round, with the statuses it passed through."""

    submission_id: str
    kind: SubmissionKind
    round_id: str
    year: int
    unit_id: str
    unit_name: str
    unit_path: tuple[str, ...]
    receiving_unit_id: str
    status: str
    submitted_by: str
    submitted_at: datetime
    proposal: Proposal
    history: tuple[HistoryEntry, ...] = ()

    @property
    def searchable(self) -> str:
        """The words a search finds it by: an initiative's title and authors, an exemplar's name."""
        p = self.proposal
        if isinstance(p, Initiative):
            return " ".join([p.title, *(a.full_name for a in p.authors)])
        return p.subject_name


SubmissionFilter = ListFilter  # `q`: words of an initiative's title and authors, an exemplar's name


def kind_of(proposal: Proposal) -> SubmissionKind:
    """Which kind of proposal it is."""
    return "initiative" if isinstance(proposal, Initiative) else "exemplar"


def checked(proposal: Proposal, today: date) -> Proposal:
    """The proposal NFC-normalised; an initiative's authors and day of application checked."""
    if isinstance(proposal, Initiative):
        authors = check_authors(proposal.authors)
        check_applied_since(proposal.applied_since, today)
        return replace(
            proposal,
            title=nfc(proposal.title),
            field=nfc(proposal.field),
            authors=authors,
            summary=nfc(proposal.summary),
            benefits=nfc(proposal.benefits),
        )
    position = proposal.subject_position
    return replace(
        proposal,
        subject_name=nfc(proposal.subject_name),
        subject_position=nfc(position) if position else None,
        field=nfc(proposal.field),
        achievement=nfc(proposal.achievement),
    )


def ensure_within_receiver(proposal: Proposal, receiver_kind: str | None, receiver_name: str) -> None:
    """An initiative claims no wider a scope than its round's receiving council may recognise."""
    if not isinstance(proposal, Initiative):
        return
    widest = council_scope(receiver_kind)
    if above(proposal.recognition_level, widest):
        raise Unprocessable(
            "SCOPE_ABOVE_RECEIVER",
            f"Đợt này do {receiver_name} xét: Hội đồng chỉ công nhận sáng kiến đến "
            f"{RECOGNITION_LEVELS_VI[widest].lower()}. Hãy chọn phạm vi đề nghị phù hợp, "
            "hoặc gửi vào đợt của cấp trên.",
            field="recognition_level",
        )


def ensure_round_for(kind: SubmissionKind, round_: Round) -> None:
    """An initiative goes into an initiative round, an exemplar into an exemplar round."""
    if round_.kind != kind:
        raise Unprocessable(
            "WRONG_ROUND_KIND",
            f"Đợt '{round_.name}' không nhận {KIND_VI[kind]}; hãy chọn một đợt nhận {KIND_VI[kind]}.",
            field="round_id",
        )


def check_authors(authors: Sequence[Author]) -> tuple[Author, ...]:
    """Authors NFC-normalised, each named once, contributions adding up to at most 100%."""
    if not authors:
        raise Unprocessable("NO_AUTHORS", "Sáng kiến cần ít nhất một tác giả.", field="authors")
    if len(authors) > MAX_AUTHORS:
        raise Unprocessable(
            "TOO_MANY_AUTHORS", f"Sáng kiến có tối đa {MAX_AUTHORS} tác giả.", field="authors"
        )
    seen: dict[str, int] = {}
    cleaned = []
    for index, author in enumerate(authors):
        name = nfc(author.full_name)
        key = fold(name)
        if key in seen:
            raise Unprocessable(
                "DUPLICATE_AUTHOR",
                f"Tác giả '{name}' được ghi hai lần (vị trí {seen[key] + 1} và {index + 1}).",
                field=f"authors[{index}].full_name",
            )
        seen[key] = index
        cleaned.append(
            Author(name, nfc(author.position) if author.position else None, author.contribution_percent)
        )
    shares = [a.contribution_percent for a in cleaned if a.contribution_percent is not None]
    if sum(shares) > 100:
        raise Unprocessable(
            "CONTRIBUTIONS_OVER_100",
            f"Tổng tỷ lệ đóng góp của các tác giả là {sum(shares)}%, vượt quá 100%.",
            field="authors",
        )
    return tuple(cleaned)


def check_applied_since(applied_since: date, today: date) -> None:
    """An initiative is recognised for what has been applied, so not from a future day."""
    if applied_since > today:
        raise Unprocessable(
            "APPLIED_IN_FUTURE",
            f"Ngày áp dụng ({applied_since:%d/%m/%Y}) không được sau hôm nay ({today:%d/%m/%Y}).",
            field="applied_since",
        )


def ensure_withdrawable(status: str) -> None:
    """Only a submitted proposal can be withdrawn."""
    if status != "submitted":
        raise Conflict("ALREADY_WITHDRAWN", "Hồ sơ này đã được rút.", field="status")
