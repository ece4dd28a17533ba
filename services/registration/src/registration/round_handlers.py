"""Use cases of a round's deadline after it opened: one unit's extension, and the seed's explicit move."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from emutrack_contracts import Envelope, new_event
from emutrack_contracts.events.registration import RoundExtensionGranted
from emutrack_kit.auth import Principal
from emutrack_kit.errors import Forbidden, NotFound, Unprocessable
from emutrack_kit.text import nfc
from registration.domain.registrations import PRODUCER
from registration.domain.rounds import Extension, Round, end_of_day
from registration.handlers import Deps, _receives


async def _round(deps: Deps, round_id: str) -> Round:
    round_ = await deps.rounds.get(round_id)
    if round_ is None:
        raise NotFound("UNKNOWN_ROUND", f"Không tìm thấy đợt '{round_id}'.", field="round_id")
    return round_


async def authorize_extension(deps: Deps, principal: Principal, round_id: str) -> None:
    """Only the round's receiving standing office (or an admin above it) extends a unit's deadline."""
    round_ = await _round(deps, round_id)
    receiver_path = await deps.units.path_on(round_.receiving_unit_id, round_.opened_on)
    if not _receives(principal, round_, receiver_path):
        raise Forbidden(
            "NOT_RECEIVING_OFFICE",
            f"Chỉ cơ quan thường trực Hội đồng TĐKT {round_.receiving_unit_name} mới được gia hạn "
            "cho đơn vị trong đợt này.",
            field="round_id",
        )


async def grant_extension(
    deps: Deps, principal: Principal, round_id: str, *, unit_id: str, last_day: date, reason: str
) -> Round:
    """The receiving office gives one unit under it until `last_day` (23:59:59 Hà Nội), with a reason."""
    await authorize_extension(deps, principal, round_id)
    round_ = await _round(deps, round_id)
    unit = await deps.units.get(unit_id)
    path = await deps.units.path_on(unit_id, round_.opened_on) if unit else ()
    if unit is None or round_.receiving_unit_id not in path[:-1]:
        raise Unprocessable(
            "UNIT_OUTSIDE_ROUND",
            f"Đơn vị '{unit.name if unit else unit_id}' không thuộc các đơn vị nộp cho đợt '{round_.name}'.",
            field="unit_id",
        )
    if not nfc(reason):
        raise Unprocessable("MISSING_REASON", "Cần ghi rõ lý do gia hạn.", field="reason")
    now = deps.clock()
    extension = Extension(unit.unit_id, unit.name, end_of_day(last_day), nfc(reason), principal.subject, now)
    extended = round_.extended(extension)
    receiver_path = await deps.units.path_on(round_.receiving_unit_id, round_.opened_on)
    await deps.rounds.extend(round_id, extension, _granted(round_, extension, receiver_path))
    return extended


def _granted(round_: Round, extension: Extension, receiver_path: Sequence[str]) -> Envelope:
    payload = RoundExtensionGranted(
        round_id=round_.round_id,
        round_name=round_.name,
        receiving_unit_id=round_.receiving_unit_id,
        unit_id=extension.unit_id,
        unit_name=extension.unit_name,
        deadline=extension.deadline,
        reason=extension.reason,
        granted_at=extension.granted_at,
    )
    return new_event(
        "round.extension_granted",
        producer=PRODUCER,
        unit_path=list(receiver_path),
        actor=extension.granted_by,
        payload=payload,
        occurred_at=extension.granted_at,
    )
