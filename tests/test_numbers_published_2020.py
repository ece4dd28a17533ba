"""The numbers a district publishes, played through the public HTTP API with every service as a process.

A ward's dossier is returned once and resubmitted (one dossier); the office closes the registration
round early after two wards registered on time (they stay on time); a 2020 title is decided on
20/01/2021 (it is a 2020 title); the 1/7/2025 restructure is applied (the 2020 views keep the 2020
tree) and re-seeding does not reopen the closed round. A rebuild from Kafka then gives the same
read models as the live consumer.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import subprocess
from datetime import date, timedelta
from typing import Any

import httpx
from openpyxl import load_workbook

from emutrack_kit_testing.helpers import bearer, eventually
from emutrack_kit_testing.processes import BIN
from tests.reporting_support import COLLECTIONS, consumed_everything, differences, read_models, rebuild

ROUND = "dk-2020-q-thanh-xuan"
PDF = b"%PDF-1.7\n" + "Báo cáo thành tích của Phường Kim Giang".encode() + b"\n%%EOF"
PROCESSES = (
    "registration-http",
    "registration-consumer",
    "review-http",
    "review-consumer",
    "reporting-consumer",
    "reporting-http",
)


async def _get(client: httpx.AsyncClient, url: str, token: str) -> Any:
    response = await client.get(url, headers=bearer(token))
    assert response.status_code == 200, f"{url}: {response.text}"
    return response.json()


async def _post(client: httpx.AsyncClient, url: str, token: str, body: Any = None, **kw: Any) -> Any:
    response = await client.post(url, json=body, headers=bearer(token), **kw)
    assert response.status_code in (200, 201), f"{url}: {response.text}"
    return response.json()


async def _dossier_returned_and_resubmitted(
    registration: httpx.AsyncClient, review: httpx.AsyncClient, tokens: Any
) -> str:
    """Kim Giang's dossier for Tập thể lao động xuất sắc 2020: received, returned, fixed, received again."""
    office, ward = tokens["office"], tokens["ward"]
    opened = await _post(
        registration,
        "/rounds",
        office,
        {
            "receiving_unit_id": "q-thanh-xuan", "name": "Khen thưởng tổng kết năm 2020",
            "kind": "nomination", "award_kind": "annual_merit", "year": 2020, "opened_on": "2020-11-15",
            "deadline": "2099-12-31",
        },
    )  # fmt: skip
    drafted = await _post(
        registration,
        "/dossiers",
        ward,
        {
            "round_id": opened["round_id"], "unit_id": "p-kim-giang", "subject": {"kind": "collective"},
            "award_code": "tap_the_lao_dong_xuat_sac", "dossier_kind": "annual_merit",
            "summary": "Hoàn thành xuất sắc nhiệm vụ năm 2020.",
        },
    )  # fmt: skip
    dossier = drafted["dossier_id"]
    for kind in ("achievement_report", "council_minutes"):
        await _post(
            registration, f"/dossiers/{dossier}/attachments", ward, None,
            data={"kind": kind}, files={"file": (f"{kind}.pdf", PDF, "application/pdf")},
        )  # fmt: skip
    await _post(registration, f"/dossiers/{dossier}/submit", ward)
    nomination = f"{dossier}@q-thanh-xuan"
    await eventually(
        lambda: review.get(f"/nominations/{nomination}", headers=bearer(office)),
        lambda r: r.status_code == 200 and r.json()["status"] == "received",
    )
    await _post(review, f"/nominations/{nomination}/return", office, {"reasons": ["Thiếu chữ ký"]})
    await eventually(
        lambda: _get(registration, f"/dossiers/{dossier}", ward), lambda d: d["status"] == "returned"
    )
    await _post(registration, f"/dossiers/{dossier}/submit", ward)
    await eventually(
        lambda: _get(review, f"/nominations/{nomination}", office),
        lambda n: [h["status"] for h in n["history"]] == ["received", "returned", "received"],
    )
    return nomination


async def _decided_on_20_january_2021(review: httpx.AsyncClient, nomination: str, token: Any) -> None:
    """The district's council passes it; the chair signs on 20/01/2021."""
    office = token("standing_office", "q-thanh-xuan")
    await _post(review, f"/nominations/{nomination}/appraisal", office)
    await _post(
        review, f"/nominations/{nomination}/accept", office, {"override_reason": "Đã đối chiếu hồ sơ gốc"}
    )
    council = {"members": [{"member_id": m, "name": m} for m in ("m1", "m2", "m3")], "chair_id": "m1"}
    assert (
        await review.put("/councils/q-thanh-xuan", json=council, headers=bearer(office))
    ).status_code == 200
    session = await _post(
        review,
        "/sessions",
        office,
        {"level_unit_id": "q-thanh-xuan", "held_on": "2021-01-15", "name": "Phiên họp"},
    )
    sid = session["session_id"]
    await _post(review, f"/sessions/{sid}/agenda", office, {"nomination_id": nomination})
    present = {"present": ["m1", "m2", "m3"]}
    assert (
        await review.put(f"/sessions/{sid}/attendance", json=present, headers=bearer(office))
    ).status_code == 200
    await _post(review, f"/sessions/{sid}/open", office)
    for member in ("m1", "m2", "m3"):
        role = "council_chair" if member == "m1" else "council_member"
        voter = token(role, "q-thanh-xuan", subject=member)
        await _post(review, f"/sessions/{sid}/items/{nomination}/votes", voter, {"choice": "yes"})
    await _post(review, f"/sessions/{sid}/close", office)
    chair = token("council_chair", "q-thanh-xuan", subject="m1")
    await _post(
        review,
        "/decisions",
        chair,
        {
            "level_unit_id": "q-thanh-xuan", "number": "15/QĐ-UBND", "signed_on": "2021-01-20",
            "award_code": "tap_the_lao_dong_xuat_sac", "nomination_ids": [nomination],
        },
    )  # fmt: skip


