"""Seed datasets: the 2020 tree and round, and the 2025 restructuring (ward ids `p-<folded name>`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any

from emutrack_kit.text import fold
from registration.domain.movements import Movement, RoundPlan, Target, plan_round
from registration.domain.org import Merge, Move, NewUnit, Operation, ParentLink, Retire, Unit
from registration.domain.rounds import Round


def ward_id(name: str) -> str:
    """A ward's stable id from its name: 'Phú Lãm' -> 'p-phu-lam'."""
    return "p-" + fold(name).replace(" ", "-")


@dataclass(frozen=True)
class SeedData:
    """Units (parents first), movements and rounds of a seed dataset."""

    units: list[Unit]
    rounds: list[Round]
    movements: list[Movement]


def load_tree_2020(deadline: date | None = None) -> SeedData:
    """The 3-level tree of 2020, its movements and rounds (registration deadline shiftable for demos)."""
    raw = _read("tree_2020.json")
    start, end = date.fromisoformat(raw["valid_from"]), date.fromisoformat(raw["valid_to"])
    city = Unit(raw["city"]["id"], raw["city"]["name"], "city", 0, start)
    units = [city]
    for d in raw["districts"]:
        units.append(
            Unit(d["id"], d["name"], "district", 1, start, end, (ParentLink(city.unit_id, start, end),))
        )
        for w in d["wards"]:
            units.append(
                Unit(ward_id(w), f"Phường {w}", "ward", 2, start, end, (ParentLink(d["id"], start, end),))
            )
    names = {u.unit_id: u.name for u in units}
    movements = [_movement(m, names) for m in raw.get("movements", [])]
    by_id = {m.movement_id: m for m in movements}
    rounds = [
        plan_round(
            RoundPlan(
                round_id=r["id"],
                name=r["name"],
                kind=r["kind"],
                year=r["year"],
                opened_on=date.fromisoformat(r["opened_on"]),
                # --deadline moves the registration round of 2020 (the first), for demos
                last_day=(deadline if deadline and index == 0 else None) or date.fromisoformat(r["deadline"]),
                movement=by_id.get(r.get("movement_id", "")),
                award_kind=r.get("award_kind"),
                period_from_year=r.get("period_from_year"),
                period_to_year=r.get("period_to_year"),
            ),
            r["receiving_unit_id"],
            names[r["receiving_unit_id"]],
        )
        for index, r in enumerate(raw["rounds"])
    ]
    return SeedData(units, rounds, movements)


def _movement(raw: dict[str, Any], names: dict[str, str]) -> Movement:
    return Movement(
        movement_id=raw["id"],
        name=raw["name"],
        kind=raw["kind"],
        launching_unit_id=raw["launching_unit_id"],
        launching_unit_name=names[raw["launching_unit_id"]],
        theme=raw["theme"],
        criteria=tuple(raw["criteria"]),
        starts_on=date.fromisoformat(raw["starts_on"]),
        ends_on=date.fromisoformat(raw["ends_on"]),
        targets=tuple(Target(**t) for t in raw["targets"]),
    )


def _read(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resources.files(__package__).joinpath(name).read_text(encoding="utf-8"))
    return data


def load_restructure_2025() -> list[Operation]:
    """The operations of 01/07/2025 turning the 2020 tree into the 2-level tree (memberships approximate)."""
    raw = _read("restructure_2025.json")
    operations: list[Operation] = []
    for op in raw["operations"]:
        day = date.fromisoformat(op.get("effective_date", raw["effective_date"]))
        if op["kind"] == "merge":
            n = op["new_unit"]
            new_unit = NewUnit(n["unit_id"], n["name"], n["kind"], n["parent_id"])
            operations.append(Merge(tuple(op["source_ids"]), new_unit, day))
        elif op["kind"] == "move":
            operations.append(Move(op["unit_id"], op["parent_id"], day))
        elif op["kind"] == "retire":
            operations.append(Retire(op["unit_id"], day))
        else:
            raise ValueError(f"restructure_2025.json: unknown operation kind {op['kind']!r}")
    return operations
