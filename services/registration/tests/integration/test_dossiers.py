"""Nomination dossiers: drafts, documents checked by content and kept in GridFS, submission."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest

from emutrack_kit_testing.helpers import bearer
from registration.domain.rounds import Round, end_of_day
from registration.usecases import seeding

ROUND = "kt-2020-q-thanh-xuan"
PDF = b"%PDF-1.7\n" + "Báo cáo thành tích của Phường Kim Giang".encode() + b"\n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document>Biên bản họp Hội đồng</w:document>")
    return buffer.getvalue()


@pytest.fixture
async def nomination_round(deps: Any) -> str:
    await seeding.open_round(
        deps,
        Round(
            ROUND,
            "Khen thưởng tổng kết năm 2020",
            "nomination",
            2020,
            "q-thanh-xuan",
            "Quận Thanh Xuân",
            date(2020, 1, 22),
            end_of_day(date(2020, 12, 15)),
        ),
    )
    return ROUND


async def _draft(http: httpx.AsyncClient, token: Any, **subject: Any) -> dict[str, Any]:
    body = {
        "round_id": ROUND,
        "unit_id": "p-kim-giang",
        "subject": subject or {"kind": "collective"},
        "award_code": "bang_khen_thanh_pho",
        "dossier_kind": "annual_merit",
        "summary": "Hoàn thành xuất sắc nhiệm vụ năm 2020, dẫn đầu Cụm thi đua số 2.",
    }
    response = await http.post("/dossiers", json=body, headers=bearer(token("unit_officer", "p-kim-giang")))
    assert response.status_code == 201, response.text
    return dict(response.json())


async def _attach(
    http: httpx.AsyncClient, token: Any, dossier_id: str, kind: str, name: str, content: bytes
) -> httpx.Response:
    return await http.post(
        f"/dossiers/{dossier_id}/attachments",
        data={"kind": kind},
        files={"file": (name, content, "application/octet-stream")},
        headers=bearer(token("unit_officer", "p-kim-giang")),
    )


async def test_documents_are_checked_kept_with_a_checksum_and_downloaded_unchanged(
    http: httpx.AsyncClient, token: Any, nomination_round: str
) -> None:
    dossier = await _draft(http, token)
    assert (dossier["status"], [h["status"] for h in dossier["history"]]) == ("draft", ["draft"])
    response = await _attach(
        http, token, dossier["dossier_id"], "achievement_report", "Báo cáo thành tích.pdf", PDF
    )
    assert response.status_code == 201, response.text
    [stored] = response.json()["attachments"]
    assert (stored["file_type"], stored["sha256"], stored["size"]) == (
        "pdf",
        hashlib.sha256(PDF).hexdigest(),
        len(PDF),
    )
    assert stored["filename"] == "Báo cáo thành tích.pdf"
    download = await http.get(
        f"/dossiers/{dossier['dossier_id']}/attachments/{stored['attachment_id']}",
        headers=bearer(token("standing_office", "q-thanh-xuan")),
    )
    assert (download.status_code, download.content) == (200, PDF)
    assert download.headers["content-type"] == "application/pdf"


async def test_a_file_that_is_not_what_its_extension_says_or_too_big_is_refused_and_nothing_is_stored(
    http: httpx.AsyncClient, token: Any, nomination_round: str, mongo: Any, namespace: str
) -> None:
    dossier_id = (await _draft(http, token))["dossier_id"]
    mismatch = await _attach(http, token, dossier_id, "achievement_report", "bao-cao.pdf", PNG)
    assert (mismatch.status_code, mismatch.json()["error"]["code"]) == (422, "FILE_EXTENSION_MISMATCH")
    exe = await _attach(http, token, dossier_id, "other", "setup.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    assert (exe.status_code, exe.json()["error"]["code"]) == (422, "FILE_TYPE_NOT_ALLOWED")
    big = await _attach(http, token, dossier_id, "other", "lon.pdf", PDF + b"0" * (20 * 1024 * 1024))
    assert (big.status_code, big.json()["error"]["code"]) == (413, "FILE_TOO_LARGE")
    unknown = await _attach(http, token, dossier_id, "anh_dep", "a.png", PNG)
    assert (unknown.status_code, unknown.json()["error"]["field"]) == (422, "kind")
    db = mongo[f"{namespace}_registration"]
    assert (await db["dossiers"].find_one({"_id": dossier_id}))["attachments"] == []
    assert await db["attachments.files"].count_documents({}) == 0


async def test_submission_needs_the_report_and_minutes_then_publishes_and_freezes_the_dossier(
    http: httpx.AsyncClient, token: Any, nomination_round: str, mongo: Any, namespace: str
) -> None:
    dossier_id = (await _draft(http, token))["dossier_id"]
    await _attach(http, token, dossier_id, "achievement_report", "bao-cao.pdf", PDF)
    officer = bearer(token("unit_officer", "p-kim-giang"))
    incomplete = await http.post(f"/dossiers/{dossier_id}/submit", headers=officer)
    assert incomplete.status_code == 422
    assert incomplete.json()["error"]["message"] == "Hồ sơ còn thiếu: Biên bản họp Hội đồng TĐKT."
    assert (
        await _attach(http, token, dossier_id, "council_minutes", "bien-ban.docx", _docx())
    ).status_code == 201
    submitted = await http.post(f"/dossiers/{dossier_id}/submit", headers=officer)
    assert submitted.status_code == 200, submitted.text
    assert [h["status"] for h in submitted.json()["history"]] == ["draft", "submitted"]
    late_add = await _attach(http, token, dossier_id, "other", "anh.png", PNG)
    assert (late_add.status_code, late_add.json()["error"]["code"]) == (409, "DOSSIER_NOT_EDITABLE")
    doc = await mongo[f"{namespace}_registration"]["dossiers"].find_one({"_id": dossier_id})
    [entry] = doc["_outbox"]
    assert entry["envelope"]["event_type"] == "nomination.submitted"
    assert [a["kind"] for a in entry["envelope"]["payload"]["attachments"]] == [
        "achievement_report",
        "council_minutes",
    ]
    assert await mongo[f"{namespace}_registration"]["attachments.files"].count_documents({}) == 2


async def test_subjects_and_awards_are_checked_and_other_wards_cannot_touch_the_dossier(
    http: httpx.AsyncClient, token: Any, nomination_round: str, clock: Any
) -> None:
    headers = bearer(token("unit_officer", "p-kim-giang"))
    base = {
        "round_id": ROUND,
        "unit_id": "p-kim-giang",
        "dossier_kind": "annual_merit",
        "summary": "Thành tích xuất sắc năm 2020.",
    }
    no_name = await http.post(
        "/dossiers",
        json={**base, "subject": {"kind": "individual"}, "award_code": "giay_khen"},
        headers=headers,
    )
    assert (no_name.status_code, no_name.json()["error"]["field"]) == (422, "subject.full_name")
    flag = await http.post(
        "/dossiers",
        json={
            **base,
            "subject": {"kind": "individual", "full_name": "Nguyễn Thị Thịnh"},
            "award_code": "co_thi_dua_thanh_pho",
        },
        headers=headers,
    )
    assert (flag.status_code, flag.json()["error"]["code"]) == (422, "AWARD_NOT_FOR_SUBJECT")
    person = await _draft(
        http, token, kind="individual", full_name="Nguyễn Thị Thịnh", position="Công chức Tư pháp"
    )
    assert person["subject_name"] == "Nguyễn Thị Thịnh"
    other = bearer(token("unit_officer", "p-khuong-dinh"))
    assert (await http.get(f"/dossiers/{person['dossier_id']}", headers=other)).status_code == 403
    assert (await http.post(f"/dossiers/{person['dossier_id']}/submit", headers=other)).status_code == 403
    assert (
        await http.post(
            "/dossiers",
            json={**base, "subject": {"kind": "collective"}, "award_code": "giay_khen"},
            headers=other,
        )
    ).status_code == 403
    clock.now = datetime(2020, 12, 16, 3, 0, tzinfo=UTC)
    await _attach(http, token, person["dossier_id"], "achievement_report", "a.pdf", PDF)
    await _attach(http, token, person["dossier_id"], "council_minutes", "b.docx", _docx())
    late = await http.post(f"/dossiers/{person['dossier_id']}/submit", headers=headers)
    assert (late.status_code, late.json()["error"]["code"]) == (409, "DEADLINE_PASSED")
    assert "15/12/2020" in late.json()["error"]["message"]


async def test_a_dossier_links_initiatives_and_prior_awards_once_per_idempotency_key(
    http: httpx.AsyncClient, token: Any, nomination_round: str, clock: Any, mongo: Any, namespace: str
) -> None:
    officer = bearer(token("unit_officer", "p-kim-giang"))
    clock.now = datetime(2020, 5, 4, 3, 0, tzinfo=UTC)  # the initiative round of May 2020 is open
    initiative = await http.post(
        "/rounds/sk-2020-2-q-thanh-xuan/initiatives",
        json={
            "unit_id": "p-kim-giang",
            "title": "Số hóa sổ hộ tịch bằng mã QR",
            "field": "Cải cách hành chính",
            "authors": [{"full_name": "Nguyễn Thị Thịnh"}],
            "recognition_level": "cap_huyen",
            "applied_since": "2020-01-02",
            "summary": "Gắn mã QR cho sổ hộ tịch.",
            "benefits": "Tra cứu nhanh.",
        },
        headers=officer,
    )
    assert initiative.status_code == 201, initiative.text
    body = {
        "round_id": nomination_round,
        "unit_id": "p-kim-giang",
        "subject": {"kind": "individual", "full_name": "Nguyễn Thị Thịnh", "position": "Công chức Tư pháp"},
        "award_code": "chien_si_thi_dua_co_so",
        "dossier_kind": "annual_merit",
        "summary": "Hoàn thành xuất sắc nhiệm vụ, có sáng kiến cấp quận.",
        "initiative_ids": [initiative.json()["submission_id"]],
        "prior_awards": [{"name": "Lao động tiên tiến", "year": 2019, "decision_number": "15/QĐ-UBND"}],
    }
    headers = {**officer, "Idempotency-Key": "hs-thinh-2020"}
    first = await http.post("/dossiers", json=body, headers=headers)
    assert first.status_code == 201, first.text
    again = await http.post("/dossiers", json=body, headers=headers)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["dossier_id"] == first.json()["dossier_id"]
    assert first.json()["initiatives"][0]["title"] == "Số hóa sổ hộ tịch bằng mã QR"
    assert first.json()["prior_awards"] == [
        {"name": "Lao động tiên tiến", "year": 2019, "decision_number": "15/QĐ-UBND"}
    ]
    assert await mongo[f"{namespace}_registration"]["dossiers"].count_documents({}) == 1
    reused = await http.post(
        "/dossiers", json={**body, "summary": "Một hồ sơ khác hẳn, cùng khóa."}, headers=headers
    )
    assert reused.status_code == 422
    assert reused.json()["error"]["code"] == "IDEMPOTENCY_KEY_REUSED"

    district = bearer(token("standing_office", "q-thanh-xuan"))
    listed = (await http.get("/dossiers?q=nguyen thi thinh&year=2020", headers=district)).json()
    assert [i["dossier_id"] for i in listed["items"]] == [first.json()["dossier_id"]]
    assert (await http.get("/dossiers?unit_id=p-khuong-dinh", headers=district)).json()["total"] == 0
    assert (await http.get("/dossiers", headers=bearer(token("unit_officer", "p-khuong-dinh")))).json()[
        "total"
    ] == 0
    exported = await http.get("/dossiers.xlsx", headers=district)
    assert exported.status_code == 200
    assert "Chiến sĩ thi đua cơ sở".encode() not in exported.content  # compressed XLSX, read it properly:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(exported.content)).active
    assert sheet["C4"].value == "Nguyễn Thị Thịnh"
    assert sheet["D4"].value == "Chiến sĩ thi đua cơ sở"


async def test_bad_links_and_kinds_are_refused_with_the_field(
    http: httpx.AsyncClient, token: Any, nomination_round: str, mongo: Any, namespace: str
) -> None:
    officer = bearer(token("unit_officer", "p-kim-giang"))
    body = {
        "round_id": nomination_round,
        "unit_id": "p-kim-giang",
        "subject": {"kind": "collective"},
        "award_code": "bang_khen_thanh_pho",
        "dossier_kind": "annual_merit",
        "summary": "Hoàn thành xuất sắc nhiệm vụ năm 2020.",
    }
    cases = [
        ({"initiative_ids": ["sk-khong-co"]}, "UNKNOWN_INITIATIVE", "initiative_ids[0]"),
        ({"prior_awards": [{"name": "Bằng khen", "year": 1900}]}, "BAD_AWARD_YEAR", "prior_awards[0].year"),
    ]
    for change, code, field in cases:
        response = await http.post("/dossiers", json={**body, **change}, headers=officer)
        assert response.status_code == 422, response.text
        assert (response.json()["error"]["code"], response.json()["error"]["field"]) == (code, field)
    by_phase_round = await http.post(
        "/dossiers", json={**body, "round_id": "kt-dot-2020-q-thanh-xuan-cao-diem"}, headers=officer
    )
    assert by_phase_round.json()["error"]["code"] == "KIND_NOT_IN_ROUND"
    assert "Theo đợt, chuyên đề" in by_phase_round.json()["error"]["message"]
    assert await mongo[f"{namespace}_registration"]["dossiers"].count_documents({}) == 0
