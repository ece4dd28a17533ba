"""A dossier goes to its district, is returned with reasons, fixed and sent again — over Kafka.

Registration and review run as separate processes: `nomination.submitted` reaches review's
inbox, and review's `nomination.status_changed` reaches the dossier its submitter reads.
"""

from __future__ import annotations

from typing import Any

import httpx

from emutrack_kit_testing.helpers import bearer, eventually

PDF = b"%PDF-1.7\n" + "Báo cáo thành tích của Phường Kim Giang".encode() + b"\n%%EOF"
REASON = "Thiếu chữ ký của Chủ tịch UBND phường trên báo cáo thành tích"


async def _json(client: httpx.AsyncClient, url: str, token: str) -> Any:
    response = await client.get(url, headers=bearer(token))
    response.raise_for_status()
    return response.json()


async def test_a_returned_dossier_is_fixed_and_received_again(
    slice_: Any, token: Any, service_env: Any
) -> None:
    for name in ("registration-http", "registration-consumer", "review-http", "review-consumer"):
        slice_.start(name)
    office, ward = token("standing_office", "q-thanh-xuan"), token("unit_officer", "p-kim-giang")
    async with (
        httpx.AsyncClient(base_url=slice_.url("registration-http"), timeout=10) as registration,
        httpx.AsyncClient(base_url=slice_.url("review-http"), timeout=10) as review,
    ):
        opened = await registration.post(
            "/rounds",
            json={
                "receiving_unit_id": "q-thanh-xuan",
                "name": "Khen thưởng tổng kết năm (thử nghiệm)",
                "kind": "nomination",
                "award_kind": "annual_merit",
                # the slice holds the 2020 tree (the district ended on 30/06/2025): a 2020 round,
                # kept open for the test like the seeded registration round
                "year": 2020,
                "opened_on": "2020-11-15",
                "deadline": "2099-12-31",
            },
            headers=bearer(office),
        )
        assert opened.status_code == 201, opened.text
        drafted = await registration.post(
            "/dossiers",
            json={
                "round_id": opened.json()["round_id"],
                "unit_id": "p-kim-giang",
                "subject": {"kind": "collective"},
                "award_code": "bang_khen_thanh_pho",
                "dossier_kind": "annual_merit",
                "summary": "Hoàn thành xuất sắc nhiệm vụ, dẫn đầu cụm thi đua.",
            },
            headers=bearer(ward),
        )
        assert drafted.status_code == 201, drafted.text
        dossier = drafted.json()["dossier_id"]
        for kind in ("achievement_report", "council_minutes"):
            attached = await registration.post(
                f"/dossiers/{dossier}/attachments",
                data={"kind": kind},
                files={"file": (f"{kind}.pdf", PDF, "application/pdf")},
                headers=bearer(ward),
            )
            assert attached.status_code == 201, attached.text
        assert (
            await registration.post(f"/dossiers/{dossier}/submit", headers=bearer(ward))
        ).status_code == 200

        nomination = f"{dossier}@q-thanh-xuan"
        await eventually(
            lambda: _json(review, "/nominations?status=received", office),
            lambda page: nomination in {n["nomination_id"] for n in page["items"]},
        )
        seen = await eventually(
            lambda: _json(registration, f"/dossiers/{dossier}", ward), lambda d: d["status"] == "received"
        )
        assert [h["status"] for h in seen["history"]] == ["draft", "submitted", "received"]

        returned = await review.post(
            f"/nominations/{nomination}/return", json={"reasons": [REASON]}, headers=bearer(office)
        )
        assert returned.status_code == 200, returned.text
        back = await eventually(
            lambda: _json(registration, f"/dossiers/{dossier}", ward), lambda d: d["status"] == "returned"
        )
        assert back["history"][-1]["reason"] == REASON

        fixed = await registration.post(
            f"/dossiers/{dossier}/attachments",
            data={"kind": "achievement_report"},
            files={"file": ("bao-cao-da-ky.pdf", PDF, "application/pdf")},
            headers=bearer(ward),
        )
        assert fixed.status_code == 201, fixed.text
        assert (
            await registration.post(f"/dossiers/{dossier}/submit", headers=bearer(ward))
        ).status_code == 200
        final = await eventually(
            lambda: _json(registration, f"/dossiers/{dossier}", ward),
            lambda d: [h["status"] for h in d["history"]][-1:] == ["received"] and len(d["history"]) == 6,
        )
        assert [h["status"] for h in final["history"]] == [
            "draft",
            "submitted",
            "received",
            "returned",
            "submitted",
            "received",
        ]
        at_district = await _json(review, f"/nominations/{nomination}", office)
        assert [h["status"] for h in at_district["history"]] == ["received", "returned", "received"]
