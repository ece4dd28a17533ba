"""The whole start-of-year registration of the Thanh Xuân 2020 plan, over HTTP with the XLSX templates.

Task 3 of the plan's calendar: every unit of the district sends its emulation plan, its collective
and individual registrations and its emulation themes to the district before 05/02/2020. Here
the district and its 11 wards do it as a newcomer would, then a late, a foreign and a malformed
submission are refused with messages a ward officer understands, and the district accepts one
late registration with a recorded reason.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import httpx
from openpyxl import load_workbook

from emutrack_kit_testing.helpers import bearer

ROUND = "dk-2020-q-thanh-xuan"
WARDS = [
    "p-ha-dinh", "p-khuong-dinh", "p-khuong-mai", "p-khuong-trung", "p-kim-giang", "p-nhan-chinh",
    "p-phuong-liet", "p-thanh-xuan-bac", "p-thanh-xuan-nam", "p-thanh-xuan-trung", "p-thuong-dinh",
]  # fmt: skip
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng"]


def fill_people(template: bytes, ward_index: int, count: int) -> bytes:
    book = load_workbook(io.BytesIO(template))
    sheet = book.active
    for i in range(count):
        title = "Chiến sĩ thi đua cơ sở" if i % 10 == 0 else "Lao động tiên tiến"
        name = f"{SURNAMES[i % 5]} Thị Phường{ward_index} Số{i}"
        row = [
            i + 1,
            name,
            f"{(i % 28) + 1:02d}/0{(i % 9) + 1}/19{70 + i % 30}",
            "Nữ" if i % 2 else "Nam",
            "Công chức",
            title,
        ]
        for col, value in enumerate(row, start=1):
            sheet.cell(row=4 + i, column=col, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_thanh_xuan_registers_for_2020(http: httpx.AsyncClient, token: Any, clock: Any) -> None:
    office = bearer(token("standing_office", "q-thanh-xuan"))

    # The district reads what it announced: the round, its deadline, the calendar's task 3.
    [round_] = [
        r
        for r in (await http.get("/rounds?unit_id=p-kim-giang&year=2020", headers=office)).json()
        if r["round_id"] == ROUND
    ]
    assert round_["deadline"].startswith("2020-02-05T23:59:59")
    calendar = (await http.get("/calendars/q-thanh-xuan-2020", headers=office)).json()
    assert "đăng ký danh hiệu" in calendar["tasks"][2]["content"]

    template = (await http.get("/templates/individual-registrations.xlsx", headers=office)).content
    models_template = (
        await http.get(f"/templates/forms/emulation-models.xlsx?round_id={ROUND}", headers=office)
    ).content
    people_total = 0
    for index, ward in enumerate(WARDS):
        officer, head = bearer(token("unit_officer", ward)), bearer(token("unit_head", ward))
        registered = await http.post(
            f"/rounds/{ROUND}/registrations",
            json={"unit_id": ward, "title_code": "tap_the_lao_dong_tien_tien"},
            headers={**officer, "Idempotency-Key": f"{ward}-2020-tt"},
        )
        assert registered.status_code == 201, registered.text
        approved = await http.post(
            f"/registrations/{registered.json()['registration_id']}/approve", headers=head
        )
        assert approved.status_code == 200, approved.text
        count = 20 + index
        people = await http.post(
            f"/rounds/{ROUND}/units/{ward}/individual-registrations/xlsx",
            files={"file": ("ca-nhan.xlsx", fill_people(template, index, count), "application/octet-stream")},
            headers=officer,
        )
        assert people.status_code == 200, people.text
        people_total += count
        book = load_workbook(io.BytesIO(models_template))
        book.active["B7"], book.active["C7"] = f"Mô hình dân vận khéo phường {index}", "Vận động nhân dân"
        out = io.BytesIO()
        book.save(out)
        models = await http.post(
            f"/rounds/{ROUND}/units/{ward}/forms/emulation-models/xlsx",
            files={"file": ("mo-hinh.xlsx", out.getvalue(), "application/octet-stream")},
            headers=officer,
        )
        assert models.status_code == 200, models.text

    # The district sees all its wards: 11 approved collective registrations and every person.
    listed = (
        await http.get(f"/registrations?round_id={ROUND}&status=approved&limit=100", headers=office)
    ).json()
    assert listed["total"] == len(WARDS)
    for ward in WARDS:
        people = (
            await http.get(f"/rounds/{ROUND}/units/{ward}/individual-registrations", headers=office)
        ).json()
        assert people["unit_id"] == ward
    counts = [
        sum(
            (await http.get(f"/rounds/{ROUND}/units/{w}/individual-registrations", headers=office))
            .json()["counts_by_title"]
            .values()
        )
        for w in WARDS
    ]
    assert sum(counts) == people_total

    # Foreign: a Hoàng Mai ward cannot register in Thanh Xuân's round, nor act for Kim Giang.
    foreign = await http.post(
        f"/rounds/{ROUND}/registrations",
        json={"unit_id": "p-dai-kim", "title_code": "tap_the_lao_dong_tien_tien"},
        headers=bearer(token("unit_officer", "p-dai-kim")),
    )
    assert foreign.status_code in (403, 422)
    assert "Đại Kim" in foreign.json()["error"]["message"]
    # Malformed: an unknown title, named in Vietnamese with the list of valid ones.
    malformed = await http.post(
        f"/rounds/{ROUND}/registrations",
        json={"unit_id": "p-kim-giang", "title_code": "tap_the_xuat_sac_nhat"},
        headers=bearer(token("unit_officer", "p-kim-giang")),
    )
    assert malformed.status_code == 422
    assert "Tập thể lao động tiên tiến" in malformed.json()["error"]["message"]

    # Late: after 05/02 a ward is refused with the deadline and the receiving level named ...
    clock.now = datetime(2020, 2, 6, 2, 0, tzinfo=UTC)
    late = await http.post(
        f"/rounds/{ROUND}/registrations",
        json={"unit_id": "p-kim-giang", "title_code": "tap_the_lao_dong_xuat_sac"},
        headers=bearer(token("unit_officer", "p-kim-giang")),
    )
    assert late.status_code == 409
    message = late.json()["error"]["message"]
    assert "05/02/2020" in message
    assert "Quận Thanh Xuân" in message
    # ... and only the district's standing office accepts it, with a reason that is recorded.
    accepted = await http.post(
        f"/rounds/{ROUND}/late-registrations",
        json={
            "unit_id": "p-kim-giang",
            "title_code": "tap_the_lao_dong_xuat_sac",
            "reason": "Công văn giải trình số 12 ngày 06/02/2020",
        },
        headers=office,
    )
    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["late_reason"] == "Công văn giải trình số 12 ngày 06/02/2020"
    locked = (await http.get(f"/registrations?round_id={ROUND}&unit_id=p-kim-giang", headers=office)).json()[
        "items"
    ]
    assert all(item["locked"] for item in locked)
