"""What a message calls things: units, rounds and dossiers by their Vietnamese names, never by their ids.

Events carry ids (`level_unit_id`, `ranking[].unit_id`, `round_id`, `dossier_id`); templates read
the names set beside them (`level_unit_name`, `ranking[].unit_name`, `round_name`, `subject_name`
and `award_name`). A name the event itself gives is kept; one it lacks comes from what notify
learnt (units from the tree replica, rounds from `round.opened`, dossiers from the events that name
them), docs/decisions/0013.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from emutrack_kit.org_tree import Tree

UNNAMED_UNIT = "đơn vị chưa rõ tên"
DOSSIER_FACTS = ("subject_name", "award_name")


@dataclass(frozen=True)
class Names:
    """Names notify holds: units and rounds by id; a dossier's subject and award by dossier id."""

    units: Mapping[str, str] = field(default_factory=dict)
    rounds: Mapping[str, str] = field(default_factory=dict)
    dossiers: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Wanted:
    """The ids a payload names things by."""

    units: set[str] = field(default_factory=set)
    rounds: set[str] = field(default_factory=set)
    dossiers: set[str] = field(default_factory=set)


def unit_names(tree: Tree, unit_ids: Iterable[str]) -> dict[str, str]:
    """The names of the units the tree knows among `unit_ids`."""
    return {u: unit.name for u in set(unit_ids) if (unit := tree.get(u)) is not None and unit.name}


def _name_key(key: str) -> str:
    return key.removesuffix("id") + "name"  # level_unit_id -> level_unit_name, unit_id -> unit_name


def _is_unit_key(key: str, value: Any) -> bool:
    return key.endswith("unit_id") and isinstance(value, str) and bool(value)


def wanted(payload: Any, into: Wanted | None = None) -> Wanted:
    """Every unit, round and dossier id the payload (at any depth) names something by."""
    found = into or Wanted()
    if isinstance(payload, Mapping):
        for key, value in payload.items():
            if _is_unit_key(key, value):
                found.units.add(value)
            elif key == "round_id" and isinstance(value, str):
                found.rounds.add(value)
            elif key == "dossier_id" and isinstance(value, str):
                found.dossiers.add(value)
            wanted(value, found)
    elif isinstance(payload, list):
        for item in payload:
            wanted(item, found)
    return found


def named(payload: Any, names: Names) -> Any:
    """The payload with a name beside every id it names a unit, round or dossier by."""
    if isinstance(payload, list):
        return [named(item, names) for item in payload]
    if not isinstance(payload, Mapping):
        return payload
    out = {key: named(value, names) for key, value in payload.items()}
    for key, value in payload.items():
        if _is_unit_key(key, value) and not out.get(_name_key(key)):
            out[_name_key(key)] = names.units.get(value) or UNNAMED_UNIT
        elif key == "round_id" and isinstance(value, str) and not out.get("round_name"):
            out["round_name"] = names.rounds.get(value, "")
        elif key == "dossier_id" and isinstance(value, str):
            facts = names.dossiers.get(value, {})
            for fact in DOSSIER_FACTS:
                if not out.get(fact):
                    out[fact] = facts.get(fact, "")
    return out


def dossier_facts(payload: Mapping[str, Any]) -> dict[str, str] | None:
    """The subject and award a payload tells of its dossier, if it tells both."""
    facts = {fact: payload.get(fact) for fact in DOSSIER_FACTS}
    if isinstance(payload.get("dossier_id"), str) and all(isinstance(v, str) and v for v in facts.values()):
        return {k: str(v) for k, v in facts.items()}
    return None
