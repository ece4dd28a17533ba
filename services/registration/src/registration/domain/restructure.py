"""Restructuring the tree as dated operations (merge, move, retire): pure rules, no I/O.

An operation effective on day D ends what it changes on D-1 and starts the new state on D,
so every path before D is unchanged (a 2022 award of a ward under Hà Đông stays so). Each
planned `Step` is one document write carrying its events; a step already applied (its unit
lists the operation in `ops`) is skipped, so an interrupted operation can simply be re-run.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from pydantic import BaseModel

from emutrack_contracts import Envelope, new_event
from emutrack_contracts.events.org import UnitMerged, UnitMoved, UnitRetired
from emutrack_contracts.events.registration import ParentLink as ParentLinkEvent
from emutrack_contracts.events.registration import UnitCreated
from emutrack_kit.errors import Conflict, Unprocessable
from emutrack_kit.text import nfc
from registration.domain.org import Merge, Move, Operation, ParentLink, Retire, Unit, involved

ONE_DAY = timedelta(days=1)
_CORRELATION = uuid.UUID("5d0c2f4e-7b1a-4c39-9a52-2e8f6d1b7c40")


@dataclass(frozen=True)
class Step:
    """One write: insert `unit` (a merge's new unit) or update it, with the events it causes."""

    unit: Unit
    events: tuple[Envelope, ...]
    insert: bool = False


@dataclass(frozen=True)
class Context:
    """Who acts and when (the envelope's actor and occurred_at)."""

    actor: str
    now: datetime


@dataclass(frozen=True)
class MergeSite:
    """The tree around a merge on its day: new unit if stored, parent path, children, sources' paths."""

    existing: Unit | None
    parent_path: Sequence[str]
    children: Sequence[Unit]
    paths_before: Mapping[str, Sequence[str]]


def correlation_id(op_id: str) -> uuid.UUID:
    """The correlation id shared by every event of one operation."""
    return uuid.uuid5(_CORRELATION, op_id)


def require_known(op: Operation, units: Mapping[str, Unit]) -> None:
    """Refuse an operation naming a unit that does not exist (422 on that field)."""
    for field_name, unit_id in involved(op).items():
        if unit_id not in units:
            raise Unprocessable("UNKNOWN_UNIT", f"Không tìm thấy đơn vị '{unit_id}'.", field=field_name)


def created_event(unit: Unit, path: Sequence[str], ctx: Context, op_id: str | None = None) -> Envelope:
    """`unit.created` for a unit whose path on its first day is `path`."""
    payload = UnitCreated(
        unit_id=unit.unit_id,
        name=unit.name,
        kind=unit.kind,
        level=unit.level,
        parents=_links(unit),
        valid_from=unit.valid_from,
        valid_to=unit.valid_to,
    )
    return _event("unit.created", path, payload, ctx, op_id)


def plan_move(op: Move, units: Mapping[str, Unit], parent_path: Sequence[str], ctx: Context) -> list[Step]:
    """Close the unit's current parent link on D-1 and open one to the new parent from D."""
    unit, parent, day = units[op.unit_id], units[op.parent_id], op.effective_date
    if op.operation_id in unit.ops:
        return []
    _require_started_before(unit, day)
    if not unit.exists_on(day):
        raise _retired(unit, day)
    _require_no_later_change(unit, day)
    _require_parent_on(parent, day, "parent_id")
    if unit.unit_id in (*parent_path, parent.unit_id):
        raise Unprocessable(
            "MOVE_UNDER_ITSELF",
            f"Không thể chuyển đơn vị '{unit.name}' vào chính nó hoặc vào đơn vị trực thuộc nó "
            f"('{parent.name}').",
            field="parent_id",
        )
    if unit.parent_on(day) == parent.unit_id:
        raise Unprocessable(
            "ALREADY_UNDER_PARENT",
            f"Đơn vị '{unit.name}' đã trực thuộc '{parent.name}' vào ngày {_vn(day)}.",
            field="parent_id",
        )
    return [_moved(unit, parent.unit_id, (*parent_path, unit.unit_id), op, ctx)]


def plan_retire(
    op: Retire, units: Mapping[str, Unit], children: Sequence[Unit], path_before: Sequence[str], ctx: Context
) -> list[Step]:
    """End the unit on D-1; refused while units are still attached to it on D."""
    unit = units[op.unit_id]
    if op.operation_id in unit.ops:
        return []
    _require_can_end(unit, op.effective_date, "unit_id")
    if children:
        names = ", ".join(f"'{c.name}'" for c in children[:5]) + (", ..." if len(children) > 5 else "")
        raise Conflict(
            "UNIT_HAS_CHILDREN",
            f"Đơn vị '{unit.name}' vẫn còn {len(children)} đơn vị trực thuộc vào ngày "
            f"{_vn(op.effective_date)} ({names}): hãy chuyển hoặc sáp nhập các đơn vị này trước.",
            field="unit_id",
        )
    return [_ended(unit, op.operation_id, op.effective_date, None, path_before, ctx)]


def plan_merge(op: Merge, units: Mapping[str, Unit], site: MergeSite, ctx: Context) -> list[Step]:
    """Create the new unit from D, end the sources on D-1 and move their children (on D) to it."""
    n, day, op_id = op.new_unit, op.effective_date, op.operation_id
    existing, parent_path, children = site.existing, site.parent_path, site.children
    if len(set(op.source_ids)) != len(op.source_ids) or n.unit_id in op.source_ids:
        raise Unprocessable(
            "DUPLICATE_SOURCE",
            "Danh sách đơn vị sáp nhập bị trùng, hoặc chứa chính đơn vị mới.",
            field="source_ids",
        )
    if existing is not None and op_id not in existing.ops:
        raise Conflict("UNIT_EXISTS", f"Mã đơn vị '{n.unit_id}' đã được dùng.", field="new_unit.unit_id")
    pending = [units[s] for s in op.source_ids if op_id not in units[s].ops]
    if existing is not None and not pending and not children:
        return []
    parent = units[n.parent_id]
    _require_parent_on(parent, day, "new_unit.parent_id")
    inside = [s for s in op.source_ids if s in (*parent_path, parent.unit_id)]
    if inside:
        raise Unprocessable(
            "MERGE_INTO_OWN_SUBTREE",
            f"Đơn vị cấp trên '{parent.name}' không thể là một đơn vị bị sáp nhập "
            f"('{units[inside[0]].name}') hay đơn vị trực thuộc nó.",
            field="new_unit.parent_id",
        )
    for i, source_id in enumerate(op.source_ids):
        if op_id not in units[source_id].ops:
            _require_can_end(units[source_id], day, f"source_ids.{i}")
    for child in children:
        _require_no_later_change(child, day)
    link = ParentLink(parent.unit_id, day)
    new = Unit(n.unit_id, nfc(n.name), n.kind, parent.level + 1, day, parents=(link,), ops=(op_id,))
    new_path = (*parent_path, new.unit_id)
    steps: list[Step] = []
    if existing is None:
        merged = UnitMerged(
            unit_id=new.unit_id,
            name=new.name,
            parent_id=parent.unit_id,
            source_ids=list(op.source_ids),
            effective_date=day,
            operation_id=op_id,
        )
        events = (
            created_event(new, new_path, ctx, op_id),
            _event("unit.merged", new_path, merged, ctx, op_id),
        )
        steps.append(Step(new, events, insert=True))
    steps += [_ended(s, op_id, day, new.unit_id, site.paths_before[s.unit_id], ctx) for s in pending]
    steps += [
        _moved(c, new.unit_id, (*new_path, c.unit_id), Move(c.unit_id, new.unit_id, day), ctx, op_id)
        for c in children
    ]
    return steps


# --- rules ------------------------------------------------------------------------------


def _require_started_before(unit: Unit, day: date) -> None:
    if day <= unit.valid_from:
        raise Unprocessable(
            "EFFECTIVE_DATE_BEFORE_UNIT",
            f"Ngày hiệu lực {_vn(day)} phải sau ngày đơn vị '{unit.name}' bắt đầu hoạt động "
            f"({_vn(unit.valid_from)}).",
            field="effective_date",
        )


def _require_can_end(unit: Unit, day: date, field_name: str) -> None:
    _require_started_before(unit, day)
    if unit.ended_by is not None or not unit.exists_on(day - ONE_DAY):
        raise _retired(unit, day, field_name)
    _require_no_later_change(unit, day)


def _require_no_later_change(unit: Unit, day: date) -> None:
    later = [link for link in unit.parents if link.valid_from >= day]
    if later:
        raise Conflict(
            "LATER_CHANGE_EXISTS",
            f"Đơn vị '{unit.name}' đã có thay đổi đơn vị cấp trên từ ngày {_vn(later[0].valid_from)}; "
            f"không thể ghi một thay đổi có hiệu lực sớm hơn ({_vn(day)}).",
            field="effective_date",
        )


def _require_parent_on(parent: Unit, day: date, field_name: str) -> None:
    if not parent.exists_on(day):
        raise Unprocessable(
            "PARENT_NOT_VALID_ON",
            f"Đơn vị cấp trên '{parent.name}' không hoạt động vào ngày {_vn(day)}.",
            field=field_name,
        )


def _retired(unit: Unit, day: date, field_name: str = "unit_id") -> Conflict:
    end = f" từ sau ngày {_vn(unit.valid_to)}" if unit.valid_to else ""
    into = f" (đã sáp nhập vào '{unit.successor_id}')" if unit.successor_id else ""
    return Conflict(
        "UNIT_ALREADY_RETIRED",
        f"Đơn vị '{unit.name}' đã ngừng hoạt động{end}{into}; không thể thay đổi vào ngày {_vn(day)}.",
        field=field_name,
    )


# --- state changes and their events ------------------------------------------------------


def _moved(
    unit: Unit, parent_id: str, path: Sequence[str], op: Move, ctx: Context, op_id: str | None = None
) -> Step:
    day, op_id = op.effective_date, op_id or op.operation_id
    links = (*unit.links_closed_after(day - ONE_DAY), ParentLink(parent_id, day, unit.valid_to))
    after = replace(unit, parents=links, ops=(*unit.ops, op_id))
    payload = UnitMoved(
        unit_id=unit.unit_id,
        from_parent_id=unit.parent_on(day - ONE_DAY),
        to_parent_id=parent_id,
        effective_date=day,
        parents=_links(after),
        operation_id=op_id,
    )
    return Step(after, (_event("unit.moved", path, payload, ctx, op_id),))


def _ended(
    unit: Unit, op_id: str, day: date, successor: str | None, path: Sequence[str], ctx: Context
) -> Step:
    last = day - ONE_DAY
    after = replace(
        unit,
        valid_to=last,
        parents=unit.links_closed_after(last),
        ops=(*unit.ops, op_id),
        ended_by=op_id,
        successor_id=successor,
    )
    payload = UnitRetired(
        unit_id=unit.unit_id,
        effective_date=day,
        valid_to=last,
        successor_id=successor,
        parents=_links(after),
        operation_id=op_id,
    )
    return Step(after, (_event("unit.retired", path, payload, ctx, op_id),))


def _links(unit: Unit) -> list[ParentLinkEvent]:
    return [
        ParentLinkEvent(parent_id=p.parent_id, valid_from=p.valid_from, valid_to=p.valid_to)
        for p in unit.parents
    ]


def _event(
    event_type: str, path: Sequence[str], payload: BaseModel, ctx: Context, op_id: str | None
) -> Envelope:
    return new_event(
        event_type,
        unit_path=list(path),
        actor=ctx.actor,
        payload=payload,
        occurred_at=ctx.now,
        correlation_id=None if op_id is None else correlation_id(op_id),
    )


def _vn(day: date | None) -> str:
    return "" if day is None else f"{day:%d/%m/%Y}"
