"""Preconditions of journeys 2 and 3 in Quận Hoàng Mai, prepared through the services' APIs (no tests here).

Each test opens its own rounds in Hoàng Mai (2020 tree: its 14 wards), has its wards register and submit
dossiers, and waits until review (and reporting) have heard of them over Kafka.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from pymongo import AsyncMongoClient

from emutrack_kit.clock import HANOI
from emutrack_kit_testing.helpers import bearer, eventually
from tests.journeys.conftest import Portal

HOANG_MAI = "q-hoang-mai"
PDF = b"%PDF-1.7\n" + "Báo cáo thành tích".encode() + b"\n%%EOF"


@asynccontextmanager
async def service(portal: Portal, name: str) -> AsyncIterator[httpx.AsyncClient]:
    """A client of one service of the running stack."""
    async with httpx.AsyncClient(base_url=portal.slice.url(f"{name}-http"), timeout=30) as client:
        yield client


def ok(response: httpx.Response, status: int = 200) -> Any:
    """The JSON of an answer that must have this status."""
    assert response.status_code == status, response.text
    return response.json()


def office(portal: Portal, level: str = HOANG_MAI) -> dict[str, str]:
    """The level's standing office, as a bearer header."""
    return bearer(portal.token("standing_office", level))


async def open_round(portal: Portal, kind: str, name: str, deadline: str = "2099-12-31", **more: Any) -> str:
    """Hoàng Mai opens a 2020 round (the slice's tree is 2020's: the district ended on 30/06/2025)."""
    opened_on = "2020-01-10" if deadline < "2020-11-15" else "2020-11-15"
    body = {
        "receiving_unit_id": HOANG_MAI, "name": name, "kind": kind,
        "year": 2020, "opened_on": opened_on, "deadline": deadline, **more,
    }  # fmt: skip
    async with service(portal, "registration") as registration:
        return str(ok(await registration.post("/rounds", json=body, headers=office(portal)), 201)["round_id"])


async def register(
    portal: Portal, round_id: str, ward: str, title: str = "tap_the_lao_dong_tien_tien"
) -> None:
    """The ward's officer registers it for a collective title; waits until review knows it registered."""
    ward_officer = bearer(portal.token("unit_officer", ward))
    body = {"unit_id": ward, "title_code": title}
    async with service(portal, "registration") as registration, service(portal, "review") as review:
        ok(await registration.post(f"/rounds/{round_id}/registrations", json=body, headers=ward_officer), 201)
        await eventually(
            lambda: review.get("/evaluation-register?year=2020", headers=office(portal)),
            lambda r: r.status_code == 200 and any(e["unit_id"] == ward for e in r.json()),
        )


async def nominate(
    portal: Portal,
    round_id: str,
    ward: str,
    award: str,
    kind: str = "annual_merit",
    person: str | None = None,
    prior_awards: tuple[dict[str, Any], ...] = (),
) -> str:
    """The ward submits a dossier (the unit itself, or a person); the nomination Hoàng Mai receives."""
    ward_officer = bearer(portal.token("unit_officer", ward))
    subject = {"kind": "individual", "full_name": person} if person else {"kind": "collective"}
    body = {
        "round_id": round_id, "unit_id": ward, "subject": subject, "award_code": award, "dossier_kind": kind,
        "summary": "Hoàn thành xuất sắc nhiệm vụ năm 2020, dẫn đầu phong trào thi đua của quận.",
        "prior_awards": list(prior_awards),
    }  # fmt: skip
    if kind == "exceptional":  # an ad hoc deed: proposed within 30 days of it (a few days ago here)
        body["deed_on"] = (datetime.now(UTC).astimezone(HANOI).date() - timedelta(days=3)).isoformat()
    async with service(portal, "registration") as registration, service(portal, "review") as review:
        dossier = ok(await registration.post("/dossiers", json=body, headers=ward_officer), 201)["dossier_id"]
        for document in ("achievement_report", "council_minutes"):
            sent = await registration.post(
                f"/dossiers/{dossier}/attachments", data={"kind": document},
                files={"file": (f"{document}.pdf", PDF, "application/pdf")}, headers=ward_officer,
            )  # fmt: skip
            ok(sent, 201)
        ok(await registration.post(f"/dossiers/{dossier}/submit", headers=ward_officer))
        nomination = f"{dossier}@{HOANG_MAI}"
        await eventually(
            lambda: review.get(f"/nominations/{nomination}", headers=office(portal)),
            lambda r: r.status_code == 200 and r.json()["status"] == "received",
        )
    return nomination


