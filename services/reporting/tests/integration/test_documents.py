"""Summary reports (DOCX) and charts through the HTTP app, on counts fed as events to the real database."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime
from typing import Any

import docx
import httpx
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from emutrack_contracts import Envelope, new_event, samples
from emutrack_contracts.events.registration import ExemplarSubmitted, InitiativeSubmitted, RoundOpened
from emutrack_kit.consumer import Handler, Position
from emutrack_kit_testing.helpers import bearer
from emutrack_kit_testing.office import keep_document, office_tools, pdf_pages
from reporting.config import Settings
from reporting.entrypoints.http import create_app
from reporting.usecases.context import Context

from .conftest import reporting_knowing

PNG = b"\x89PNG\r\n\x1a\n"
THANH_XUAN = ["ha-noi", "q-thanh-xuan"]
TREE = [
    ("ha-noi", "Thành phố Hà Nội", "city", []),
    ("q-thanh-xuan", "Quận Thanh Xuân", "district", THANH_XUAN[:1]),
    ("p-kim-giang", "Phường Kim Giang", "ward", THANH_XUAN),
    ("p-ha-dinh", "Phường Hạ Đình", "ward", THANH_XUAN),
]
YEARS = range(2020, 2025)
# What is fed, year by year (Kim Giang unless said): the district's expected figures follow.
REGISTRATIONS = {2020: 1, 2021: 2, 2022: 0, 2023: 3, 2024: 1}  # and Hạ Đình once in 2024
PEOPLE = {y: y - 2019 for y in YEARS}  # Kim Giang's list: 1, 2, 3, 4, 5 people
DOSSIERS = {2020: 1, 2024: 2}
EXPECTED_TOTALS = {
    "Tập thể đăng ký danh hiệu thi đua": ["1", "2", "0", "3", "2", "8"],
    "Cá nhân đăng ký danh hiệu thi đua": ["1", "2", "3", "4", "5", "15"],
    "Sáng kiến đề nghị công nhận": ["0", "0", "1", "0", "0", "1"],
    "Điển hình tiên tiến, người tốt việc tốt được đề xuất": ["0", "0", "0", "1", "0", "1"],
    "Hồ sơ đề nghị khen thưởng": ["1", "0", "0", "0", "2", "3"],
    "Lượt tập thể, cá nhân được khen thưởng": ["2", "0", "0", "0", "1", "3"],
}
COUNTED_AS = {
    "Tập thể đăng ký danh hiệu thi đua": "registrations_total",
    "Cá nhân đăng ký danh hiệu thi đua": "individuals_total",
    "Sáng kiến đề nghị công nhận": "initiatives_total",
    "Điển hình tiên tiến, người tốt việc tốt được đề xuất": "exemplars_total",
    "Hồ sơ đề nghị khen thưởng": "dossiers_total",
    "Lượt tập thể, cá nhân được khen thưởng": "awards_total",
}
COMMON = {"round_id": "r", "unit_id": "p-kim-giang", "unit_name": "Phường Kim Giang",
          "receiving_unit_id": "q-thanh-xuan",
          "submitted_at": datetime(2020, 10, 1, 3, tzinfo=UTC)}  # fmt: skip


def at(event: Envelope, ward: str) -> Envelope:
    """The same fact, owned by another ward of Thanh Xuân."""
    return event.model_copy(update={"unit_id": ward, "unit_path": [*THANH_XUAN, ward]})


def of_year(event: Envelope, year: int, **more: Any) -> Envelope:
    return event.model_copy(update={"payload": {**event.payload, "year": year, **more}})


def decision(number: str, year: int, level: list[str], awardees: list[str]) -> Envelope:
    return samples.decision_issued(number, awardees, signed_on=date(year, 12, 28), level_path=level)


def five_years_of_events() -> list[Envelope]:
    kim_giang = [*THANH_XUAN, "p-kim-giang"]
    events = [
        samples.registration_submitted("tap_the_lao_dong_tien_tien", year=y)
        for y, n in REGISTRATIONS.items()
        for _ in range(n)
    ]
    events.append(at(samples.registration_submitted("tap_the_lao_dong_xuat_sac", year=2024), "p-ha-dinh"))
    for y, n in PEOPLE.items():
        listed = samples.people_listed(1, ["lao_dong_tien_tien"] * n)
        events.append(of_year(listed, y, list_id=f"r{y}|p-kim-giang"))
    events += [
        samples.nomination_submitted(f"hs-{y}-{i}", year=y) for y, n in DOSSIERS.items() for i in range(n)
    ]
    events.append(decision("15/QĐ-UBND", 2020, THANH_XUAN, ["p-kim-giang", "p-ha-dinh"]))
    events.append(decision("9/QĐ-UBND", 2024, ["ha-noi"], ["p-kim-giang"]))
    initiative = InitiativeSubmitted(
        **COMMON, year=2022, submission_id="sk-1", title="Số hóa hồ sơ", field="Hành chính", authors=[],
        recognition_level="cap_huyen", applied_since=date(2022, 3, 1), summary="x", benefits="y",
    )  # fmt: skip
    exemplar = ExemplarSubmitted(
        **COMMON, year=2023, submission_id="gd-1", category="nguoi_tot_viec_tot", subject_kind="individual",
        subject_name="Trần Văn Bình", field="Nhân đạo", achievement="Trả lại ví cho người đánh rơi.",
    )  # fmt: skip
    events.append(
        new_event("initiative.submitted", producer="t", unit_path=kim_giang, actor="t", payload=initiative)
    )
    events.append(
        new_event("exemplar.submitted", producer="t", unit_path=kim_giang, actor="t", payload=exemplar)
    )
    return events


async def feed(on: dict[str, Handler], events: list[Envelope]) -> None:
    for offset, event in enumerate(events):  # one partition: offsets only grow
        await on[event.event_type](event, Position("events", 0, offset))


def table_after(doc: Document, caption: str) -> list[list[str]]:
    body = list(doc.element.body.iterchildren())
    for i, element in enumerate(body):
        if element.tag == qn("w:p") and Paragraph(element, doc).text == caption:
            return [[c.text for c in row.cells] for row in Table(body[i + 1], doc).rows]
    raise AssertionError(f"no table captioned {caption!r}")


def client(deps: Context) -> httpx.AsyncClient:
    app = create_app(Settings(), deps)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://reporting")


async def test_the_five_year_report_carries_the_counts_fed(service_env: Any, token: Any) -> None:
    deps, on = await reporting_knowing(TREE)
    await feed(on, five_years_of_events())
    office = bearer(token("standing_office", "q-thanh-xuan"))
    async with client(deps) as http:
        response = await http.get("/units/q-thanh-xuan/reports/five-year.docx?from=2020", headers=office)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
        assert response.headers["content-disposition"] == (
            "attachment; filename=bao-cao-tong-ket-05-nam-q-thanh-xuan-2020-2024.docx"
        )
        doc = docx.Document(io.BytesIO(response.content))
        counts = [
            (await http.get(f"/units/q-thanh-xuan/counts?period={y}", headers=office)).json() for y in YEARS
        ]

    header = doc.tables[0]
    assert [p.text for p in header.cell(0, 0).paragraphs if p.text] == [
        "UBND THÀNH PHỐ HÀ NỘI", "ỦY BAN NHÂN DÂN QUẬN THANH XUÂN",
    ]  # fmt: skip
    assert header.cell(0, 1).paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert re.fullmatch(r"Hà Nội, ngày \d\d tháng (0[12]|[3-9]|1[0-2]) năm 20\d\d", header.cell(1, 1).text)
    totals = table_after(doc, "Bảng 1. Kết quả chung, 2020–2024")
    rows = {r[1]: r[2:] for r in totals[1:]}
    assert rows == EXPECTED_TOTALS
    for indicator, field in COUNTED_AS.items():  # and they are the numbers the counts API gives
        assert rows[indicator][:5] == [str(c[field]) for c in counts], indicator
    levels = table_after(doc, "Bảng 8. Khen thưởng theo cấp quyết định")
    assert [r[1:] for r in levels[1:]] == [
        ["Cấp quận, huyện", "2", "0", "0", "0", "0", "2"],
        ["Cấp Thành phố", "0", "0", "0", "0", "1", "1"],
        ["Tổng cộng", "2", "0", "0", "0", "1", "3"],
    ]
    children = table_after(doc, "Bảng 9. Số liệu các đơn vị trực thuộc năm 2024")
    assert children[1:] == [
        ["1", "Phường Hạ Đình", "1", "0", "0", "0", "0", "0"],
        ["2", "Phường Kim Giang", "1", "5", "0", "0", "2", "1"],
        ["", "Cộng các đơn vị trực thuộc", "2", "5", "0", "0", "2", "1"],
    ]
    assert len(doc.inline_shapes) == 2


async def test_annual_report_and_unit_charts_with_their_refusals(service_env: Any, token: Any) -> None:
    deps, on = await reporting_knowing(TREE)
    await feed(on, five_years_of_events())
    office = bearer(token("standing_office", "q-thanh-xuan"))
    ward = bearer(token("unit_officer", "p-kim-giang"))
    async with client(deps) as http:
        annual = await http.get("/units/p-kim-giang/reports/annual.docx?period=2023", headers=ward)
        assert annual.status_code == 200, annual.text
        assert (
            annual.headers["content-disposition"]
            == "attachment; filename=bao-cao-tong-ket-p-kim-giang-2023.docx"
        )
        doc = docx.Document(io.BytesIO(annual.content))
        assert [p.text for p in doc.tables[0].cell(0, 0).paragraphs if p.text] == [
            "UBND QUẬN THANH XUÂN", "ỦY BAN NHÂN DÂN PHƯỜNG KIM GIANG",
        ]  # fmt: skip
        rows = {r[1]: r[2:] for r in table_after(doc, "Bảng 1. Kết quả chung, 2023")[1:]}
        assert rows["Tập thể đăng ký danh hiệu thi đua"] == ["3"]
        assert rows["Điển hình tiên tiến, người tốt việc tốt được đề xuất"] == ["1"]

        # The same report as PDF (issue 18.8): LibreOffice lays it out, the numbers read back from the pages.
        office_tools()
        pdf = await http.get("/units/p-kim-giang/reports/annual.pdf?period=2023", headers=ward)
        assert (pdf.status_code, pdf.headers["content-type"]) == (200, "application/pdf"), pdf.text
        assert (
            pdf.headers["content-disposition"] == "attachment; filename=bao-cao-tong-ket-p-kim-giang-2023.pdf"
        )
        keep_document("bao-cao-tong-ket-nam.pdf", pdf.content)
        text = "\n".join(pdf_pages(pdf.content))
        assert "UBND QUẬN THANH XUÂN" in text
        assert re.search(r"Tập thể đăng ký danh hiệu thi đua\s+3\n", text), text

        png = await http.get(
            "/units/q-thanh-xuan/charts/registrations-by-title.png?period=2024", headers=office
        )
        assert png.status_code == 200, png.text
        assert png.content.startswith(PNG)
        assert png.headers["content-type"] == "image/png"
        assert (
            png.headers["content-disposition"]
            == "inline; filename=dang-ky-theo-danh-hieu-q-thanh-xuan-2024.png"
        )
        svg = await http.get(
            "/units/q-thanh-xuan/charts/registrations-by-title.svg?period=2024", headers=office
        )
        assert svg.headers["content-type"].startswith("image/svg+xml")
        assert ">Tập thể lao động xuất sắc<" in svg.text
        awards = await http.get(
            "/units/q-thanh-xuan/charts/awards-by-level.svg?from=2020&to=2024", headers=office
        )
        assert awards.status_code == 200, awards.text
        assert ">Cấp Thành phố<" in awards.text
        assert ">Cấp quận, huyện<" in awards.text

        refused = await http.get("/units/q-thanh-xuan/reports/five-year.docx?from=2020", headers=ward)
        assert (refused.status_code, refused.json()["error"]["code"]) == (403, "FORBIDDEN_UNIT")
        refused = await http.get("/units/q-thanh-xuan/reports/five-year.pdf?from=2020", headers=ward)
        assert (refused.status_code, refused.json()["error"]["code"]) == (403, "FORBIDDEN_UNIT")
        refused = await http.get(
            "/units/q-thanh-xuan/charts/awards-by-level.png?from=2020&to=2021", headers=ward
        )
        assert refused.status_code == 403
        unknown = await http.get("/units/q-khong-co/reports/annual.docx?period=2020", headers=office)
        assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "UNKNOWN_UNIT")

        chart = await http.get("/units/q-thanh-xuan/charts/pie.png?period=2020", headers=office)
        assert chart.status_code == 404
        error = chart.json()["error"]
        assert error["code"] == "UNKNOWN_CHART"
        assert error["message"].startswith("Không có biểu đồ 'pie'")
        bad = await http.get(
            "/units/q-thanh-xuan/charts/registrations-by-title.pdf?period=2020", headers=office
        )
        assert bad.status_code == 422
        assert [f["field"] for f in bad.json()["error"]["fields"]] == ["fmt"]
        backwards = await http.get(
            "/units/q-thanh-xuan/charts/awards-by-level.png?from=2024&to=2020", headers=office
        )
        assert (backwards.status_code, backwards.json()["error"]["field"]) == (422, "to")
        later = await http.get("/units/q-thanh-xuan/reports/five-year.docx?from=2024", headers=office)
        assert later.status_code == 200, later.text  # 2025-2028: nothing counted yet
        rows = {
            r[1]: r[2:]
            for r in table_after(
                docx.Document(io.BytesIO(later.content)), "Bảng 1. Kết quả chung, 2024–2028"
            )[1:]
        }
        assert rows["Tập thể đăng ký danh hiệu thi đua"] == ["2", "–", "–", "–", "–", "2"]
        nothing = await http.get("/units/q-thanh-xuan/reports/five-year.docx?from=2030", headers=office)
        assert (nothing.status_code, nothing.json()["error"]["code"]) == (404, "UNKNOWN_PERIOD")
        assert nothing.json()["error"]["field"] == "from"
        no_from = await http.get("/units/q-thanh-xuan/reports/five-year.docx", headers=office)
        assert no_from.status_code == 422
        assert [f["field"] for f in no_from.json()["error"]["fields"]] == ["from"]


async def test_coverage_chart_of_a_round(service_env: Any, token: Any) -> None:
    deps, on = await reporting_knowing(TREE)
    round_id = "dk-2020-q-thanh-xuan"
    opened = RoundOpened(
        round_id=round_id, name="Đăng ký thi đua năm 2020", kind="registration", year=2020,
        receiving_unit_id="q-thanh-xuan", deadline=datetime(2020, 2, 5, 16, 59, 59, tzinfo=UTC),
    )  # fmt: skip
    early = samples.registration_submitted(
        "tap_the_lao_dong_tien_tien", round_id=round_id, submitted_at=datetime(2020, 2, 1, tzinfo=UTC)
    )
    round_event = new_event("round.opened", producer="t", unit_path=THANH_XUAN, actor="t", payload=opened)
    await feed(on, [round_event, early])
    office = bearer(token("standing_office", "q-thanh-xuan"))
    async with client(deps) as http:
        svg = await http.get(f"/rounds/{round_id}/charts/coverage.svg", headers=office)
        assert svg.status_code == 200, svg.text
        assert ">Hạn nộp 05/02/2020 · 2 đơn vị phải nộp<" in svg.text
        assert ">1 (50,0%)<" in svg.text
        assert "Chưa nộp: Phường Hạ Đình." in svg.text
        png = await http.get(f"/rounds/{round_id}/charts/coverage.png", headers=office)
        assert png.content.startswith(PNG)
        assert png.headers["content-disposition"] == f"inline; filename=tien-do-nop-{round_id}.png"
        ward = bearer(token("unit_officer", "p-kim-giang"))
        assert (await http.get(f"/rounds/{round_id}/charts/coverage.png", headers=ward)).status_code == 403
        missing = await http.get("/rounds/khong-co/charts/coverage.png", headers=office)
        assert (missing.status_code, missing.json()["error"]["code"]) == (404, "UNKNOWN_ROUND")
        other = await http.get(f"/rounds/{round_id}/charts/pie.svg", headers=office)
        assert (other.status_code, other.json()["error"]["code"]) == (404, "UNKNOWN_CHART")
