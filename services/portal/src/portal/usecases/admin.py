"""Journey 6: an admin lists the role bindings of its subtree, grants, revokes, grants again after merges."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from portal.adapters.api import ApiError, ServiceApi
from portal.domain.admin import admin_units, binding_state, parse_day

PAGE = 20
UNIT_CHOICES = 100
FIX_FIELDS = "Một số ô chưa hợp lệ; hãy sửa các ô được đánh dấu rồi gửi lại."
NO_REASON = "Hãy ghi lý do (ít nhất 3 ký tự)."


@dataclass(frozen=True)
class Scope:
    """Where the admin works: its admin units and the one chosen (None if it administers nowhere)."""

    places: list[tuple[str, str]]
    within: tuple[str, str] | None


@dataclass(frozen=True)
class BindingsPage:
    """One page of the bindings in the chosen subtree, and those that ended with a merged unit."""

    scope: Scope
    items: list[dict[str, Any]]
    total: int
    q: str
    skip: int
    again: list[dict[str, Any]]


@dataclass(frozen=True)
class GrantForm:
    """What the grant form posts (days as typed, dd/mm/yyyy)."""

    within: str = ""
    subject: str = ""
    subject_name: str = ""
    role: str = ""
    unit_id: str = ""
    valid_from: str = ""
    valid_to: str = ""
    reason: str = ""


@dataclass(frozen=True)
class GrantPage:
    """The grant form: the scope, the units of the subtree named like `unit_q`, and what was typed."""

    scope: Scope
    units: list[dict[str, Any]]
    more_units: bool
    unit_q: str
    form: GrantForm


async def scope(access: ServiceApi, registration: ServiceApi, within: str | None, today: date) -> Scope:
    """The admin's units and the one asked for (the first by default; any other, the services judge)."""
    places = admin_units(await access.get("/me/bindings"), today)
    chosen = next((p for p in places if p[0] == within), None)
    if chosen is None and within:
        name = (await unit_names(registration, {within})).get(within)
        chosen = (within, name) if name else None
    return Scope(places, chosen or (places[0] if places else None))


async def bindings_page(
    access: ServiceApi, registration: ServiceApi, where: Scope, q: str, skip: int, today: date
) -> BindingsPage:
    """The bindings of the chosen subtree named like `q` (without marks), a page at a time."""
    if where.within is None:
        return BindingsPage(where, [], 0, q, 0, [])
    unit_id = where.within[0]
    found = await access.get("/bindings", unit_id=unit_id, q=q.strip() or None, limit=PAGE, skip=skip)
    items = [{**b, "state": binding_state(b, today)} for b in found["items"]]
    ended = await access.get(f"/units/{unit_id}/to-grant-again")
    names = await unit_names(registration, {str(b["successor_id"]) for b in ended if b.get("successor_id")})
    again = [
        {
            **b,
            "successor_name": names.get(str(b.get("successor_id")), ""),
            "again_from": _day_after(b["ended_on"]),
        }
        for b in ended
    ]
    return BindingsPage(where, items, int(found["total"]), q, skip, again)


async def unit_names(registration: ServiceApi, unit_ids: set[str]) -> dict[str, str]:
    """Units' names by id (an id the tree does not know is left out)."""
    names: dict[str, str] = {}
    for unit_id in sorted(unit_ids):
        try:
            names[unit_id] = (await registration.get(f"/units/{unit_id}"))["name"]
        except ApiError:
            continue
    return names


async def grant_page(registration: ServiceApi, where: Scope, unit_q: str, form: GrantForm) -> GrantPage:
    """The grant form with the units of the chosen subtree named like `unit_q` (ended ones marked)."""
    if where.within is None:
        return GrantPage(where, [], False, unit_q, form)
    found = await registration.get(
        "/units", q=unit_q.strip() or None, include_past="true", limit=UNIT_CHOICES
    )
    units = [u for u in found["items"] if where.within[0] in u["path"]]
    if form.unit_id and all(u["unit_id"] != form.unit_id for u in units):
        with contextlib.suppress(ApiError):  # the unit chosen stays a choice whatever the search shows
            units.insert(0, await registration.get(f"/units/{form.unit_id}"))
    return GrantPage(where, units, int(found["total"]) > UNIT_CHOICES, unit_q, form)


async def grant(access: ServiceApi, form: GrantForm, key: str) -> dict[str, Any]:
    """Grant the role (the form's key makes a double click one grant); refusals name their field."""
    fields: dict[str, str] = {}
    days: dict[str, date | None] = {"valid_from": None, "valid_to": None}
    for name in days:
        text = getattr(form, name).strip()
        if name == "valid_from" and not text:
            fields[name] = "Hãy nhập ngày bắt đầu hiệu lực (ngày/tháng/năm)."
        elif text:
            try:
                days[name] = parse_day(text)
            except ValueError as exc:
                fields[name] = str(exc)
    if not form.role:
        fields["role"] = "Hãy chọn vai trò."
    if not form.unit_id:
        fields["unit_id"] = "Hãy chọn đơn vị."
    if len(form.reason.strip()) < 3:
        fields["reason"] = NO_REASON
    if fields:
        raise ApiError(422, "VALIDATION_ERROR", FIX_FIELDS, None, fields)
    body = {
        "subject": form.subject, "subject_name": form.subject_name, "role": form.role,
        "unit_id": form.unit_id, "valid_from": _iso(days["valid_from"]), "valid_to": _iso(days["valid_to"]),
        "reason": form.reason,
    }  # fmt: skip
    return dict(await plainly(access.post("/bindings", body, key=key)))


async def plainly(call: Awaitable[Any]) -> Any:
    """The call's answer; a validation refusal says in Vietnamese to fix the marked fields."""
    try:
        return await call
    except ApiError as error:
        if error.code == "VALIDATION_ERROR" and error.fields:
            raise dataclasses.replace(error, message=FIX_FIELDS) from None
        raise


def _day_after(iso: str) -> str:
    """The first day of the unit that took over (the day after the ended one's last), dd/mm/yyyy."""
    return (date.fromisoformat(iso) + timedelta(days=1)).strftime("%d/%m/%Y")


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()
