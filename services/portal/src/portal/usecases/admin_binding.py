"""Journey 6: one binding with its whole story, and its revocation with a reason."""

from __future__ import annotations

from datetime import date
from typing import Any

from portal.adapters.api import ApiError, ServiceApi
from portal.domain.admin import binding_state
from portal.usecases.admin import FIX_FIELDS, NO_REASON, plainly, unit_names


async def binding(
    access: ServiceApi, registration: ServiceApi, binding_id: str, today: date
) -> dict[str, Any]:
    """One binding with its state, who granted (revoked) it by name, and the unit that took over its unit."""
    found = await access.get(f"/bindings/{binding_id}")
    successor = str(found.get("successor_id") or "")
    names = await unit_names(registration, {successor} if successor else set())
    people = await people_names(access, {found["granted_by"], found.get("revoked_by") or ""} - {""})
    return {
        **found, "state": binding_state(found, today), "successor_name": names.get(successor, ""),
        "granted_by_name": people.get(found["granted_by"]),
        "revoked_by_name": people.get(found.get("revoked_by") or ""),
    }  # fmt: skip


async def people_names(access: ServiceApi, subjects: set[str]) -> dict[str, str]:
    """People's names by user name, as their bindings within the admin's reach give them (others left out)."""
    names: dict[str, str] = {}
    for subject in sorted(subjects):
        found = await access.get("/bindings", subject=subject, limit=1)
        if found["items"]:
            names[subject] = str(found["items"][0]["subject_name"])
    return names


async def revoke(access: ServiceApi, binding_id: str, reason: str, key: str) -> dict[str, Any]:
    """Revoke the binding now, with a reason (the form's key makes a double click one revocation)."""
    if len(reason.strip()) < 3:
        raise ApiError(422, "VALIDATION_ERROR", FIX_FIELDS, None, {"reason": NO_REASON})
    return dict(await plainly(access.post(f"/bindings/{binding_id}/revoke", {"reason": reason}, key=key)))
