"""HTTP routes of the organisation tree: search, a unit and its children on a date, restructurings."""

from collections.abc import Callable, Coroutine
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field

from emutrack_kit.auth import Principal
from registration.domain.org import Merge, Move, NewUnit, Operation, Retire, UnitKind, UnitSearch
from registration.entrypoints.common import Authenticated, mark_replay
from registration.entrypoints.schemas import UnitOut
from registration.usecases import restructurings, units
from registration.usecases.context import Context
from registration.usecases.units import UnitPage, UnitView

UnitId = Annotated[str, Field(min_length=1, max_length=100, examples=["p-phu-lam"])]
On = Annotated[date | None, Query(description="Ngày xem cây tổ chức (YYYY-MM-DD); mặc định: hôm nay")]
IncludePast = Annotated[
    bool,
    Query(
        description="Gồm cả các đơn vị đã ngừng hoạt động trước ngày xem (cây tổ chức các thời kỳ trước), "
        "mỗi đơn vị xem vào ngày cuối cùng hoạt động"
    ),
]
_KINDS = ("merge", "move", "retire")
_NOT_VALID_ON: dict[int | str, dict[str, Any]] = {
    404: {
        "description": "UNKNOWN_UNIT; or UNIT_NOT_VALID_ON: the unit did not exist on `on` — `details` say "
        "where it went (`ended`, `successor`, the chain `successors`) or when and from what it started "
        "(`started`, with the merged `sources`)"
    }
}


class UnitOnDayOut(UnitOut):
    """A unit as the tree shows it on `on`, with its validity and, once merged, its successor."""

    on: date = Field(description="The day shown: the day asked, or the unit's last day if it had ended")
    parent_id: str | None
    valid_from: date
    valid_to: date | None
    successor_id: str | None = None
    successor_name: str | None = None
    label: str = Field(
        description="The name, with its last day once ended: 'Quận Thanh Xuân (đến 30/06/2025)'"
    )

    @classmethod
    def of(cls, view: UnitView) -> "UnitOnDayOut":
        """From a use case's view."""
        u = view.unit
        return cls(
            unit_id=u.unit_id,
            name=u.name,
            kind=u.kind,
            level=u.level,
            path=list(view.path),
            on=view.on,
            parent_id=view.parent_id,
            valid_from=u.valid_from,
            valid_to=u.valid_to,
            successor_id=u.successor_id,
            successor_name=view.successor_name,
            label=view.label,
        )


class UnitPageOut(BaseModel):
    """One page of units with the number of matches in all."""

    items: list[UnitOnDayOut]
    total: int
    ended_total: int = Field(
        description="Matches that had ended before the day (listed only with include_past=true)"
    )
    limit: int
    skip: int

    @classmethod
    def of(cls, page: UnitPage, limit: int, skip: int) -> "UnitPageOut":
        """From a use case's page."""
        items = [UnitOnDayOut.of(v) for v in page.items]
        return cls(items=items, total=page.total, ended_total=page.ended, limit=limit, skip=skip)


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class NewUnitIn(_In):
    """The unit a merge creates."""

    unit_id: str = Field(
        min_length=2, max_length=100, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", examples=["p-phu-luong-2025"]
    )
    name: str = Field(min_length=1, max_length=200, examples=["Phường Phú Lương"])
    kind: UnitKind
    parent_id: UnitId


class MergeIn(_In):
    """Sources end the day before `effective_date`; the new unit starts on it, their children move to it."""

    kind: Literal["merge"]
    source_ids: list[UnitId] = Field(min_length=1, max_length=100)
    new_unit: NewUnitIn
    effective_date: date

    def operation(self) -> Operation:
        """The domain operation."""
        n = self.new_unit
        return Merge(
            tuple(self.source_ids), NewUnit(n.unit_id, n.name, n.kind, n.parent_id), self.effective_date
        )


class MoveIn(_In):
    """The unit has another parent from `effective_date`."""

    kind: Literal["move"]
    unit_id: UnitId
    parent_id: UnitId
    effective_date: date

    def operation(self) -> Operation:
        """The domain operation."""
        return Move(self.unit_id, self.parent_id, self.effective_date)


class RetireIn(_In):
    """The unit ends the day before `effective_date` (refused while it still has children)."""

    kind: Literal["retire"]
    unit_id: UnitId
    effective_date: date

    def operation(self) -> Operation:
        """The domain operation."""
        return Retire(self.unit_id, self.effective_date)