def _seed(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [str(BIN / "emt-registration-seed"), *args],
        env={**os.environ, **env},
        check=True,
        capture_output=True,
    )


async def test_the_numbers_a_district_publishes_for_2020(
    slice_: Any, token: Any, service_env: dict[str, str], mongo: Any, namespace: str
) -> None:
    for name in PROCESSES:
        slice_.start(name)
    tokens = {
        "office": token("standing_office", "q-thanh-xuan"),
        "ward": token("unit_officer", "p-kim-giang"),
    }
    office, city = tokens["office"], token("viewer", "ha-noi")
    async with (
        httpx.AsyncClient(base_url=slice_.url("registration-http"), timeout=20) as registration,
        httpx.AsyncClient(base_url=slice_.url("review-http"), timeout=20) as review,
        httpx.AsyncClient(base_url=slice_.url("reporting-http"), timeout=20) as reporting,
    ):
        for ward in ("p-kim-giang", "p-ha-dinh"):
            await _post(
                registration, f"/rounds/{ROUND}/registrations", token("unit_officer", ward),
                {"unit_id": ward, "title_code": "tap_the_lao_dong_tien_tien"},
            )  # fmt: skip
        # The office closes the round early: the deadline becomes yesterday.
        yesterday = (date.today() - timedelta(days=1)).isoformat()
        moved = await registration.put(
            f"/rounds/{ROUND}/deadline", json={"deadline": yesterday}, headers=bearer(office)
        )
        assert moved.status_code == 200, moved.text

        nomination = await _dossier_returned_and_resubmitted(registration, review, tokens)
        await _decided_on_20_january_2021(review, nomination, token)

        coverage = await eventually(
            lambda: _get(reporting, f"/rounds/{ROUND}/coverage", office),
            lambda c: c["on_time"] + len(c["late_units"]) == 2 and c["deadline"].startswith(yesterday[:4]),
        )
        assert (coverage["on_time"], coverage["late_units"]) == (2, []), coverage
        ward = await eventually(
            lambda: _get(reporting, "/units/p-kim-giang/counts?period=2020", office),
            lambda n: n["awards_total"] == 1,
        )
        assert (ward["dossiers_total"], ward["registrations_total"]) == (1, 1)
        district = await _get(reporting, "/units/q-thanh-xuan/counts?period=2020", office)
        assert district["review_at_level"]["received"] == 1
        assert district["review_at_level"]["returned"] == 1
        assert district["awards_by_award"] == {"tap_the_lao_dong_xuat_sac": 1}
        listed = await reporting.get("/units/q-thanh-xuan/awards.xlsx?period=2020", headers=bearer(office))
        assert listed.status_code == 200, listed.text
        cells = {
            c for r in load_workbook(io.BytesIO(listed.content)).active.iter_rows(values_only=True) for c in r
        }
        assert {"15/QĐ-UBND", "20/01/2021", "Phường Kim Giang"} <= cells

        # The 1/7/2025 restructure, as `make seed TREE=2025` applies it (with the demo's deadline again).
        await asyncio.to_thread(_seed, service_env, "--tree", "2025", "--deadline", "2099-12-31")
        kept = await _get(registration, f"/rounds/{ROUND}", office)
        assert kept["deadline"].startswith(yesterday), kept  # the closed round stays closed
        late = await registration.post(
            f"/rounds/{ROUND}/registrations",
            json={"unit_id": "p-khuong-dinh", "title_code": "tap_the_lao_dong_tien_tien"},
            headers=bearer(token("unit_officer", "p-khuong-dinh")),
        )
        assert late.status_code == 409, late.text

        await eventually(
            lambda: mongo[f"{namespace}_reporting"]["org_units"].find_one({"_id": "q-thanh-xuan"}),
            lambda u: u is not None and u.get("valid_to") is not None,
        )
        children = await _get(reporting, "/units/q-thanh-xuan/children/counts?period=2020", city)
        by_ward = {c["unit_id"]: c["registrations_total"] for c in children}
        assert (by_ward["p-kim-giang"], by_ward["p-ha-dinh"]) == (1, 1)
        city_children = await _get(reporting, "/units/ha-noi/children/counts?period=2020", city)
        assert "q-thanh-xuan" in {c["unit_id"] for c in city_children}
        assert all(c["unit_id"].startswith("q-") for c in city_children), city_children
        after = await _get(reporting, f"/rounds/{ROUND}/coverage", office)
        assert (after["expected"], after["on_time"]) == (coverage["expected"], 2)
        targets = await _get(reporting, "/units/q-thanh-xuan/targets?period=2020", office)
        on_time = next(t for t in targets["targets"] if t["code"] == "REGISTRATION_COVERAGE")
        assert on_time["detail"].startswith(f"2/{coverage['expected']} đúng hạn"), on_time

    await eventually(lambda: consumed_everything(service_env), lambda done: done)
    live = await read_models(mongo, namespace)
    slice_.stop("reporting-consumer")
    done = await eventually(
        lambda: asyncio.to_thread(rebuild, service_env), lambda r: r.returncode == 0, timeout=120
    )
    assert json.loads(done.stdout.strip().splitlines()[-1])["refused"] == 0
    rebuilt = await read_models(mongo, namespace)
    for name in COLLECTIONS:
        assert rebuilt[name] == live[name], json.dumps(
            differences(live[name], rebuilt[name])[:5], default=str
        )