async def accepted(portal: Portal, nomination: str, level: str = HOANG_MAI) -> None:
    """The level's office appraises and accepts the nomination (a reason where the rules cannot tell)."""
    async with service(portal, "review") as review:
        ok(await review.post(f"/nominations/{nomination}/appraisal", headers=office(portal, level)))
        reason = {"override_reason": "Đã đối chiếu hồ sơ gốc tại phường"}
        ok(await review.post(f"/nominations/{nomination}/accept", json=reason, headers=office(portal, level)))


async def seat_council(
    portal: Portal, members: list[tuple[str, str]], chair: str, level: str = HOANG_MAI
) -> None:
    """The level's office records its council: (account, name) of each member, and who chairs it."""
    body = {"members": [{"member_id": m, "name": n} for m, n in members], "chair_id": chair}
    async with service(portal, "review") as review:
        ok(await review.put(f"/councils/{level}", json=body, headers=office(portal, level)))


async def voted(
    portal: Portal, nominations: list[str], chair: str, members: list[str], level: str = HOANG_MAI
) -> str:
    """A session of the level passes the nominations: everyone present votes yes; the session's id."""
    session = {"level_unit_id": level, "held_on": "2020-12-28", "name": "Phiên họp xét khen thưởng"}
    headers = office(portal, level)
    async with service(portal, "review") as review:
        sid = ok(await review.post("/sessions", json=session, headers=headers), 201)["session_id"]
        for nomination in nominations:
            ok(
                await review.post(
                    f"/sessions/{sid}/agenda", json={"nomination_id": nomination}, headers=headers
                )
            )
        ok(
            await review.put(
                f"/sessions/{sid}/attendance", json={"present": [chair, *members]}, headers=headers
            )
        )
        ok(await review.post(f"/sessions/{sid}/open", headers=headers))
        for who in [chair, *members]:
            role = "council_chair" if who == chair else "council_member"
            voter = bearer(portal.token(role, level, subject=who))
            for nomination in nominations:
                url = f"/sessions/{sid}/items/{nomination}/votes"
                ok(await review.post(url, json={"choice": "yes"}, headers=voter), 201)
        ok(await review.post(f"/sessions/{sid}/close", headers=headers))
    return str(sid)


async def heard_everywhere(portal: Portal, round_id: str, on_time: int) -> None:
    """Wait until notify knows the round and reporting counts `on_time` units submitted to it."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(portal.slice.env["MONGODB_URL"])
    try:
        rounds = client[f"{portal.namespace}_notify"]["rounds"]
        query = {"_id": round_id, "name": {"$exists": True}}
        await eventually(lambda: rounds.count_documents(query), lambda n: n == 1)
    finally:
        await client.close()
    async with service(portal, "reporting") as reporting:
        await eventually(
            lambda: reporting.get(f"/rounds/{round_id}/coverage", headers=office(portal)),
            lambda r: r.status_code == 200 and r.json()["on_time"] == on_time,
        )


async def inbox_subjects(portal: Portal, role: str, unit: str) -> list[str]:
    """The subjects of the messages in a role's inbox at a unit."""
    async with service(portal, "notify") as notify:
        page = ok(await notify.get("/inbox?limit=100", headers=bearer(portal.token(role, unit))))
    return [str(m["subject"]) for m in page["items"]]
