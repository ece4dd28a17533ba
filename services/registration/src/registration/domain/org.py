"""The organisation tree as data: units and parent links valid over date intervals."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Literal

from emutrack_kit.errors import NotFound
from emutrack_kit.org_tree import Link, TreeUnit
from emutrack_kit.text import nfc

UnitKind = Literal[
    "city", "district", "ward", "department", "school", "mass_organisation", "residential_group"
]
OperationKind = Literal["merge", "move", "retire"]
_OPERATION_KINDS: dict[str, OperationKind] = {"merge": "merge", "move": "move", "retire": "retire"}


ParentLink = Link  # the kit's dated parent link: the same in the tree's owner and in every replica


@dataclass(frozen=True)
class Unit(TreeUnit):
    """A unit of the tree as its owner keeps it: the kit's dated unit, with its restructuring record.

    `ops` are the restructuring operations already applied to it (so a re-run is a no-op);
    `ended_by` is the operation that ended it and `successor_id` the unit it was merged into.
    """

    ops: tuple[str, ...] = ()
    ended_by: str | None = None

    def ended_before(self, day: date) -> bool:
        """True if the unit's last day came before `day`."""
        return self.valid_to is not None and self.valid_to < day

    def successor_after(self, day: date) -> str | None:
        """The unit it was merged into, if it had ended before `day` (the next link of a chain)."""
        return self.successor_id if self.ended_before(day) else None

    def created_by(self) -> str | None:
        """The merge that created the unit, or None for a unit entered as it is (the seeds)."""
        prefix = f"merge:{self.unit_id}:"  # see Merge.operation_id
        return next((op for op in self.ops if op.startswith(prefix)), None)

    def label(self, day: date) -> str:
        """The name, with its last day once it had ended before `day`: 'Quận Thanh Xuân (đến 30/06/2025)'."""
        return f"{self.name} (đến {_vn(self.valid_to)})" if self.ended_before(day) else self.name

    def links_closed_after(self, last_day: date) -> tuple[ParentLink, ...]:
        """The parent links with every link still open after `last_day` ending on it."""
        return tuple(
            replace(link, valid_to=last_day) if link.valid_to is None or link.valid_to > last_day else link
            for link in self.parents
        )


@dataclass(frozen=True)
class UnitSearch:
    """Units on `on` (default: today) with a name word starting `text`; `include_past`: ended ones too."""

    text: str = ""
    on: date | None = None
    kind: str | None = None
    parent_id: str | None = None
    include_past: bool = False


def is_within(unit_path: Sequence[str], ancestor_id: str) -> bool:
    """True if the unit at the end of `unit_path` is `ancestor_id` or lies below it."""
    return ancestor_id in unit_path


def operation_kind(operation_id: str | None) -> OperationKind | None:
    """The kind of a restructuring from its id ('merge:p-x:2025-07-01:…' -> 'merge'), or None."""
    return _OPERATION_KINDS.get((operation_id or "").split(":", 1)[0])


# --- a unit asked for on a day it did not exist ------------------------------------------

MAX_SUCCESSORS = 20  # a chain of merges longer than this is cut short (and a cycle stops it)


