"""Use cases of round coverage: who of a receiving unit's children submitted in time, late, or not yet."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from emutrack_contracts import Envelope
from emutrack_contracts.events.registration import RoundExtensionGranted, RoundOpened
from emutrack_kit.auth import ALL_ROLES, Principal
from emutrack_kit.clock import HANOI
from emutrack_kit.consumer import Position
from emutrack_kit.errors import Forbidden, NotFound
from emutrack_kit.mongo import Document
from emutrack_kit.org_tree import Tree
from reporting.domain.coverage import Coverage, Deadlines, coverage
from reporting.domain.periods import period_day
from reporting.handlers import Deps, children_on

_BEFORE_ANY = datetime.min.replace(tzinfo=UTC)


async def on_round_opened(deps: Deps, envelope: Envelope, _: Position) -> None:
    """Keep the round, and each deadline it was given with when it was set (for coverage)."""
    p = RoundOpened.model_validate(envelope.payload)
    fields = {
        "name": p.name,
        "kind": p.kind,
        "year": p.year,
        "receiving_unit_id": p.receiving_unit_id,
        "deadline": p.deadline,
    }
    await deps.rounds.keep(p.round_id, fields, envelope.occurred_at)


async def on_round_extension_granted(deps: Deps, envelope: Envelope, _: Position) -> None:
    """Keep one unit's own later deadline, with when it was granted (for coverage)."""
    p = RoundExtensionGranted.model_validate(envelope.payload)
    await deps.rounds.extend(p.round_id, p.unit_id, p.granted_at, p.deadline)


def deadlines_of(round_: Document) -> Deadlines:
    """The deadlines a round had, with when each was set (a round stored before they were kept: its last)."""
    kept = [(d["set_at"], d["deadline"]) for d in round_.get("deadlines", [])]
    return kept or [(_BEFORE_ANY, round_["deadline"])]


def expected_on(round_: Document, today: date) -> date:
    """The day whose tree says who a round expects: its deadline's, within its year, not after today."""
    deadline_day: date = round_["deadline"].astimezone(HANOI).date()
    return min(deadline_day, period_day(str(round_["year"]), today))


async def covered(deps: Deps, tree: Tree, round_: Document) -> tuple[Coverage, dict[str, str]]:
    """A round's coverage over the receiving unit's children of its day, and their names."""
    children = children_on(tree, round_["receiving_unit_id"], expected_on(round_, deps.today()))
    names = {c["_id"]: c["name"] for c in children}
    extensions: dict[str, list[tuple[datetime, datetime]]] = {}
    for e in round_.get("extensions", []):
        extensions.setdefault(e["unit_id"], []).append((e["set_at"], e["deadline"]))
    result = coverage(list(names), await deps.rounds.firsts(round_["_id"]), deadlines_of(round_), extensions)
    return result, names


async def round_coverage(deps: Deps, principal: Principal, round_id: str) -> dict[str, Any]:
    """Who of the receiving unit's children submitted by the deadline, late, or not yet."""
    round_ = await deps.rounds.get(round_id)
    if round_ is None:
        raise NotFound("UNKNOWN_ROUND", f"Không tìm thấy đợt '{round_id}'.", field="round_id")
    tree = await deps.units.tree()
    receiving_id = round_["receiving_unit_id"]
    path = tree.path_on(receiving_id, expected_on(round_, deps.today()))
    if not path or not principal.may(ALL_ROLES, path):
        raise Forbidden(
            "FORBIDDEN_UNIT", "Tài khoản của bạn không được xem số liệu của đợt này.", field="round_id"
        )
    result, names = await covered(deps, tree, round_)
    return {
        "round_id": round_id,
        "round_name": round_["name"],
        "receiving_unit_id": receiving_id,
        "deadline": round_["deadline"],
        "expected": result.expected,
        "on_time": len(result.on_time),
        "percent_on_time": result.percent_on_time,
        "late_units": [{"unit_id": u, "name": names[u]} for u in result.late],
        "missing_units": [{"unit_id": u, "name": names[u]} for u in result.missing],
    }
