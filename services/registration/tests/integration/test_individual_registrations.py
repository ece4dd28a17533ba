"""A unit's list of people: XLSX template, all-or-nothing upload with row errors, export."""

from __future__ import annotations

import io
from typing import Any

import httpx
from openpyxl import Workbook, load_workbook

from emutrack_kit_testing.helpers import bearer, eventually
from emutrack_kit_testing.processes import Slice

LIST = "/rounds/dk-2020-q-thanh-xuan/units/p-kim-giang/individual-registrations"
PEOPLE = [
    ("Nguyễn Thị Thịnh", "12/03/1985", "Nữ", "Công chức Văn phòng - Thống kê", "Lao động tiên tiến"),
    ("Trần Văn Đức", "01/09/1979", "Nam", "Phó Chủ tịch UBND phường", "Chiến sĩ thi đua cơ sở"),
    ("Lê Thị Hồng Nhung", None, "nữ", "Cán bộ Tư pháp - Hộ tịch", "lao dong tien tien"),
]


async def _template(http: httpx.AsyncClient, token: Any) -> Workbook:
    response = await http.get(
        "/templates/individual-registrations.xlsx", headers=bearer(token("unit_officer", "p-kim-giang"))
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def _filled(book: Workbook, rows: list[tuple[Any, ...]]) -> bytes:
    sheet = book.worksheets[0]
    for i, row in enumerate(rows, start=1):
        sheet.append([i, *row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


async def _upload(
    http: httpx.AsyncClient, token: Any, content: bytes, unit: str = "p-kim-giang"
) -> httpx.Response:
    return await http.post(
        f"{LIST}/xlsx",
        files={
            "file": (
                "dang-ky.xlsx",
                content,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        },
        headers=bearer(token("unit_officer", unit)),
    )


async def test_the_template_has_vietnamese_headers(http: httpx.AsyncClient, token: Any) -> None:
    sheet = (await _template(http, token)).worksheets[0]
    assert [c.value for c in sheet[3]] == [
        "STT",
        "Họ và tên",
        "Ngày sinh (dd/mm/yyyy)",
        "Giới tính (Nam/Nữ)",
        "Chức vụ, đơn vị công tác",
        "Danh hiệu đăng ký",
    ]
    assert sheet["A1"].value == "DANH SÁCH ĐĂNG KÝ DANH HIỆU THI ĐUA CÁ NHÂN"


async def test_a_filled_template_is_accepted_whole_and_published_with_its_counts(
    http: httpx.AsyncClient, token: Any, mongo: Any, namespace: str
) -> None:
    response = await _upload(http, token, _filled(await _template(http, token), PEOPLE))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["version"] == 1
    assert body["counts_by_title"] == {"lao_dong_tien_tien": 2, "chien_si_thi_dua_co_so": 1}
    assert [p["full_name"] for p in body["people"]] == [p[0] for p in PEOPLE]
    assert body["people"][2]["gender"] == "nữ"
    stored = await mongo[f"{namespace}_registration"]["individual_lists"].find_one(
        {"_id": "dk-2020-q-thanh-xuan|p-kim-giang"}
    )
    [entry] = stored["_outbox"]
    assert entry["envelope"]["event_type"] == "individual_registrations.submitted"
    assert len(entry["envelope"]["payload"]["people"]) == 3


async def test_any_bad_row_refuses_the_whole_sheet_with_row_by_row_errors(
    http: httpx.AsyncClient, token: Any, mongo: Any, namespace: str
) -> None:
    rows = [
        *PEOPLE,
        ("Nguyễn Thị Thịnh", "12/03/1985", "Nữ", "Trùng người", "Lao động tiên tiến"),
        (None, "01/01/1990", "Nam", "Thiếu tên", "Lao động tiên tiến"),
        ("Phạm Văn An", "31/02/1990", "Nam", "Ngày sai", "Lao động tiên tiến"),
        ("Hoàng Minh", "01/01/1990", "Khác", "Giới tính sai", "Huân chương Lao động"),
    ]
    response = await _upload(http, token, _filled(await _template(http, token), rows))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "INVALID_ROWS"
    found = {(e["row"], e["column"]) for e in error["details"]["errors"]}
    assert found == {
        (7, "Họ và tên"),
        (8, "Họ và tên"),
        (9, "Ngày sinh (dd/mm/yyyy)"),
        (10, "Giới tính (Nam/Nữ)"),
        (10, "Danh hiệu đăng ký"),
    }
    duplicate = next(e for e in error["details"]["errors"] if e["row"] == 7)
    assert duplicate["message"] == "'Nguyễn Thị Thịnh' trùng với dòng 4 trong cùng danh sách."
    assert await mongo[f"{namespace}_registration"]["individual_lists"].count_documents({}) == 0


async def test_a_file_that_is_not_a_spreadsheet_or_too_large_is_refused(
    http: httpx.AsyncClient, token: Any
) -> None:
    fake = await _upload(http, token, b"%PDF-1.7 not a spreadsheet")
    assert (fake.status_code, fake.json()["error"]["code"]) == (422, "NOT_A_SPREADSHEET")
    big = await _upload(http, token, b"PK\x03\x04" + b"0" * (5 * 1024 * 1024 + 10))
    assert (big.status_code, big.json()["error"]["code"]) == (413, "FILE_TOO_LARGE")
    other = Workbook()
    other.worksheets[0].append(["Tên", "Ghi chú"])
    buffer = io.BytesIO()
    other.save(buffer)
    wrong = await _upload(http, token, buffer.getvalue())
    assert (wrong.status_code, wrong.json()["error"]["code"]) == (422, "WRONG_TEMPLATE")


async def test_a_new_list_replaces_the_old_one_and_exports_back_to_xlsx(
    http: httpx.AsyncClient, token: Any
) -> None:
    headers = bearer(token("unit_officer", "p-kim-giang"))
    first = await http.put(
        LIST,
        json={"people": [{"full_name": "Nguyễn Thị Thịnh", "title": "Lao động tiên tiến"}]},
        headers=headers,
    )
    assert first.status_code == 200, first.text
    people = [
        dict(zip(["full_name", "birth_date", "gender", "position", "title"], p, strict=True)) for p in PEOPLE
    ]
    second = await http.put(LIST, json={"people": people}, headers=headers)
    assert (second.json()["version"], len(second.json()["people"])) == (2, 3)
    export = await http.get(f"{LIST}.xlsx", headers=bearer(token("standing_office", "q-thanh-xuan")))
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).worksheets[0]
    assert [sheet.cell(row=r, column=2).value for r in (4, 5, 6)] == [p[0] for p in PEOPLE]
    assert sheet.cell(row=4, column=3).value == "12/03/1985"


async def test_another_ward_cannot_submit_or_read_the_list_and_the_deadline_applies(
    http: httpx.AsyncClient, token: Any, clock: Any
) -> None:
    body = {"people": [{"full_name": "Nguyễn Thị Thịnh", "title": "Lao động tiên tiến"}]}
    assert (
        await http.put(LIST, json=body, headers=bearer(token("unit_officer", "p-khuong-dinh")))
    ).status_code == 403
    assert (await http.get(LIST, headers=bearer(token("unit_officer", "p-khuong-dinh")))).status_code == 403
    assert (await http.put(LIST, json=body)).status_code == 401
    from datetime import UTC, datetime

    clock.now = datetime(2020, 2, 6, 2, 0, tzinfo=UTC)
    late = await http.put(LIST, json=body, headers=bearer(token("unit_officer", "p-kim-giang")))
    assert (late.status_code, late.json()["error"]["code"]) == (409, "DEADLINE_PASSED")


async def test_people_are_found_without_accents_or_case_within_the_callers_reach(
    http: httpx.AsyncClient, token: Any, indexer: Slice
) -> None:
    people = [
        dict(zip(["full_name", "birth_date", "gender", "position", "title"], p, strict=True)) for p in PEOPLE
    ]
    assert (
        await http.put(LIST, json={"people": people}, headers=bearer(token("unit_officer", "p-kim-giang")))
    ).status_code == 200
    other_list = "/rounds/dk-2020-q-thanh-xuan/units/p-khuong-dinh/individual-registrations"
    body = {
        "people": [
            {"full_name": "Nguyễn Thị Thịnh", "birth_date": "02/02/1990", "title": "Lao động tiên tiến"}
        ]
    }
    assert (
        await http.put(other_list, json=body, headers=bearer(token("unit_officer", "p-khuong-dinh")))
    ).status_code == 200

    district = bearer(token("standing_office", "q-thanh-xuan"))

    async def search(q: str) -> dict[str, Any]:
        return dict((await http.get("/people", params={"q": q}, headers=district)).json())

    # The search index is kept by the consumer from the lists' events: eventually consistent.
    found = await eventually(lambda: search("nguyen thi thinh"), lambda page: page["total"] == 2)
    assert {(p["full_name"], p["unit_id"]) for p in found["items"]} == {
        ("Nguyễn Thị Thịnh", "p-kim-giang"),
        ("Nguyễn Thị Thịnh", "p-khuong-dinh"),
    }
    assert (await http.get("/people?q=NGUYỄN THỊ THỊNH&unit_id=p-khuong-dinh", headers=district)).json()[
        "total"
    ] == 1
    assert (await http.get("/people?q=duc&title_code=chien_si_thi_dua_co_so", headers=district)).json()[
        "items"
    ][0]["full_name"] == "Trần Văn Đức"
    ward = (await http.get("/people?q=thinh", headers=bearer(token("unit_officer", "p-kim-giang")))).json()
    assert [p["unit_id"] for p in ward["items"]] == ["p-kim-giang"]
    assert (await http.get("/people?q=thinh", headers=bearer(token("viewer", "q-hoang-mai")))).json()[
        "total"
    ] == 0
