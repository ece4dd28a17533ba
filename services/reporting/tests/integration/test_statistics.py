"""The Ministry's statistics forms 0601-0605 (issue 18.6) from events counted on the real servers."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import openpyxl

from emutrack_contracts import Envelope, new_event, samples
from emutrack_contracts.events.registration import MovementLaunched
from emutrack_kit.consumer import Position
from emutrack_kit_testing.helpers import bearer
from emutrack_kit_testing.office import keep_document, office_tools, pdf_pages

from .conftest import reporting_knowing
from .test_documents import TREE, YEARS, client, decision, feed, five_years_of_events

NAMES = {"ha-noi": "Thành phố Hà Nội", "q-thanh-xuan": "Quận Thanh Xuân", "p-kim-giang": "Phường Kim Giang"}
PATHS = {"ha-noi": ["ha-noi"], "q-thanh-xuan": ["ha-noi", "q-thanh-xuan"]}
PATHS["p-kim-giang"] = [*PATHS["q-thanh-xuan"], "p-kim-giang"]


def launched(movement_id: str, unit: str, kind: str, starts_on: date) -> Envelope:
    payload = MovementLaunched(
        movement_id=movement_id, name=f"Phong trào {movement_id}", kind=kind, launching_unit_id=unit,
        launching_unit_name=NAMES[unit], theme="Cải cách hành chính", criteria=[], starts_on=starts_on,
        ends_on=date(starts_on.year, 12, 31), targets=[],
    )  # fmt: skip
    return new_event("movement.launched", producer="t", unit_path=PATHS[unit], actor="t", payload=payload)


def rows_of(book: openpyxl.Workbook, sheet: str) -> dict[str, list[Any]]:
    """A form's rows by their name (column B), the numbers after it."""
    return {
        str(row[1]): list(row[2:])
        for row in book[sheet].iter_rows(min_row=8, values_only=True)
        if row[1] is not None
    }


