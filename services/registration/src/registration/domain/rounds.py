"""Rounds (đợt) of submissions with a deadline set by the receiving level."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Literal

from emutrack_contracts import Envelope, new_event
from emutrack_contracts.events.registration import RoundExtensionGranted, RoundOpened
from emutrack_kit.clock import HANOI
from emutrack_kit.errors import Conflict, Unprocessable

RoundKind = Literal["registration", "nomination", "initiative", "exemplar"]


@dataclass(frozen=True)
class Extension:
    """A later deadline the receiving level gave one unit, and why."""

    unit_id: str
    unit_name: str
    deadline: datetime
    reason: str
    granted_by: str
    granted_at: datetime


@dataclass(frozen=True)
class Round:
    """A round: who receives it, for which year, until when."""

    round_id: str
    name: str
    kind: RoundKind
    year: int
    receiving_unit_id: str
    receiving_unit_name: str
    opened_on: date
    deadline: datetime
    movement_id: str | None = None
    award_kind: str | None = None
    period_from_year: int | None = None
    period_to_year: int | None = None
    extensions: tuple[Extension, ...] = ()

    def deadline_for(self, unit_id: str | None) -> datetime:
        """The last moment a unit may submit: the round's deadline, or the unit's own later one."""
        own = [e.deadline for e in self.extensions if e.unit_id == unit_id]
        return max([self.deadline, *own])

    @property
    def period(self) -> tuple[int, int]:
        """The years a registration of this round covers (one year unless it is a multi-year round)."""
        return (self.period_from_year or self.year, self.period_to_year or self.year)

    def ensure_open(self, now: datetime, unit_id: str | None = None) -> None:
        """Refuse a submission before the round opens or after the unit's own deadline."""
        deadline = self.deadline_for(unit_id)
        if now.astimezone(HANOI).date() < self.opened_on:
            raise Conflict(
                "ROUND_NOT_OPEN",
                f"Đợt '{self.name}' chưa mở: nhận hồ sơ từ ngày {self.opened_on:%d/%m/%Y} "
                f"đến hết ngày {deadline.astimezone(HANOI):%d/%m/%Y}.",
                field="round_id",
                details={"opened_on": self.opened_on.isoformat(), "deadline": deadline.isoformat()},
            )
        if now > deadline:
            local = deadline.astimezone(HANOI)
            raise Conflict(
                "DEADLINE_PASSED",
                f"Đã quá hạn nộp của đợt '{self.name}': hạn chót là {local:%H:%M} ngày "
                f"{local:%d/%m/%Y} (giờ Hà Nội), nơi tiếp nhận: Thường trực Hội đồng TĐKT "
                f"{self.receiving_unit_name}. Chỉ cơ quan thường trực mới có thể nhận hồ sơ muộn "
                "hoặc gia hạn cho đơn vị.",
                details={
                    "deadline": deadline.isoformat(),
                    "receiving_unit_id": self.receiving_unit_id,
                    "receiving_unit_name": self.receiving_unit_name,
                },
            )

    def extended(self, extension: Extension) -> Round:
        """The round with one unit given a later deadline (its earlier extension replaced)."""
        if extension.deadline <= self.deadline:
            raise Unprocessable(
                "EXTENSION_NOT_LATER",
                f"Hạn gia hạn phải sau hạn chót của đợt ({self.deadline.astimezone(HANOI):%d/%m/%Y}).",
                field="deadline",
            )
        kept = tuple(e for e in self.extensions if e.unit_id != extension.unit_id)
        return replace(self, extensions=(*kept, extension))


def end_of_day(day: date) -> datetime:
    """23:59:59 Hà Nội time on `day`: how the plans' "trước ngày" deadlines are kept."""
    return datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=HANOI)


def opened_event(round_: Round, path: Sequence[str], actor: str) -> Envelope:
    """The `round.opened` event of a round's current state (re-published when its deadline moves)."""
    return new_event(
        "round.opened",
        unit_path=list(path),
        actor=actor,
        payload=RoundOpened(
            round_id=round_.round_id,
            name=round_.name,
            kind=round_.kind,
            year=round_.year,
            receiving_unit_id=round_.receiving_unit_id,
            deadline=round_.deadline,
            opened_on=round_.opened_on,
            movement_id=round_.movement_id,
            award_kind=round_.award_kind,
            period_from_year=round_.period_from_year,
            period_to_year=round_.period_to_year,
        ),
    )


def extension_granted_event(round_: Round, extension: Extension, receiver_path: Sequence[str]) -> Envelope:
    """`round.extension_granted`: the unit, notify and reporting learn the unit's own deadline."""
    payload = RoundExtensionGranted(
        round_id=round_.round_id,
        round_name=round_.name,
        receiving_unit_id=round_.receiving_unit_id,
        unit_id=extension.unit_id,
        unit_name=extension.unit_name,
        deadline=extension.deadline,
        reason=extension.reason,
        granted_at=extension.granted_at,
    )
    return new_event(
        "round.extension_granted",
        unit_path=list(receiver_path),
        actor=extension.granted_by,
        payload=payload,
        occurred_at=extension.granted_at,
    )
