"""Rounds (đợt) of submissions with a deadline set by the receiving level."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from emutrack_kit.clock import HANOI
from emutrack_kit.errors import Conflict

RoundKind = Literal["registration", "nomination", "initiative", "exemplar"]


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

    @property
    def period(self) -> tuple[int, int]:
        """The years a registration of this round covers (one year unless it is a multi-year round)."""
        return (self.period_from_year or self.year, self.period_to_year or self.year)

    def ensure_open(self, now: datetime) -> None:
        """Refuse a submission before the round opens or after its deadline, naming dates and receiver."""
        if now.astimezone(HANOI).date() < self.opened_on:
            raise Conflict(
                "ROUND_NOT_OPEN",
                f"Đợt '{self.name}' chưa mở: nhận hồ sơ từ ngày {self.opened_on:%d/%m/%Y} "
                f"đến hết ngày {self.deadline.astimezone(HANOI):%d/%m/%Y}.",
                field="round_id",
                details={"opened_on": self.opened_on.isoformat(), "deadline": self.deadline.isoformat()},
            )
        if now > self.deadline:
            local = self.deadline.astimezone(HANOI)
            raise Conflict(
                "DEADLINE_PASSED",
                f"Đã quá hạn nộp của đợt '{self.name}': hạn chót là {local:%H:%M} ngày "
                f"{local:%d/%m/%Y} (giờ Hà Nội), nơi tiếp nhận: Thường trực Hội đồng TĐKT "
                f"{self.receiving_unit_name}. Chỉ cơ quan thường trực mới có thể nhận hồ sơ muộn.",
                details={
                    "deadline": self.deadline.isoformat(),
                    "receiving_unit_id": self.receiving_unit_id,
                    "receiving_unit_name": self.receiving_unit_name,
                },
            )


def end_of_day(day: date) -> datetime:
    """23:59:59 Hà Nội time on `day`: how the plans' "trước ngày" deadlines are kept."""
    return datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=HANOI)