RestructuringIn = Annotated[MergeIn | MoveIn | RetireIn, Field(discriminator="kind")]


class RestructuringOut(BaseModel):
    """What the restructuring wrote; a repeated request gets the same answer with `replayed` true."""

    operation_id: str
    kind: str
    effective_date: date
    replayed: bool
    unit_ids: list[str]
    event_types: list[str]


def unit_search(
    on: On = None,
    q: Annotated[str, Query(max_length=100, description="Tên, không phân biệt hoa thường và dấu")] = "",
    kind: UnitKind | None = None,
    parent_id: Annotated[str | None, Query(max_length=100)] = None,
    include_past: IncludePast = False,
) -> UnitSearch:
    """What a search of the tree asks for."""
    return UnitSearch(q, on, kind, parent_id, include_past)


def units_router(ctx: Context, authenticated: Authenticated) -> APIRouter:
    """Routes under /units and /restructurings."""
    Caller = Annotated[Principal, Depends(authenticated)]
    router = APIRouter(tags=["units"], route_class=_VietnameseValidation)

    @router.get("/units")
    async def search_units(
        _: Caller,
        wanted: Annotated[UnitSearch, Depends(unit_search)],
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
        skip: Annotated[int, Query(ge=0, le=100_000)] = 0,
    ) -> UnitPageOut:
        return UnitPageOut.of(await units.search_units(ctx, wanted, limit, skip), limit, skip)

    @router.get("/units/{unit_id}", responses=_NOT_VALID_ON)
    async def get_unit(unit_id: str, _: Caller, on: On = None) -> UnitOnDayOut:
        return UnitOnDayOut.of(await units.unit_on(ctx, unit_id, on))

    @router.get("/units/{unit_id}/children", responses=_NOT_VALID_ON)
    async def unit_children(
        unit_id: str,
        _: Caller,
        on: On = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 100,
        skip: Annotated[int, Query(ge=0, le=100_000)] = 0,
    ) -> UnitPageOut:
        return UnitPageOut.of(await units.children_of(ctx, unit_id, on, limit, skip), limit, skip)

    @router.post("/restructurings", status_code=201, tags=["restructurings"])
    async def restructure(body: RestructuringIn, caller: Caller, response: Response) -> RestructuringOut:
        op = body.operation()
        outcome = await restructurings.restructure(ctx, op, actor=caller.subject, principal=caller)
        mark_replay(response, not outcome.replayed)
        return RestructuringOut(kind=body.kind, effective_date=op.effective_date, **outcome.__dict__)

    return router


# Validation messages the shared mapping (emutrack_kit.http) has no Vietnamese text for.
_MESSAGES = {
    "too_short": "cần ít nhất {min_length} phần tử",
    "too_long": "tối đa {max_length} phần tử",
    "list_type": "phải là một danh sách",
    "string_pattern_mismatch": "mã đơn vị chỉ gồm chữ thường không dấu, chữ số và dấu gạch nối, "
    "ví dụ p-phu-luong-2025",
    "date_parsing": "ngày không hợp lệ (định dạng YYYY-MM-DD)",
    "date_type": "ngày không hợp lệ (định dạng YYYY-MM-DD)",
    "bool_parsing": "chỉ nhận true hoặc false",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
}


def _reworded(error: dict[str, Any]) -> dict[str, Any]:
    loc = tuple(error["loc"])
    if len(loc) > 2 and loc[0] == "body" and loc[1] in _KINDS:
        loc = (loc[0], *loc[2:])  # the union's tag is not a field of the request
    if error["type"] == "union_tag_invalid":
        expected = ", ".join(f"'{k}'" for k in _KINDS)
        return {**error, "loc": ("body", "kind"), "type": "literal_error", "ctx": {"expected": expected}}
    if error["type"] == "union_tag_not_found":
        return {**error, "loc": ("body", "kind"), "type": "missing"}
    template = _MESSAGES.get(error["type"])
    msg = template.format(**(error.get("ctx") or {})) if template else error.get("msg", "")
    return {**error, "loc": loc, "msg": msg}


class _VietnameseValidation(APIRoute):
    """Reword these routes' validation errors before the shared 422 mapping renders them."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """The default handler, with validation errors reworded."""
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                raise RequestValidationError([_reworded(e) for e in exc.errors()], body=exc.body) from None

        return route
