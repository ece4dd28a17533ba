"""Use cases of round coverage: who of a receiving unit's children submitted in time, late, or not yet."""

from __future__ import annotations

from typing import Any

from emutrack_contracts import Envelope
from emutrack_contracts.events.registration import RoundOpened
from emutrack_kit.auth import ALL_ROLES, Principal
from emutrack_kit.consumer import Position
from emutrack_kit.errors import Forbidden, NotFound
from reporting.domain.coverage import coverage
from reporting.handlers import Deps


async def on_round_opened(deps: Deps, envelope: Envelope, _: Position) -> None:
    """Keep the round and its (latest) deadline, for coverage."""
    p = RoundOpened.model_validate(envelope.payload)
    fields = {
        "name": p.name,
        "kind": p.kind,
        "year": p.year,
        "receiving_unit_id": p.receiving_unit_id,
        "deadline": p.deadline,
    }
    await deps.rounds.keep(p.round_id, fields)


async def round_coverage(deps: Deps, principal: Principal, round_id: str) -> dict[str, Any]:
    """Who of the receiving unit's children submitted by the deadline, late, or not yet."""
    round_ = await deps.rounds.get(round_id)
    if round_ is None:
        raise NotFound("UNKNOWN_ROUND", f"Không tìm thấy đợt '{round_id}'.", field="round_id")
    receiving = await deps.units.get(round_["receiving_unit_id"])
    if receiving is None or not principal.may(ALL_ROLES, receiving["unit_path"]):
        raise Forbidden(
            "FORBIDDEN_UNIT", "Tài khoản của bạn không được xem số liệu của đợt này.", field="round_id"
        )
    children = await deps.units.children(receiving["_id"])
    names = {c["_id"]: c["name"] for c in children}
    result = coverage(list(names), await deps.rounds.firsts(round_id), round_["deadline"])
    return {
        "round_id": round_id,
        "round_name": round_["name"],
        "receiving_unit_id": receiving["_id"],
        "deadline": round_["deadline"],
        "expected": result.expected,
        "on_time": len(result.on_time),
        "percent_on_time": result.percent_on_time,
        "late_units": [{"unit_id": u, "name": names[u]} for u in result.late],
        "missing_units": [{"unit_id": u, "name": names[u]} for u in result.missing],
    }
