"""A document sent again under one Idempotency-Key (a double click) is listed once; another is refused."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import date
from typing import Any

import httpx
import pytest

from emutrack_kit_testing.helpers import bearer
from registration.domain.rounds import Round, end_of_day
from registration.usecases import seeding

ROUND = "kt-2020-q-thanh-xuan-retries"
PDF = b"%PDF-1.7\n" + "Báo cáo thành tích của Phường Hạ Đình".encode() + b"\n%%EOF"
OTHER_PDF = b"%PDF-1.7\n" + "Một báo cáo khác".encode() + b"\n%%EOF"


@pytest.fixture
async def dossier_id(deps: Any, http: httpx.AsyncClient, token: Any) -> str:
    await seeding.open_round(
        deps,
        Round(
            ROUND, "Khen thưởng năm 2020 (gửi lại tài liệu)", "nomination", 2020, "q-thanh-xuan",
            "Quận Thanh Xuân", date(2020, 1, 22), end_of_day(date(2020, 12, 15)), award_kind="annual_merit",
        ),
    )  # fmt: skip
    body = {
        "round_id": ROUND, "unit_id": "p-ha-dinh", "subject": {"kind": "collective"},
        "award_code": "giay_khen", "dossier_kind": "annual_merit",
        "summary": "Hoàn thành xuất sắc nhiệm vụ năm 2020.",
    }  # fmt: skip
    drafted = await http.post("/dossiers", json=body, headers=bearer(token("unit_officer", "p-ha-dinh")))
    assert drafted.status_code == 201, drafted.text
    return str(drafted.json()["dossier_id"])


async def _attach(
    http: httpx.AsyncClient, token: Any, dossier_id: str, content: bytes, key: str | None
) -> httpx.Response:
    headers = bearer(token("unit_officer", "p-ha-dinh"))
    if key:
        headers["Idempotency-Key"] = key
    return await http.post(
        f"/dossiers/{dossier_id}/attachments",
        data={"kind": "achievement_report"},
        files={"file": ("bao-cao.pdf", content, "application/pdf")},
        headers=headers,
    )


async def test_a_document_sent_twice_under_one_key_is_listed_and_stored_once(
    http: httpx.AsyncClient, token: Any, dossier_id: str, mongo: Any, namespace: str
) -> None:
    first = await _attach(http, token, dossier_id, OTHER_PDF, "tai-lieu-0")
    assert first.status_code == 201, first.text
    both = await asyncio.gather(*(_attach(http, token, dossier_id, PDF, "tai-lieu-1") for _ in range(2)))
    assert [r.status_code for r in both] == [201, 201], [r.text for r in both]
    again = await _attach(http, token, dossier_id, PDF, "tai-lieu-1")
    assert again.status_code == 201, again.text
    listed = again.json()["attachments"]
    assert [a["sha256"] for a in listed] == [hashlib.sha256(d).hexdigest() for d in (OTHER_PDF, PDF)]
    assert "request_id" not in listed[1], "the key stays the server's"
    db = mongo[f"{namespace}_registration"]
    assert await db["attachments.files"].count_documents({}) == 2, "the retry's bytes are not kept"

    reused = await _attach(http, token, dossier_id, OTHER_PDF, "tai-lieu-1")
    assert (reused.status_code, reused.json()["error"]["code"]) == (422, "IDEMPOTENCY_KEY_REUSED")
    another = await _attach(http, token, dossier_id, PDF, "tai-lieu-2")
    unkeyed = await _attach(http, token, dossier_id, PDF, None)
    assert (another.status_code, unkeyed.status_code) == (201, 201)
    assert len(unkeyed.json()["attachments"]) == 4, "without a key, or under a new one, a document is added"
    assert await db["attachments.files"].count_documents({}) == 4
