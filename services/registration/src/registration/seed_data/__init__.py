"""Seed datasets: the 2020 tree and round, and the 2025 restructuring (ward ids `p-<folded name>`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any

from emutrack_kit.text import fold
from registration.domain.org import Merge, Move, NewUnit, Operation, ParentLink, Retire, Unit
from registration.domain.rounds import Round, end_of_day


def ward_id(name: str) -> str:
    """A ward's stable id from its name: 'Phú Lãm' -> 'p-phu-lam'."""
    return "p-" + fold(name).replace(" ", "-")


@dataclass(frozen=True)
class SeedData:
    """Units (parents first) and rounds of a seed dataset."""

    units: list[Unit]
    rounds: list[Round]


def load_tree_2020(deadline: date | None = None) -> SeedData:
    """The 3-level tree of 2020 and its registration round (deadline shiftable for demos)."""
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
    rounds = [
        Round(
            round_id=r["id"],
            name=r["name"],
            kind=r["kind"],
            year=r["year"],
            receiving_unit_id=r["receiving_unit_id"],
            receiving_unit_name=names[r["receiving_unit_id"]],
            opened_on=date.fromisoformat(r["opened_on"]),
            deadline=end_of_day(deadline or date.fromisoformat(r["deadline"])),
        )
        for r in raw["rounds"]
    ]
    return SeedData(units, rounds)


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
