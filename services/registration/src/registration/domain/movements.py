"""Movements (phong trào thi đua) a level launches, and the rounds it opens with deadlines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Literal

from emutrack_contracts import Envelope, new_event
from emutrack_contracts.events.registration import MovementLaunched, MovementTarget
from emutrack_kit.errors import Unprocessable
from registration.domain.dossiers import DOSSIER_KINDS_VI
from registration.domain.rounds import Round, RoundKind, end_of_day

MovementKind = Literal["regular", "by_phase", "thematic"]
MOVEMENT_KINDS_VI: dict[str, str] = {
    "regular": "Thi đua thường xuyên",
    "by_phase": "Thi đua theo đợt",
    "thematic": "Thi đua chuyên đề",
}
ROUND_KINDS_VI: dict[str, str] = {
    "registration": "Đăng ký thi đua",
    "nomination": "Hồ sơ đề nghị khen thưởng",
    "initiative": "Sáng kiến",
    "exemplar": "Điển hình tiên tiến, người tốt việc tốt",
}
MAX_PERIOD_YEARS = 5


@dataclass(frozen=True)
class Target:
    """A movement's target: what is measured and the value aimed for."""

    description: str
    indicator: str | None = None
    value: float | None = None
    unit_of_measure: str | None = None


@dataclass(frozen=True)
class Movement:
    """A movement launched by a level for its subtree."""

    movement_id: str
    name: str
    kind: MovementKind
    launching_unit_id: str
    launching_unit_name: str
    theme: str
    criteria: tuple[str, ...]
    starts_on: date
    ends_on: date
    targets: tuple[Target, ...]

    def __post_init__(self) -> None:
        if self.ends_on < self.starts_on:
            raise Unprocessable(
                "PERIOD_REVERSED",
                f"Ngày kết thúc ({self.ends_on:%d/%m/%Y}) phải sau ngày bắt đầu ({self.starts_on:%d/%m/%Y}).",
                field="ends_on",
            )
        if not self.criteria:
            raise Unprocessable(
                "NO_CRITERIA", "Phong trào cần ít nhất một tiêu chí thi đua.", field="criteria"
            )


@dataclass(frozen=True)
class RoundPlan:
    """What a level asks for when it opens a round."""

    round_id: str
    name: str
    kind: RoundKind
    year: int
    opened_on: date
    last_day: date
    movement: Movement | None = None
    award_kind: str | None = None
    period_from_year: int | None = None
    period_to_year: int | None = None


def plan_round(plan: RoundPlan, receiving_unit_id: str, receiving_unit_name: str) -> Round:
    """A round from a level's plan, checked: deadline after opening, award kind, period, movement."""
    if plan.last_day < plan.opened_on:
        raise Unprocessable(
            "DEADLINE_BEFORE_OPENING",
            f"Hạn nộp ({plan.last_day:%d/%m/%Y}) không được trước ngày mở đợt ({plan.opened_on:%d/%m/%Y}).",
            field="deadline",
        )
    if plan.award_kind is not None and plan.kind != "nomination":
        raise Unprocessable(
            "AWARD_KIND_NOT_NOMINATION",
            "Chỉ đợt nhận hồ sơ đề nghị khen thưởng mới có loại khen thưởng.",
            field="award_kind",
        )
    if plan.kind == "nomination" and plan.award_kind not in DOSSIER_KINDS_VI:
        allowed = ", ".join(f"{k} ({v})" for k, v in DOSSIER_KINDS_VI.items())
        raise Unprocessable(
            "UNKNOWN_AWARD_KIND",
            f"Đợt nhận hồ sơ đề nghị khen thưởng cần loại khen thưởng, một trong: {allowed}.",
            field="award_kind",
        )
    first, last = plan.period_from_year or plan.year, plan.period_to_year or plan.year
    if not (first <= plan.year <= last and last - first < MAX_PERIOD_YEARS):
        raise Unprocessable(
            "BAD_PERIOD",
            f"Giai đoạn {first} - {last} phải chứa năm {plan.year} và dài tối đa {MAX_PERIOD_YEARS} năm.",
            field="period_to_year",
        )
    if plan.movement is not None and plan.movement.launching_unit_id != receiving_unit_id:
        raise Unprocessable(
            "MOVEMENT_OF_ANOTHER_LEVEL",
            f"Phong trào '{plan.movement.name}' do {plan.movement.launching_unit_name} phát động; "
            "đợt của phong trào phải do chính cấp đó mở.",
            field="movement_id",
        )
    return Round(
        round_id=plan.round_id,
        name=plan.name,
        kind=plan.kind,
        year=plan.year,
        receiving_unit_id=receiving_unit_id,
        receiving_unit_name=receiving_unit_name,
        opened_on=plan.opened_on,
        deadline=end_of_day(plan.last_day),
        movement_id=plan.movement.movement_id if plan.movement else None,
        award_kind=plan.award_kind,
        period_from_year=plan.period_from_year,
        period_to_year=plan.period_to_year,
    )


def moved_round(round_: Round, last_day: date) -> Round:
    """The round with a new last day, checked as its plan was (its movement and extensions kept)."""
    plan = RoundPlan(
        round_id=round_.round_id,
        name=round_.name,
        kind=round_.kind,
        year=round_.year,
        opened_on=round_.opened_on,
        last_day=last_day,
        award_kind=round_.award_kind,
        period_from_year=round_.period_from_year,
        period_to_year=round_.period_to_year,
    )
    moved = plan_round(plan, round_.receiving_unit_id, round_.receiving_unit_name)
    return replace(moved, movement_id=round_.movement_id, extensions=round_.extensions)


def launched_event(movement: Movement, path: Sequence[str], actor: str) -> Envelope:
    """`movement.launched`: the levels below hear of the movement and its targets."""
    targets = [MovementTarget(**asdict(t)) for t in movement.targets]
    payload = MovementLaunched(**{**asdict(movement), "targets": targets})
    return new_event("movement.launched", unit_path=list(path), actor=actor, payload=payload)