@dataclass(frozen=True)
class Absence:
    """Why `unit` is not in the tree on `on`: where it went, or what it was created from.

    `successors` is the chain of merges after it (each merged into the next), followed while a
    unit of the chain had ended before `on`; `sources` are the units merged to create it.
    """

    unit: Unit
    on: date
    successors: tuple[Unit, ...] = ()
    sources: tuple[Unit, ...] = ()

    @property
    def ended(self) -> bool:
        """True if `on` is after the unit's end (else it is before its start)."""
        return self.unit.ended_before(self.on)

    @property
    def successor(self) -> Unit | None:
        """The unit that took it over and existed on `on`, if any."""
        last = self.successors[-1] if self.successors else None
        return last if last is not None and last.exists_on(self.on) else None

    def error(self) -> NotFound:
        """The 404 `UNIT_NOT_VALID_ON` telling where the unit went or when it started."""
        return NotFound("UNIT_NOT_VALID_ON", self.message(), field="on", details=self.details())

    def message(self) -> str:
        """In Vietnamese: 'Phường Kim Giang đã sáp nhập vào Phường Khương Đình từ ngày 01/07/2025 nên …'."""
        u = self.unit
        if not self.ended:
            if u.created_by() and self.sources:
                names = [s.name for s in self.sources]
                listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} và {names[-1]}"
                how = f"được thành lập từ ngày {_vn(u.valid_from)} trên cơ sở sáp nhập {listed}"
            else:
                how = f"bắt đầu hoạt động từ ngày {_vn(u.valid_from)}"
            return f"{u.name} {how} nên chưa hoạt động vào ngày {_vn(self.on)}."
        clauses: list[tuple[Unit, str, bool]] = []  # (who, what happened, whether it was an act)
        previous = u
        for unit in self.successors:
            when = _vn(_after(previous))
            clauses.append((previous, f"sáp nhập vào {self._called(unit)} từ ngày {when}", True))
            previous = unit
        if previous.ended_before(self.on):  # the chain ends with a unit that ended without successor
            clauses.append((previous, *self._end_without_successor(previous)))
        (subject, what, act), *then = clauses
        first = f"{self._called(subject)} {'đã ' if act else ''}{what}"
        told = ", ".join([first, *(f"sau đó {self._called(s)} {w}" for s, w, _ in then)])
        return f"{told}{',' if then else ''} nên không còn hoạt động vào ngày {_vn(self.on)}."

    def details(self) -> dict[str, Any]:
        """The same as data: the unit's validity, its end or start, the successors with ids and names."""
        u = self.unit
        ended = None
        if self.ended:
            ended = {
                "effective_date": _iso(_after(u)),
                "kind": operation_kind(u.ended_by),
                "operation_id": u.ended_by,
            }
        started = None
        if not self.ended:
            started = {
                "effective_date": u.valid_from.isoformat(),
                "kind": operation_kind(u.created_by()),
                "operation_id": u.created_by(),
                "sources": [{"unit_id": s.unit_id, "name": s.name} for s in self.sources],
            }
        successors = []
        previous = u
        for unit in self.successors:
            successors.append(
                {
                    "unit_id": unit.unit_id,
                    "name": unit.name,
                    "valid_from": unit.valid_from.isoformat(),
                    "valid_to": _iso(unit.valid_to),
                    "kind": operation_kind(previous.ended_by),
                    "operation_id": previous.ended_by,
                }
            )
            previous = unit
        now = self.successor
        return {
            "unit_id": u.unit_id,
            "name": u.name,
            "on": self.on.isoformat(),
            "status": "ended" if self.ended else "not_started",
            "valid_from": u.valid_from.isoformat(),
            "valid_to": _iso(u.valid_to),
            "ended": ended,
            "successor": None if now is None else {"unit_id": now.unit_id, "name": now.name},
            "successors": successors,
            "started": started,
        }

    def _called(self, unit: Unit) -> str:
        # A successor named like the unit asked for (Khương Đình into the new Khương Đình) needs its code.
        same = unit is not self.unit and unit.name == self.unit.name
        return f"{unit.name} (mã {unit.unit_id})" if same else unit.name

    def _end_without_successor(self, unit: Unit) -> tuple[str, bool]:
        if unit.successor_id is not None:  # its successor could not be read, or the chain is too long
            return f"sáp nhập vào đơn vị mã '{unit.successor_id}' từ ngày {_vn(_after(unit))}", True
        if unit.ended_by is None:  # a validity entered as such (the 2020 seed), no restructuring
            unrecorded = "(chưa ghi nhận việc sắp xếp hay đơn vị kế thừa)"
            return f"hoạt động đến hết ngày {_vn(unit.valid_to)} {unrecorded}", False
        return f"kết thúc hoạt động từ ngày {_vn(_after(unit))} (giải thể, không có đơn vị kế thừa)", True


def _after(unit: Unit) -> date | None:
    return None if unit.valid_to is None else unit.valid_to + timedelta(days=1)


def _vn(day: date | None) -> str:
    return "" if day is None else f"{day:%d/%m/%Y}"


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


# --- restructuring operations (their rules: domain/restructure.py) ----------------------


@dataclass(frozen=True)
class NewUnit:
    """The unit a merge creates, under `parent_id` from the effective date."""

    unit_id: str
    name: str
    kind: UnitKind
    parent_id: str


@dataclass(frozen=True)
class Merge:
    """Sources end the day before `effective_date`; `new_unit` starts on it."""

    source_ids: tuple[str, ...]
    new_unit: NewUnit
    effective_date: date

    @property
    def operation_id(self) -> str:
        """Stable id derived from the content: the same request is the same operation."""
        n = self.new_unit
        content = "|".join([*sorted(self.source_ids), nfc(n.name), n.kind, n.parent_id])
        digest = hashlib.sha256(content.encode()).hexdigest()[:10]
        return f"merge:{n.unit_id}:{self.effective_date}:{digest}"


@dataclass(frozen=True)
class Move:
    """`unit_id` has `parent_id` as parent from `effective_date` (`level` stays: paths give depth)."""

    unit_id: str
    parent_id: str
    effective_date: date

    @property
    def operation_id(self) -> str:
        """Stable id derived from the content."""
        return f"move:{self.unit_id}:{self.effective_date}:{self.parent_id}"


@dataclass(frozen=True)
class Retire:
    """`unit_id` ends the day before `effective_date`."""

    unit_id: str
    effective_date: date

    @property
    def operation_id(self) -> str:
        """Stable id derived from the content."""
        return f"retire:{self.unit_id}:{self.effective_date}"


Operation = Merge | Move | Retire


def involved(op: Operation) -> dict[str, str]:
    """Units an operation refers to, by the request field naming them."""
    if isinstance(op, Merge):
        fields = {f"source_ids.{i}": s for i, s in enumerate(op.source_ids)}
        return {**fields, "new_unit.parent_id": op.new_unit.parent_id}
    if isinstance(op, Move):
        return {"unit_id": op.unit_id, "parent_id": op.parent_id}
    return {"unit_id": op.unit_id}
