"""A level's council as the standing office records it, and its sessions as review keeps them.

The session's rules are in `review.domain.sessions`; what a kept session adds is what people read:
its name, the members' names, each item's award name and, once closed, each item's published
tally with its content hash.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from review.domain.integrity import JsonObject
from review.domain.sessions import AgendaItem, CouncilSession


@dataclass(frozen=True)
class CouncilMember:
    """A council member: the account that votes, and the name shown."""

    member_id: str
    name: str


@dataclass(frozen=True)
class Council:
    """A level's council as it stands: members and chair."""

    level_unit_id: str
    members: tuple[CouncilMember, ...]
    chair_id: str

    @property
    def member_ids(self) -> list[str]:
        """The members' accounts, in the recorded order."""
        return [m.member_id for m in self.members]


@dataclass(frozen=True)
class AgendaNote:
    """What a kept session shows beside an agenda item: the award's name and, once closed, its result."""

    award_name: str
    result: JsonObject | None = None


@dataclass(frozen=True)
class SessionRecord:
    """A council session as kept: the session, its name, the members' names, the agenda's notes, version."""

    session: CouncilSession
    name: str
    member_ids: tuple[str, ...]  # in the council's order
    member_names: Mapping[str, str]
    notes: tuple[AgendaNote, ...]
    version: int = 1
    opened_at: datetime | None = None
    closed_at: datetime | None = None

    @property
    def session_id(self) -> str:
        """The session's id."""
        return self.session.session_id

    @property
    def level_unit_id(self) -> str:
        """The level whose council meets."""
        return self.session.level_unit_id

    def agenda(self) -> list[dict[str, object]]:
        """The agenda as stored and shown: each item's nomination, threshold and (once closed) result."""
        return [agenda_entry(item, note) for item, note in zip(self.session.agenda, self.notes, strict=True)]


def agenda_entry(item: AgendaItem, note: AgendaNote) -> dict[str, object]:
    """One agenda item as stored and shown."""
    n, rule = item.nomination, item.rule
    return {
        "number": item.number,
        "nomination_id": n.nomination_id,
        "dossier_id": n.dossier_ref,
        "award_code": n.award_code,
        "award_name": note.award_name,
        "subject_kind": n.subject_kind,
        "subject_id": n.subject_id,
        "subject_name": n.subject_name,
        "proposing_unit_id": n.proposing_unit_id,
        "appraisal_hash": item.appraisal.snapshot_hash,
        "threshold": {"share": str(rule.share), "of": rule.of},
        "threshold_text": rule.describe(),
        "result": note.result,
    }
