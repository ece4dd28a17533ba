"""How an admin's page reads days typed dd/mm/yyyy and the state of a binding today."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from portal.domain.admin import BAD_DAY, active_roles, admin_units, binding_state, parse_day

TODAY = date(2026, 12, 7)


def _binding(**more: Any) -> dict[str, Any]:
    return {
        "role": "unit_officer", "unit_id": "p-kim-giang", "unit_name": "Phường Kim Giang",
        "valid_from": "2020-01-01", "valid_to": None, "revoked_at": None, "ended_on": None, **more,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "day"),
    [("01/07/2025", date(2025, 7, 1)), ("1/7/2025", date(2025, 7, 1)), (" 29/02/2024 ", date(2024, 2, 29))],
)
def test_a_day_is_read_as_day_month_year(typed: str, day: date) -> None:
    assert parse_day(typed) == day


@pytest.mark.parametrize("typed", ["", "2025-07-01", "31/02/2025", "32/13/2025", "07/2025", "01/07/25"])
def test_anything_else_is_refused_in_vietnamese(typed: str) -> None:
    with pytest.raises(ValueError, match="ngày/tháng/năm") as refused:
        parse_day(typed)
    assert str(refused.value) == BAD_DAY


@pytest.mark.parametrize(
    ("more", "state"),
    [
        ({}, "active"),
        ({"valid_to": "2026-12-07"}, "active"),  # its last day still counts
        ({"valid_to": "2026-12-06"}, "expired"),
        ({"valid_from": "2026-12-08"}, "not_yet"),
        ({"revoked_at": "2026-01-01T00:00:00+00:00"}, "revoked"),
        ({"ended_on": "2025-05-31", "successor_id": "p-moi"}, "ended"),
    ],
)
def test_a_binding_is_in_one_state_today(more: dict[str, Any], state: str) -> None:
    assert binding_state(_binding(**more), TODAY) == state


def test_the_roles_and_admin_units_held_today_leave_out_those_ended() -> None:
    bindings = [
        _binding(),
        _binding(role="admin", unit_id="q-thanh-xuan", unit_name="Quận Thanh Xuân"),
        _binding(role="admin", unit_id="ha-noi", unit_name="Thành phố Hà Nội"),
        _binding(role="viewer", revoked_at="2026-01-01T00:00:00+00:00"),
        _binding(role="admin", unit_id="q-hoang-mai", unit_name="Quận Hoàng Mai", valid_to="2025-12-31"),
    ]
    assert active_roles(bindings, TODAY) == {"unit_officer", "admin"}
    assert admin_units(bindings, TODAY) == [
        ("q-thanh-xuan", "Quận Thanh Xuân"),
        ("ha-noi", "Thành phố Hà Nội"),
    ]
