"""HTTP routes of the levels' planning: movements, rounds and their deadlines, task calendars."""

from collections.abc import Awaitable, Callable
from dataclasses import asdict
from datetime import date, datetime
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from emutrack_kit.auth import Principal
from emutrack_kit.clock import HANOI
from emutrack_kit.http import authorized_first
from registration import movement_handlers, round_handlers
from registration.domain.movements import Movement
from registration.domain.rounds import Round
from registration.handlers import Deps

Year = Annotated[int | None, Query(ge=2000, le=2100)]
UnitFilter = Annotated[str | None, Query(max_length=100, description="a unit: what applies to it")]
IdempotencyKey = Annotated[str | None, Header(max_length=200)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class TargetIn(_In):
    """A target: what is measured (e.g. "tỷ lệ đơn vị đăng ký thi đua") and the value aimed for."""

    description: str = Field(min_length=3, max_length=500, examples=["100% đơn vị đăng ký thi đua"])
    indicator: str | None = Field(None, max_length=100, examples=["registration_coverage"])
    value: float | None = Field(None, ge=0, examples=[100])
    unit_of_measure: str | None = Field(None, max_length=30, examples=["%"])


class MovementIn(_In):
    """A movement a level launches for its subtree."""

    launching_unit_id: str = Field(min_length=1, max_length=100, examples=["q-thanh-xuan"])
    name: str = Field(
        min_length=5, max_length=300, examples=["Thi đua hoàn thành xuất sắc nhiệm vụ năm 2020"]
    )
    kind: Literal["regular", "by_phase", "thematic"]
    theme: str = Field(min_length=5, max_length=2000)
    criteria: list[Annotated[str, Field(min_length=3, max_length=1000)]] = Field(min_length=1, max_length=100)
    starts_on: date
    ends_on: date
    targets: list[TargetIn] = Field(default_factory=list, max_length=100)


class MovementOut(BaseModel):
    """A movement as announced."""

    movement_id: str
    name: str
    kind: str
    launching_unit_id: str
    launching_unit_name: str
    theme: str
    criteria: list[str]
    starts_on: date
    ends_on: date
    targets: list[dict[str, Any]]

    @classmethod
    def of(cls, movement: Movement) -> "MovementOut":
        """From the domain."""
        return cls(**asdict(movement))


class RoundIn(_In):
    """A round a level opens: what it receives, for which year, until which day (inclusive)."""

    receiving_unit_id: str = Field(min_length=1, max_length=100, examples=["q-thanh-xuan"])
    name: str = Field(min_length=5, max_length=300, examples=["Xét công nhận sáng kiến cấp Quận đợt 2/2020"])
    kind: Literal["registration", "nomination", "initiative", "exemplar"]
    year: int = Field(ge=2000, le=2100)
    opened_on: date
    deadline: date = Field(description="Last day submissions are accepted (until 23:59:59, Hà Nội time)")
    movement_id: str | None = Field(None, max_length=100)
    award_kind: (
        Literal["annual_merit", "by_phase", "exceptional", "seniority", "foreign", "lifetime"] | None
    ) = None
    period_from_year: int | None = Field(None, ge=2000, le=2100)
    period_to_year: int | None = Field(None, ge=2000, le=2100)


class DeadlineIn(_In):
    """A round's new last day."""

    deadline: date


class ExtensionIn(_In):
    """One unit's own last day in a round, and why the receiving office gives it."""

    unit_id: str = Field(min_length=1, max_length=100, examples=["p-khuong-dinh"])
    deadline: date = Field(description="The unit's last day (until 23:59:59, Hà Nội time)")
    reason: str = Field(min_length=3, max_length=1000, examples=["Đơn vị đang sáp nhập, thay đổi cán bộ"])


class ExtensionOut(BaseModel):
    """A later deadline given to one unit."""

    unit_id: str
    unit_name: str
    deadline: datetime
    reason: str
    granted_by: str
    granted_at: datetime


class RoundOut(BaseModel):
    """A round with its deadline and receiving level."""

    round_id: str
    name: str
    kind: str
    year: int
    receiving_unit_id: str
    receiving_unit_name: str
    opened_on: date
    deadline: datetime
    movement_id: str | None = None
    award_kind: str | None = None
    period_from_year: int | None = None
    period_to_year: int | None = None
    extensions: list[ExtensionOut] = Field(default_factory=list, description="Units given a later deadline")

    @classmethod
    def of(cls, round_: Round) -> "RoundOut":
        """From the domain, the deadlines in Hà Nội time as announced."""
        extensions = [
            ExtensionOut(**{**asdict(e), "deadline": e.deadline.astimezone(HANOI)}) for e in round_.extensions
        ]
        return cls(
            **{**asdict(round_), "deadline": round_.deadline.astimezone(HANOI), "extensions": extensions}
        )


class CompletionIn(_In):
    """A note recorded when a task is marked done."""

    note: str | None = Field(None, max_length=1000)


def planning_router(d: Deps, authenticated: Callable[..., Awaitable[Principal]]) -> APIRouter:
    """Routes under /movements, /rounds and /calendars."""
    Caller = Annotated[Principal, Depends(authenticated)]
    authorize = partial(movement_handlers.authorize_level_office, d)
    Launcher = Annotated[Principal, authorized_first(authenticated, authorize, "launching_unit_id")]
    Opener = Annotated[Principal, authorized_first(authenticated, authorize, "receiving_unit_id")]
    router = APIRouter()

    @router.post("/movements", status_code=201, tags=["movements"])
    async def launch_movement(
        body: MovementIn, caller: Launcher, response: Response, idempotency_key: IdempotencyKey = None
    ) -> MovementOut:
        movement, created = await movement_handlers.launch_movement(
            d, caller, body.model_dump(), idempotency_key
        )
        if not created:
            response.headers["Idempotent-Replayed"] = "true"
        return MovementOut.of(movement)

    @router.get("/movements", tags=["movements"])
    async def list_movements(_: Caller, year: Year = None, unit_id: UnitFilter = None) -> list[MovementOut]:
        return [MovementOut.of(m) for m in await movement_handlers.movements_for(d, unit_id, year)]

    @router.get("/movements/{movement_id}", tags=["movements"])
    async def get_movement(movement_id: str, _: Caller) -> MovementOut:
        return MovementOut.of(await movement_handlers.get_movement(d, movement_id))

    @router.post("/rounds", status_code=201, tags=["rounds"])
    async def open_round(
        body: RoundIn, caller: Opener, response: Response, idempotency_key: IdempotencyKey = None
    ) -> RoundOut:
        round_, created = await movement_handlers.open_round(d, caller, body.model_dump(), idempotency_key)
        if not created:
            response.headers["Idempotent-Replayed"] = "true"
        return RoundOut.of(round_)

    @router.get("/rounds", tags=["rounds"])
    async def list_rounds(_: Caller, year: Year = None, unit_id: UnitFilter = None) -> list[RoundOut]:
        return [RoundOut.of(r) for r in await movement_handlers.rounds_for(d, unit_id, year)]

    @router.get("/rounds/{round_id}", tags=["rounds"])
    async def get_round(round_id: str, _: Caller) -> RoundOut:
        return RoundOut.of(await movement_handlers.get_round(d, round_id))

    @router.put("/rounds/{round_id}/deadline", tags=["rounds"])
    async def move_deadline(round_id: str, body: DeadlineIn, caller: Caller) -> RoundOut:
        return RoundOut.of(await movement_handlers.move_deadline(d, caller, round_id, body.deadline))

    Extender = Annotated[
        Principal, authorized_first(authenticated, partial(round_handlers.authorize_extension, d), "round_id")
    ]

    @router.post("/rounds/{round_id}/extensions", status_code=201, tags=["rounds"])
    async def grant_extension(round_id: str, body: ExtensionIn, caller: Extender) -> RoundOut:
        """The receiving standing office gives one unit a later deadline in the round, with a reason."""
        extended = await round_handlers.grant_extension(
            d, caller, round_id, unit_id=body.unit_id, last_day=body.deadline, reason=body.reason
        )
        return RoundOut.of(extended)

    @router.get("/calendars", tags=["calendars"])
    async def list_calendars(_: Caller, year: Year = None) -> list[dict[str, Any]]:
        return await movement_handlers.list_calendars(d, year)

    @router.get("/calendars/{calendar_id}", tags=["calendars"])
    async def get_calendar(calendar_id: str, _: Caller) -> dict[str, Any]:
        return await movement_handlers.get_calendar(d, calendar_id)

    @router.post("/calendars/{calendar_id}/tasks/{number}/completion", tags=["calendars"])
    async def complete_task(
        calendar_id: str, number: Annotated[int, Path(ge=1, le=1000)], body: CompletionIn, caller: Caller
    ) -> dict[str, Any]:
        return await movement_handlers.complete_task(d, caller, calendar_id, number, body.note)

    return router
