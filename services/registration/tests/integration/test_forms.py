"""Form 1, Form 2 and emulation models: XLSX templates, uploads, JSON, exports, on the real database."""

from __future__ import annotations

import io
import unicodedata
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from emutrack_kit_testing.helpers import bearer

FIVE_YEAR = "dk-dh-2021-2025-q-hoang-mai"
FORM1 = f"/rounds/{FIVE_YEAR}/units/p-dai-kim/forms/collective-exemplars"
FORM2 = f"/rounds/{FIVE_YEAR}/units/p-dai-kim/forms/individual-exemplars"
MODELS = "/rounds/dk-2020-q-thanh-xuan/units/p-kim-giang/forms/emulation-models"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def in_five_year_round(clock: Any) -> None:
    clock.now = datetime(2021, 3, 10, 3, 0, tzinfo=UTC)


def dai_kim(token: Any) -> dict[str, str]:
    return bearer(token("unit_officer", "p-dai-kim"))


def fill(template: bytes, rows: list[list[Any]]) -> bytes:
    book = load_workbook(io.BytesIO(template))
    sheet = book.active
    for offset, values in enumerate(rows):
        for col, value in enumerate(values, start=1):
            sheet.cell(row=7 + offset, column=col, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


FORM1_ROWS = [
    [
        1,
        "Tổ dân phố số 5",
        "Tự quản khu dân cư",
        "Mô hình “Tuyến phố văn minh”",
        "2021 - 2025",
        "Hộ gia đình trên tuyến phố",
        "Nhân rộng ra 10 tổ dân phố",
        "Bằng khen của Chủ tịch UBND Thành phố; Cờ thi đua Thành phố",
    ],
    [
        2,
        "Trường Mầm non Đại Kim",
        "Giáo dục mầm non",
        "Trường học xanh",
        "2022 - 2024",
        "",
        "",
        "Huân chương Lao động hạng Ba",
    ],
]


async def test_form1_template_upload_and_export_round_trip(
    http: httpx.AsyncClient, token: Any, mongo: Any, namespace: str, in_five_year_round: None
) -> None:
    template = await http.get(
        f"/templates/forms/collective-exemplars.xlsx?round_id={FIVE_YEAR}", headers=dai_kim(token)
    )
    assert template.status_code == 200
    assert template.headers["content-type"] == XLSX
    sheet = load_workbook(io.BytesIO(template.content)).active
    assert sheet["A2"].value == "Mẫu 1"
    assert sheet["A3"].value == "ĐĂNG KÝ GƯƠNG ĐIỂN HÌNH TIÊN TIẾN ĐỐI VỚI TẬP THỂ GIAI ĐOẠN 2021 - 2025"
    assert sheet["D5"].value == "Đăng ký mô hình, chuyên đề thi đua tiêu biểu"
    assert sheet["D6"].value == "Tên mô hình, chuyên đề"
    assert "giai đoạn 2021 - 2025" in sheet["H5"].value

    uploaded = await http.post(
        FORM1 + "/xlsx",
        files={"file": ("mau1.xlsx", fill(template.content, FORM1_ROWS), XLSX)},
        headers=dai_kim(token),
    )
    assert uploaded.status_code == 200, uploaded.text
    body = uploaded.json()
    assert body["version"] == 1
    assert [r["collective_name"] for r in body["rows"]] == ["Tổ dân phố số 5", "Trường Mầm non Đại Kim"]
    assert [a["code"] for a in body["rows"][0]["target_awards"]] == [
        "bang_khen_thanh_pho",
        "co_thi_dua_thanh_pho",
    ]

    stored = await mongo[f"{namespace}_registration"]["form_lists"].find_one(
        {"_id": f"collective-exemplars|{FIVE_YEAR}|p-dai-kim"}
    )
    [entry] = stored["_outbox"]
    payload = entry["envelope"]["payload"]
    assert entry["envelope"]["event_type"] == "registration_form.submitted"
    assert (payload["period_from_year"], payload["period_to_year"]) == (2021, 2025)
    assert payload["rows"][1]["target_awards"] == [
        {"code": "huan_chuong_lao_dong_hang_ba", "name": "Huân chương Lao động hạng Ba"}
    ]

    exported = await http.get(FORM1 + ".xlsx", headers=bearer(token("standing_office", "q-hoang-mai")))
    assert exported.status_code == 200
    sheet = load_workbook(io.BytesIO(exported.content)).active
    assert sheet["A1"].value == "TÊN ĐƠN VỊ: Phường Đại Kim"
    assert sheet["B7"].value == "Tổ dân phố số 5"
    assert sheet["H7"].value == "Bằng khen của Chủ tịch UBND Thành phố; Cờ thi đua Thành phố"
    assert "Thủ trưởng đơn vị" in [c.value for row in sheet.iter_rows(min_row=9) for c in row]

    again = await http.post(
        FORM1 + "/xlsx", files={"file": ("lai.xlsx", exported.content, XLSX)}, headers=dai_kim(token)
    )
    assert again.status_code == 200, again.text
    assert again.json()["version"] == 2
    assert again.json()["rows"] == body["rows"]


async def test_a_bad_form_is_refused_row_by_row_and_nothing_is_stored(
    http: httpx.AsyncClient, token: Any, mongo: Any, namespace: str, in_five_year_round: None
) -> None:
    template = await http.get(
        f"/templates/forms/collective-exemplars.xlsx?round_id={FIVE_YEAR}", headers=dai_kim(token)
    )
    bad = [
        [1, "Tổ dân phố số 5", "", "", "", "", "", "Bằng khen của Chủ tịch UBND Thành phố"],
        [2, "Tổ dân phố số 7", "", "Mô hình A", "", "", "", "Huy chương vàng Olympic"],
        [3, "Tổ dân phố số 7", "", "Mô hình A", "", "", "", "Cờ thi đua Thành phố"],
        [4, "Tổ dân phố số 7", "", "Mô hình A", "", "", "", "Cờ thi đua Thành phố"],
    ]
    response = await http.post(
        FORM1 + "/xlsx",
        files={"file": ("mau1.xlsx", fill(template.content, bad), XLSX)},
        headers=dai_kim(token),
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "INVALID_ROWS"
    problems = {(e["row"], e["column"]): e["message"] for e in error["details"]["errors"]}
    assert problems[(7, "Tên mô hình, chuyên đề")] == "Thiếu 'Tên mô hình, chuyên đề'."
    awards_column = next(c for (r, c) in problems if r == 8)
    assert awards_column.startswith("Đăng ký danh hiệu thi đua")
    assert "Huy chương vàng Olympic" in problems[(8, awards_column)]
    assert problems[(10, "Tên tập thể")] == "Trùng với dòng 9 trong cùng mẫu."
    assert await mongo[f"{namespace}_registration"]["form_lists"].count_documents({}) == 0

    wrong = await http.post(
        FORM1 + "/xlsx",
        files={
            "file": (
                "mau2.xlsx",
                (
                    await http.get("/templates/forms/individual-exemplars.xlsx", headers=dai_kim(token))
                ).content,
                XLSX,
            )
        },
        headers=dai_kim(token),
    )
    assert wrong.status_code == 422
    assert wrong.json()["error"]["code"] == "WRONG_TEMPLATE"


async def test_form2_as_json_stores_nfc_and_checks_awards_for_people(
    http: httpx.AsyncClient, token: Any, in_five_year_round: None
) -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Thịnh")
    row = {
        "full_name": decomposed,
        "position_unit": "Công chức Văn hóa - Xã hội, UBND phường Đại Kim",
        "exemplary_field": "Lao động",
        "model_name": "Số hóa hồ sơ hộ tịch",
        "target_awards": "chien_si_thi_dua_thanh_pho; Bằng khen của Thủ tướng Chính phủ",
    }
    response = await http.put(FORM2, json={"rows": [row]}, headers=dai_kim(token))
    assert response.status_code == 200, response.text
    [stored] = response.json()["rows"]
    assert stored["full_name"] == "Nguyễn Thị Thịnh"
    assert unicodedata.is_normalized("NFC", stored["full_name"])
    assert [a["name"] for a in stored["target_awards"]] == [
        "Chiến sĩ thi đua Thành phố",
        "Bằng khen của Thủ tướng Chính phủ",
    ]

    flag = await http.put(
        FORM2, json={"rows": [{**row, "target_awards": "Cờ thi đua Thành phố"}]}, headers=dai_kim(token)
    )
    assert flag.status_code == 422
    assert "cá nhân" in flag.json()["error"]["details"]["errors"][0]["message"]
    unknown = await http.put(FORM2, json={"rows": [{**row, "nickname": "x"}]}, headers=dai_kim(token))
    assert unknown.status_code == 422
    assert unknown.json()["error"]["details"]["errors"][0]["column"] == "nickname"


async def test_emulation_models_of_a_ward_for_2020(http: httpx.AsyncClient, token: Any) -> None:
    rows = [
        {
            "model_name": "Phường Kim Giang sáng - xanh - sạch - đẹp",
            "model_goal": "100% tổ dân phố ra quân vệ sinh hằng tháng",
        }
    ]
    response = await http.put(
        MODELS, json={"rows": rows}, headers=bearer(token("unit_officer", "p-kim-giang"))
    )
    assert response.status_code == 200, response.text
    sheet = load_workbook(
        io.BytesIO(
            (await http.get(MODELS + ".xlsx", headers=bearer(token("viewer", "q-thanh-xuan")))).content
        )
    ).active
    assert sheet["A3"].value == "ĐĂNG KÝ MÔ HÌNH, CHUYÊN ĐỀ THI ĐUA NĂM 2020"
    assert sheet["B7"].value == "Phường Kim Giang sáng - xanh - sạch - đẹp"


async def test_forms_respect_rounds_units_and_deadlines(
    http: httpx.AsyncClient, token: Any, clock: Any
) -> None:
    rows = {"rows": [{"model_name": "Mô hình", "model_goal": "Mục tiêu"}]}
    kim_giang = bearer(token("unit_officer", "p-kim-giang"))
    other_ward = await http.put(MODELS, json=rows, headers=bearer(token("unit_officer", "p-khuong-dinh")))
    assert other_ward.status_code == 403
    initiative_round = await http.put(
        "/rounds/sk-2020-2-q-thanh-xuan/units/p-kim-giang/forms/emulation-models",
        json=rows,
        headers=kim_giang,
    )
    assert initiative_round.status_code == 422
    assert initiative_round.json()["error"]["code"] == "ROUND_NOT_FOR_REGISTRATION"
    unknown_form = await http.put(
        "/rounds/dk-2020-q-thanh-xuan/units/p-kim-giang/forms/mau-9", json=rows, headers=kim_giang
    )
    assert unknown_form.status_code == 422
    clock.now = datetime(2020, 2, 6, 3, 0, tzinfo=UTC)
    late = await http.put(MODELS, json=rows, headers=kim_giang)
    assert late.status_code == 409
    assert late.json()["error"]["code"] == "DEADLINE_PASSED"
    assert (await http.get(MODELS, headers=kim_giang)).status_code == 404