async def test_the_forms_of_a_district_add_up_to_reportings_counts(service_env: Any, token: Any) -> None:
    deps, on = await reporting_knowing(TREE)
    movements = [
        launched("mv-q", "q-thanh-xuan", "regular", date(2021, 1, 15)),
        launched("mv-p", "p-kim-giang", "thematic", date(2023, 3, 1)),
        launched("mv-tp", "ha-noi", "by_phase", date(2022, 2, 1)),  # the city's: not in the district's forms
    ]
    prime_minister = decision("12/QĐ-TTg", 2022, ["ha-noi"], ["p-kim-giang"])
    prime_minister.payload["award_code"] = "bang_khen_thu_tuong"
    prime_minister.payload["central_body"] = "Thủ tướng Chính phủ"  # recorded by the city on its return
    events = [*five_years_of_events(), *movements, prime_minister, movements[0]]  # the last one redelivered
    await feed(on, events)
    office = bearer(token("standing_office", "q-thanh-xuan"))
    async with client(deps) as http:
        got = await http.get("/units/q-thanh-xuan/statistics.xlsx?from=2020&to=2024", headers=office)
        assert got.status_code == 200, got.text
        assert (
            got.headers["content-disposition"]
            == "attachment; filename=thong-ke-tdkt-q-thanh-xuan-2020-2024.xlsx"
        )
        counts = [
            (await http.get(f"/units/q-thanh-xuan/counts?period={y}", headers=office)).json() for y in YEARS
        ]
        keep_document("thong-ke-tdkt.xlsx", got.content)

        book = openpyxl.load_workbook(io.BytesIO(got.content))
        assert book.sheetnames == ["0601", "0602", "0603", "0604", "0605"]
        sheet = book["0602"]
        assert sheet["A1"].value == "Biểu số 0602.N/BNV-TĐKT"
        assert sheet["A3"].value == "Đơn vị báo cáo: Quận Thanh Xuân (kể cả các đơn vị trực thuộc)"
        assert sheet["A4"].value == "Kỳ báo cáo: các năm 2020 – 2024 (năm thi đua)"

        assert rows_of(book, "0601") == {
            "Cấp Thành phố": [0, 0, 0, 0], "Cấp quận, huyện": [1, 1, 0, 0], "Cấp phường, xã": [1, 0, 0, 1],
            "Cơ quan, đơn vị, trường học, đoàn thể": [0, 0, 0, 0], "Tổng số": [2, 1, 0, 1],
        }  # fmt: skip
        assert sum(c["movements_total"] for c in counts) == 2  # the redelivery counted once
        assert counts[2]["awards_by_level"] == {"central": 1}  # 2022: the Prime Minister's, not the city's
        awardees = await http.get("/units/q-thanh-xuan/awards.xlsx?period=2022", headers=office)
        listed = [
            r for r in openpyxl.load_workbook(io.BytesIO(awardees.content)).active.iter_rows(values_only=True)
        ]
        assert any(r[-2] == "Thủ tướng Chính phủ" for r in listed), listed
        assert rows_of(book, "0602")["Bằng khen của Thủ tướng Chính phủ"] == [1, 1, 0]
        assert rows_of(book, "0603") == {"Giấy khen": [1, 1, 0], "Tổng số": [1, 1, 0]}
        assert rows_of(book, "0604") == {"Cấp quận, huyện — Giấy khen": [2, 2, 0], "Tổng số": [2, 2, 0]}
        summary = rows_of(book, "0605")
        assert summary["Khen thưởng cấp Nhà nước"] == [1, 1, 0]
        assert summary["Tổng số"][0] == sum(c["awards_total"] for c in counts) == 4

        # The same forms as PDF, a page each, laid out by LibreOffice (issue 18.8).
        office_tools()
        pdf = await http.get("/units/q-thanh-xuan/statistics.pdf?from=2020&to=2024", headers=office)
        assert (pdf.status_code, pdf.headers["content-type"]) == (200, "application/pdf"), pdf.text
        keep_document("thong-ke-tdkt.pdf", pdf.content)
        pages = pdf_pages(pdf.content)
        assert len(pages) == 5
        assert "Biểu số 0601.N/BNV-TĐKT" in pages[0]
        assert "TỔNG HỢP KHEN THƯỞNG THEO CẤP QUYẾT ĐỊNH VÀ ĐỐI TƯỢNG" in pages[4]
        assert re.search(r"Tổng số\s+4\s+4\s+0", pages[4]), pages[4]

        # One year only; a ward's officer is refused before the range is judged; a range too long is named.
        one = await http.get("/units/q-thanh-xuan/statistics.xlsx?from=2020&to=2020", headers=office)
        sheet = openpyxl.load_workbook(io.BytesIO(one.content))["0605"]
        assert sheet["A4"].value == "Kỳ báo cáo: năm 2020 (năm thi đua)"
        ward = bearer(token("unit_officer", "p-kim-giang"))
        refused = await http.get("/units/q-thanh-xuan/statistics.xlsx?from=2024&to=2020", headers=ward)
        assert (refused.status_code, refused.json()["error"]["code"]) == (403, "FORBIDDEN_UNIT")
        bad = await http.get("/units/q-thanh-xuan/statistics.xlsx?from=2020&to=2030", headers=office)
        assert (bad.status_code, bad.json()["error"]["code"], bad.json()["error"]["field"]) == (
            422, "BAD_YEAR_RANGE", "to",
        )  # fmt: skip
        assert "2029" in bad.json()["error"]["message"]
        empty = await http.get("/units/q-thanh-xuan/statistics.xlsx?from=2010&to=2011", headers=office)
        assert (empty.status_code, empty.json()["error"]["code"]) == (404, "UNKNOWN_PERIOD")


async def test_a_redelivered_movement_is_counted_once_at_each_level(service_env: Any, token: Any) -> None:
    deps, on = await reporting_knowing(TREE)
    event = launched("mv-1", "p-kim-giang", "regular", date(2021, 5, 1))
    await on["movement.launched"](event, Position("rounds", 0, 1))
    await on["movement.launched"](event, Position("rounds", 0, 1))
    async with client(deps) as http:
        for unit in ("p-kim-giang", "q-thanh-xuan", "ha-noi"):
            counts = (
                await http.get(f"/units/{unit}/counts?period=2021", headers=bearer(token("admin", "ha-noi")))
            ).json()
            assert (counts["movements_total"], counts["movements_by_level_kind"]) == (1, {"ward:regular": 1})


async def test_a_movement_of_a_level_not_yet_known_waits_for_it_and_counts_with_its_kind(
    service_env: Any, token: Any
) -> None:
    deps, on = await reporting_knowing(TREE[:2])  # the city and Thanh Xuân; Kim Giang not yet
    await on["movement.launched"](
        launched("mv-early", "p-kim-giang", "thematic", date(2021, 4, 1)), Position("rounds", 0, 9)
    )
    async with client(deps) as http:
        admin = bearer(token("admin", "ha-noi"))
        before = await http.get("/units/ha-noi/counts?period=2021", headers=admin)
        assert before.status_code == 404 or before.json()["movements_total"] == 0  # parked, not "unknown"
        kim_giang = samples.unit_created(
            "p-kim-giang", "Phường Kim Giang", "ward", ["ha-noi", "q-thanh-xuan"]
        )
        await on["unit.created"](kim_giang, Position("units", 0, 9))
        counts = (await http.get("/units/ha-noi/counts?period=2021", headers=admin)).json()
    assert (counts["movements_total"], counts["movements_by_level_kind"]) == (1, {"ward:thematic": 1})
