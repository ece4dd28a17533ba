"""How an admin reads role bindings: typed days dd/mm/yyyy, a binding's state today, roles held today."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

# The roles an admin grants, in the order a person reads them (labels: vn.ROLE_VI).
GRANTABLE_ROLES = (
    "unit_officer", "unit_head", "standing_office", "council_member", "council_chair", "cluster_head",
    "viewer", "admin",
)  # fmt: skip
STATE_VI = {
    "active": "Đang hiệu lực",
    "not_yet": "Chưa đến ngày hiệu lực",
    "expired": "Đã hết hạn",
    "revoked": "Đã thu hồi",
    "ended": "Kết thúc do sắp xếp đơn vị",
}
_DAY = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\s*$")
BAD_DAY = "Ngày không hợp lệ; hãy nhập theo dạng ngày/tháng/năm, ví dụ 01/07/2025."


def parse_day(text: str) -> date:
    """A day typed as dd/mm/yyyy (d/m/yyyy too); ValueError with a Vietnamese message otherwise."""
    found = _DAY.match(text)
    if found is None:
        raise ValueError(BAD_DAY)
    day, month, year = (int(part) for part in found.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(BAD_DAY) from None


def binding_state(binding: Mapping[str, Any], today: date) -> str:
    """What a binding is today: active, not_yet, expired, revoked or ended (with its unit)."""
    if binding.get("revoked_at"):
        return "revoked"
    ended_on = binding.get("ended_on")
    if ended_on and str(ended_on) < today.isoformat():
        return "ended"
    if today.isoformat() < str(binding["valid_from"]):
        return "not_yet"
    valid_to = binding.get("valid_to")
    if valid_to and str(valid_to) < today.isoformat():
        return "expired"
    return "active"


def active_roles(bindings: Iterable[Mapping[str, Any]], today: date) -> frozenset[str]:
    """The roles a person holds today, anywhere."""
    return frozenset(b["role"] for b in bindings if binding_state(b, today) == "active")


def admin_units(bindings: Iterable[Mapping[str, Any]], today: date) -> list[tuple[str, str]]:
    """The units where a person is an admin today, as (id, name), by name."""
    units = {
        str(b["unit_id"]): str(b["unit_name"])
        for b in bindings
        if b["role"] == "admin" and binding_state(b, today) == "active"
    }
    return sorted(units.items(), key=lambda unit: unit[1])
