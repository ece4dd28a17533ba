"""The receiving office gives one unit more time: it submits after the round's deadline, others do not."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx

from emutrack_kit_testing.helpers import bearer
from registration.usecases.context import Context

from .conftest import MovableClock

ROUND = "dk-2020-q-thanh-xuan"  # the seed's registration round: deadline 05/02/2020
REASON = "Phường đang kiện toàn cán bộ làm công tác thi đua, khen thưởng"


def _register(unit: str) -> dict[str, str]:
    return {"unit_id": unit, "title_code": "tap_the_lao_dong_tien_tien"}


async def test_an_extended_unit_registers_after_the_deadline_and_no_other_does(
    http: httpx.AsyncClient, deps: Context, clock: MovableClock, token: Any
) -> None:
    office = bearer(token("standing_office", "q-thanh-xuan"))
    granted = await http.post(
        f"/rounds/{ROUND}/extensions",
        json={"unit_id": "p-khuong-dinh", "deadline": "2020-02-12", "reason": REASON},
        headers=office,
    )
    assert granted.status_code == 201, granted.text
    [extension] = granted.json()["extensions"]
    assert (extension["unit_name"], extension["reason"]) == ("Phường Khương Đình", REASON)
    assert extension["deadline"].startswith("2020-02-12T23:59:59+07:00")
    stored = await deps.rounds.get(ROUND)
    assert stored is not None
    assert [e.unit_id for e in stored.extensions] == ["p-khuong-dinh"]

    clock.now = datetime(2020, 2, 10, 3, 0, tzinfo=UTC)  # after the round's deadline, before the unit's
    extended = await http.post(
        f"/rounds/{ROUND}/registrations",
        json=_register("p-khuong-dinh"),
        headers=bearer(token("unit_officer", "p-khuong-dinh")),
    )
    assert extended.status_code == 201, extended.text
    other = await http.post(
        f"/rounds/{ROUND}/registrations",
        json=_register("p-kim-giang"),
        headers=bearer(token("unit_officer", "p-kim-giang")),
    )
    assert other.status_code == 409
    assert other.json()["error"]["code"] == "DEADLINE_PASSED"

    clock.now = datetime(2020, 2, 13, 3, 0, tzinfo=UTC)  # the unit's own deadline has passed too
    late = await http.post(
        f"/rounds/{ROUND}/registrations",
        json={"unit_id": "p-khuong-dinh", "title_code": "co_thi_dua_thanh_pho"},
        headers=bearer(token("unit_officer", "p-khuong-dinh")),
    )
    assert late.status_code == 409, late.text
    assert late.json()["error"]["details"]["deadline"] == "2020-02-12T16:59:59+00:00"  # 23:59:59 in Hà Nội


async def test_bad_extensions_name_the_field_and_change_nothing(
    http: httpx.AsyncClient, deps: Context, token: Any
) -> None:
    office = bearer(token("standing_office", "q-thanh-xuan"))
    cases = [
        (
            {"unit_id": "p-dai-kim", "deadline": "2020-02-12", "reason": REASON},
            "unit_id",
            "UNIT_OUTSIDE_ROUND",
        ),
        (
            {"unit_id": "q-thanh-xuan", "deadline": "2020-02-12", "reason": REASON},
            "unit_id",
            "UNIT_OUTSIDE_ROUND",
        ),
        (
            {"unit_id": "p-kim-giang", "deadline": "2020-02-01", "reason": REASON},
            "deadline",
            "EXTENSION_NOT_LATER",
        ),
        ({"unit_id": "p-kim-giang", "deadline": "2020-02-12", "reason": "  "}, "reason", "VALIDATION_ERROR"),
    ]
    for body, field, code in cases:
        response = await http.post(f"/rounds/{ROUND}/extensions", json=body, headers=office)
        assert response.status_code == 422, response.text
        error = response.json()["error"]
        assert error["code"] == code, error
        assert field in (error.get("field"), *(f["field"] for f in error.get("fields", []))), error
    stored = await deps.rounds.get(ROUND)
    assert stored is not None
    assert stored.extensions == ()
    unknown = await http.post(
        "/rounds/khong-co/extensions",
        json={"unit_id": "p-kim-giang", "deadline": "2020-02-12", "reason": REASON},
        headers=office,
    )
    assert unknown.status_code == 404
