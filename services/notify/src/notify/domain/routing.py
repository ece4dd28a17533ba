"""Who hears of what: a registration reaches the receiving level's standing office."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from emutrack_contracts.events.registration import RegistrationSubmitted

IN_APP = "in_app"
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class Recipient:
    """A role at a unit (the people holding it share one inbox)."""

    role: str
    unit_id: str

    @property
    def key(self) -> str:
        """Stable text key, e.g. 'standing_office@q-thanh-xuan'."""
        return f"{self.role}@{self.unit_id}"


@dataclass(frozen=True)
class Message:
    """One message for one recipient on one channel."""

    recipient: Recipient
    channel: str
    subject: str
    body: str


def registration_submitted_messages(payload: RegistrationSubmitted) -> list[Message]:
    """The receiving standing office learns that a unit registered."""
    office = Recipient("standing_office", payload.receiving_unit_id)
    when = payload.submitted_at.astimezone(HANOI).strftime("%d/%m/%Y")
    round_label = payload.round_name or payload.round_id
    return [
        Message(
            recipient=office,
            channel=IN_APP,
            subject=f"{payload.subject_name} đăng ký thi đua năm {payload.year}",
            body=(
                f"{payload.subject_name} đã đăng ký danh hiệu \u201c{payload.title_name}\u201d "
                f"(đợt \u201c{round_label}\u201d) ngày {when}."
            ),
        )
    ]
