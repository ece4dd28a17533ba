"""Journey 1b's test helpers (no tests here): its own rounds and dossiers through the APIs, files, a drop."""

from __future__ import annotations

import base64
import hashlib
import io
import uuid
import zipfile
from datetime import datetime
from typing import Any

import httpx
from playwright.async_api import Page

from emutrack_kit.clock import HANOI
from emutrack_kit_testing.helpers import bearer, eventually
from tests.journeys.conftest import Portal

PDF = b"%PDF-1.7\n" + "Báo cáo thành tích năm 2020 của phường".encode() + b"\n%%EOF"
SIGNED_PDF = b"%PDF-1.7\n" + "Báo cáo thành tích đã có chữ ký của Chủ tịch UBND phường".encode() + b"\n%%EOF"
WAIT = 60_000  # ms: how long a page may take to answer on a loaded machine (a bound, not an assertion)
SUMMARY = "Hoàn thành xuất sắc nhiệm vụ năm 2020, dẫn đầu phong trào cải cách hành chính của quận."


def docx() -> bytes:
    """A small Word document (registration recognises it by the parts inside the zip)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:  # dated, so that each call gives the same bytes (and checksum)
        z.writestr(zipfile.ZipInfo("[Content_Types].xml", (2021, 1, 5, 8, 0, 0)), "<Types/>")
        body = "<w:document>Biên bản họp Hội đồng thi đua, khen thưởng</w:document>"
        z.writestr(zipfile.ZipInfo("word/document.xml", (2021, 1, 5, 8, 0, 0)), body)
    return buffer.getvalue()


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def hanoi(moment: str) -> str:
    """An API moment as the pages show it: dd/mm/yyyy HH:mm in Hà Nội time."""
    return datetime.fromisoformat(moment).astimezone(HANOI).strftime("%d/%m/%Y %H:%M")


def office(portal: Portal) -> dict[str, str]:
    return bearer(portal.token("standing_office", "q-thanh-xuan"))


def officer(portal: Portal, unit: str, username: str) -> dict[str, str]:
    """The person's own bindings as a local token: what the API records is by that person."""
    return bearer(portal.token("unit_officer", unit, subject=username))


async def open_round(portal: Portal, label: str, award_kind: str = "annual_merit") -> tuple[str, str]:
    """A nomination round of Quận Thanh Xuân of this journey's own (a 2020 round: the slice's tree)."""
    name = f"Xét khen thưởng hồ sơ 1b — {label} {uuid.uuid4().hex[:4]}"
    body = {
        "receiving_unit_id": "q-thanh-xuan", "name": name, "kind": "nomination", "award_kind": award_kind,
        "year": 2020, "opened_on": "2020-11-15", "deadline": "2099-12-31",
    }  # fmt: skip
    async with httpx.AsyncClient(base_url=portal.slice.url("registration-http"), timeout=20) as api:
        opened = await api.post(
            "/rounds", json=body, headers={**office(portal), "Idempotency-Key": uuid.uuid4().hex}
        )
    assert opened.status_code == 201, opened.text
    return str(opened.json()["round_id"]), name


async def prepare_dossier(
    portal: Portal, round_id: str, unit: str, username: str, *, subject: dict[str, Any], submit: bool
) -> str:
    """A dossier with its two required documents, drafted (and sent) by the person through the API."""
    headers = officer(portal, unit, username)
    award = "chien_si_thi_dua_co_so" if subject["kind"] == "individual" else "giay_khen"
    body = {
        "round_id": round_id, "unit_id": unit, "subject": subject, "award_code": award,
        "dossier_kind": "annual_merit", "summary": SUMMARY,
    }  # fmt: skip
    async with httpx.AsyncClient(base_url=portal.slice.url("registration-http"), timeout=20) as api:
        drafted = await api.post("/dossiers", json=body, headers=headers)
        assert drafted.status_code == 201, drafted.text
        dossier_id = str(drafted.json()["dossier_id"])
        for kind, name, content in (
            ("achievement_report", "bao-cao.pdf", PDF),
            ("council_minutes", "bb.docx", docx()),
        ):
            files = {"file": (name, content, "application/octet-stream")}
            attached = await api.post(
                f"/dossiers/{dossier_id}/attachments", data={"kind": kind}, files=files, headers=headers
            )
            assert attached.status_code == 201, attached.text
        if submit:
            sent = await api.post(f"/dossiers/{dossier_id}/submit", headers=headers)
            assert sent.status_code == 200, sent.text
    return dossier_id


async def dossier(portal: Portal, dossier_id: str) -> dict[str, Any]:
    """The dossier as registration holds it (read as the district's standing office)."""
    async with httpx.AsyncClient(base_url=portal.slice.url("registration-http"), timeout=20) as api:
        response = await api.get(f"/dossiers/{dossier_id}", headers=office(portal))
    assert response.status_code == 200, response.text
    return dict(response.json())


async def dossier_when(portal: Portal, dossier_id: str, accept: Any) -> dict[str, Any]:
    """The dossier once `accept` holds (review's steps reach it through Kafka)."""
    return await eventually(lambda: dossier(portal, dossier_id), accept, timeout=120)


async def drop(page: Page, name: str, content: bytes, media_type: str = "application/pdf") -> None:
    """Drag a file from the desktop onto the drop zone (the events a browser fires for a real drop)."""
    await page.evaluate(
        """([name, data, type]) => {
            const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name, { type }));
            const zone = document.getElementById("dropzone");
            for (const kind of ["dragenter", "dragover", "drop"]) {
                const init = { dataTransfer: transfer, bubbles: true, cancelable: true };
                zone.dispatchEvent(new DragEvent(kind, init));
            }
        }""",
        [name, base64.b64encode(content).decode(), media_type],
    )


async def no_overflow(page: Page) -> bool:
    return bool(await page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))
