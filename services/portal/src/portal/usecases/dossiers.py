"""Journey 1b: a unit's dossiers in a nomination round — list, draft, read with its timeline, submit."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from portal.adapters.api import ApiError, ServiceApi
from portal.domain.dossiers import Step, deadline_for, form_errors, missing_kinds, timeline
from portal.domain.office import day_from_vi

PAGE = 20
EDITABLE = ("draft", "returned")
FIX_FIELDS = "Hãy sửa những ô được đánh dấu bên dưới rồi gửi lại."
DEED_FORMAT = "Ngày lập thành tích cần theo dạng dd/mm/yyyy, ví dụ 25/01/2020."


@dataclass(frozen=True)
class DossierList:
    """A unit's dossiers (in one round, or all), one page of them, and the search that found them."""

    unit_id: str
    unit_name: str
    round: dict[str, Any] | None
    deadline: datetime | None
    items: list[dict[str, Any]]
    total: int
    q: str
    skip: int
    limit: int


@dataclass(frozen=True)
class NewDossier:
    """What the draft form posts: whom the unit proposes for which award, and why."""

    round_id: str
    unit_id: str
    subject_kind: str
    full_name: str
    position: str
    award_code: str
    summary: str
    deed_on: str = ""  # dd/mm/yyyy, for an ad hoc (đột xuất) deed


@dataclass(frozen=True)
class DossierView:
    """A dossier as its unit reads it: documents, what is missing, its steps and the return's reasons."""

    dossier: dict[str, Any]
    round: dict[str, Any]
    deadline: datetime
    steps: list[Step]
    return_reasons: tuple[str, ...]
    level_status: str | None
    editable: bool
    missing: list[str]


async def unit_dossiers(
    registration: ServiceApi, unit_id: str, round_id: str | None, q: str, skip: int, limit: int = PAGE
) -> DossierList:
    """The unit's dossiers, searched by the subject's name in any accents, one page."""
    unit = await registration.get(f"/units/{unit_id}")
    round_ = await registration.get(f"/rounds/{round_id}") if round_id else None
    found = await registration.get(
        "/dossiers", unit_id=unit_id, round_id=round_id, q=q or None, limit=limit, skip=skip
    )
    deadline = deadline_for(round_, unit_id) if round_ else None
    return DossierList(
        unit_id, unit["name"], round_, deadline, list(found["items"]), int(found["total"]), q, skip, limit
    )


async def create(registration: ServiceApi, draft: NewDossier, key: str) -> str:
    """Draft a dossier of the round's kind (the form's key makes a double click one dossier); its id."""
    round_ = await registration.get(f"/rounds/{draft.round_id}")
    subject: dict[str, Any] = {"kind": draft.subject_kind}
    if draft.subject_kind == "individual":
        subject.update(full_name=draft.full_name or None, position=draft.position or None)
    body = {
        "round_id": draft.round_id,
        "unit_id": draft.unit_id,
        "subject": subject,
        "award_code": draft.award_code,
        "dossier_kind": round_.get("award_kind") or "annual_merit",
        "summary": draft.summary,
    }
    if body["dossier_kind"] == "exceptional":
        deed_on = day_from_vi(draft.deed_on)
        if deed_on is None:
            raise ApiError(422, "VALIDATION_ERROR", FIX_FIELDS, "deed_on", {"deed_on": DEED_FORMAT})
        body["deed_on"] = deed_on.isoformat()
    created = await registration.post("/dossiers", body, key=key)
    return str(created["dossier_id"])


async def dossier_view(
    registration: ServiceApi, review: ServiceApi, dossier_id: str, me: tuple[str, str]
) -> DossierView:
    """The dossier, its round, its timeline told with names, and the receiving level's view of it."""
    dossier = await registration.get(f"/dossiers/{dossier_id}")
    round_ = await registration.get(f"/rounds/{dossier['round_id']}")
    levels = {round_["receiving_unit_id"]: round_["receiving_unit_name"]}
    for entry in dossier["history"]:
        level = entry.get("level_unit_id")
        if level and level not in levels:
            levels[level] = await _unit_name(registration, level)
    nomination = await _nomination(review, f"{dossier_id}@{round_['receiving_unit_id']}")
    steps = timeline(dossier["history"], me, dossier["unit_name"], levels)
    return DossierView(
        dossier,
        round_,
        deadline_for(round_, dossier["unit_id"]),
        steps,
        _return_reasons(dossier, nomination, steps),
        nomination["status"] if nomination else None,
        dossier["status"] in EDITABLE,
        missing_kinds(dossier["attachments"]),
    )


async def submit(registration: ServiceApi, dossier_id: str, key: str) -> dict[str, Any]:
    """Send (or send again) the dossier to the receiving level."""
    return dict(await registration.post(f"/dossiers/{dossier_id}/submit", key=key))


def _return_reasons(
    dossier: dict[str, Any], nomination: dict[str, Any] | None, steps: list[Step]
) -> tuple[str, ...]:
    """Why the level returned the dossier (its own list of reasons when it can be read)."""
    if dossier["status"] != "returned":
        return ()
    if nomination:
        returns = [s for s in nomination["history"] if s["status"] == "returned"]
        if returns and returns[-1].get("reasons"):
            return tuple(returns[-1]["reasons"])
    last = next((s for s in reversed(steps) if s.status == "returned"), None)
    return last.reasons if last else ()


async def _nomination(review: ServiceApi, nomination_id: str) -> dict[str, Any] | None:
    try:
        return dict(await review.get(f"/nominations/{nomination_id}"))
    except ApiError:
        return None  # not received yet (review hears of it through an event), or not readable


async def _unit_name(registration: ServiceApi, unit_id: str) -> str:
    try:
        return str((await registration.get(f"/units/{unit_id}"))["name"])
    except ApiError:
        return "cấp trên"


def readable(error: ApiError) -> ApiError:
    """A refusal as the form shows it: the fields named as on the form, a list of checks said once above."""
    message = FIX_FIELDS if error.code == "VALIDATION_ERROR" and error.fields else error.message
    return dataclasses.replace(error, message=message, fields=form_errors(error.fields))
