"""HTTP routes of the levels' planning: movements, rounds and their deadlines and extensions."""

from dataclasses import asdict
from datetime import date, datetime
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from emutrack_kit.auth import Principal
from emutrack_kit.clock import HANOI
from emutrack_kit.http import authorized_first
from registration.domain.movements import Movement, Target
from registration.domain.rounds import Round
from registration.entrypoints.common import Authenticated, IdempotencyKey, mark_replay
from registration.usecases import access, extensions, movements, rounds
from registration.usecases.context import Context
from registration.usecases.extensions import Extend
from registration.usecases.movements import LaunchMovement
from registration.usecases.rounds import OpenRound

Year = Annotated[int | None, Query(ge=2000, le=2100)]
UnitFilter = Annotated[str | None, Query(max_length=100, description="a unit: what applies to it")]


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

    def command(self, idempotency_key: str | None) -> LaunchMovement:
        """The use case's command."""
        fields = self.model_dump(exclude={"criteria", "targets"})
        targets = tuple(Target(**t.model_dump()) for t in self.targets)
        return LaunchMovement(
            **fields, criteria=tuple(self.criteria), targets=targets, idempotency_key=idempotency_key
        )


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

    def command(self, idempotency_key: str | None) -> OpenRound:
        """The use case's command."""
        return OpenRound(**self.model_dump(), idempotency_key=idempotency_key)


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


def planning_router(ctx: Context, authenticated: Authenticated) -> APIRouter:
    """Routes under /movements and /rounds."""
    router = APIRouter()
    router.include_router(_movement_routes(ctx, authenticated))
    router.include_router(_round_routes(ctx, authenticated))
    return router


def _movement_routes(ctx: Context, authenticated: Authenticated) -> APIRouter:
    Caller = Annotated[Principal, Depends(authenticated)]
    authorize = partial(access.authorize_level_office, ctx)
    Launcher = Annotated[Principal, authorized_first(authenticated, authorize, "launching_unit_id")]
    router = APIRouter(tags=["movements"])

    @router.post("/movements", status_code=201)
    async def launch_movement(
        body: MovementIn, caller: Launcher, response: Response, idempotency_key: IdempotencyKey = None
    ) -> MovementOut:
        movement, created = await movements.launch_movement(ctx, caller, body.command(idempotency_key))
        mark_replay(response, created)
        return MovementOut.of(movement)

    @router.get("/movements")
    async def list_movements(_: Caller, year: Year = None, unit_id: UnitFilter = None) -> list[MovementOut]:
        return [MovementOut.of(m) for m in await movements.movements_for(ctx, unit_id, year)]

    @router.get("/movements/{movement_id}")
    async def get_movement(movement_id: str, _: Caller) -> MovementOut:
        return MovementOut.of(await movements.get_movement(ctx, movement_id))

    return router


def _round_routes(ctx: Context, authenticated: Authenticated) -> APIRouter:
    Caller = Annotated[Principal, Depends(authenticated)]
    Opener = Annotated[
        Principal,
        authorized_first(authenticated, partial(access.authorize_level_office, ctx), "receiving_unit_id"),
    ]
    Extender = Annotated[
        Principal, authorized_first(authenticated, partial(access.authorize_extension, ctx), "round_id")
    ]
    router = APIRouter(tags=["rounds"])

    @router.post("/rounds", status_code=201)
    async def open_round(
        body: RoundIn, caller: Opener, response: Response, idempotency_key: IdempotencyKey = None
    ) -> RoundOut:
        round_, created = await rounds.open_round(ctx, caller, body.command(idempotency_key))
        mark_replay(response, created)
        return RoundOut.of(round_)

    @router.get("/rounds")
    async def list_rounds(_: Caller, year: Year = None, unit_id: UnitFilter = None) -> list[RoundOut]:
        return [RoundOut.of(r) for r in await rounds.rounds_for(ctx, unit_id, year)]

    @router.get("/rounds/{round_id}")
    async def get_round(round_id: str, _: Caller) -> RoundOut:
        return RoundOut.of(await rounds.get_round(ctx, round_id))

    @router.put("/rounds/{round_id}/deadline")
    async def move_deadline(round_id: str, body: DeadlineIn, caller: Caller) -> RoundOut:
        return RoundOut.of(await rounds.move_deadline(ctx, caller, round_id, body.deadline))

    @router.post("/rounds/{round_id}/extensions", status_code=201)
    async def grant_extension(round_id: str, body: ExtensionIn, caller: Extender) -> RoundOut:
        """The receiving standing office gives one unit a later deadline in the round, with a reason."""
        command = Extend(round_id, body.unit_id, body.deadline, body.reason)
        return RoundOut.of(await extensions.grant_extension(ctx, caller, command))

    return router
