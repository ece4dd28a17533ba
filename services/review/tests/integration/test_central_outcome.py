"""Issue 18.5: a dossier sent above the city waits as "forwarded"; the central decision, when it comes back,
is recorded by the city's office and joins the awardee's history, the published decisions and the log."""

from __future__ import annotations

import io
from typing import Any

import openpyxl

from emutrack_contracts import samples
from emutrack_kit_testing.helpers import bearer
from review import bootstrap

from . import test_thanh_xuan_2020 as thanh_xuan
from .test_thanh_xuan_2020 import CITY, DISTRICT, POS, appraise_and_accept, council_votes, ok

year_2020 = thanh_xuan.year_2020  # the fixture: the city, Thanh Xuân and its wards on 15/12/2020

# A city certificate, then five years of outstanding work (NĐ 65/2014's first rule for the certificate).
HELD = [
    {"name": "Bằng khen của Chủ tịch UBND Thành phố", "year": 2015, "decision_number": "12/QĐ-UBND"},
    *({"name": "Hoàn thành xuất sắc nhiệm vụ", "year": y} for y in range(2016, 2021)),
]
OUTCOME = {"number": "1234/QĐ-TTg", "signed_on": "2021-03-02", "decided_by": "Thủ tướng Chính phủ"}


async def sent_up(deps: Any, http: Any, token: Any, dossier: str, name: str) -> str:
    """Thanh Xuân proposes a person for the Prime Minister's certificate; the city's council passes it."""
    proposed = samples.nomination_submitted(
        dossier, receiving_unit_id=CITY, proposing_unit_id=DISTRICT, proposing_unit_name="Quận Thanh Xuân",
        subject_kind="individual", subject_name=name, subject_unit_id=None,
        award_code="bang_khen_thu_tuong", award_name="Bằng khen của Thủ tướng Chính phủ",
        dossier_kind="by_phase",
        prior_awards=HELD,
    )  # fmt: skip
    await bootstrap.event_handlers(deps)["nomination.submitted"](proposed, POS)
    nomination = f"{dossier}@{CITY}"
    await appraise_and_accept(http, token, nomination, CITY)
    await council_votes(http, token, CITY, [nomination], yes=15, members=15)
    return nomination


async def test_the_prime_ministers_certificate_comes_back_and_is_recorded(
    year_2020: Any, token: Any, mongo: Any, namespace: str
) -> None:
    deps, http = year_2020
    nomination = await sent_up(deps, http, token, "hs-tt", "Lê Thị Hoa")
    office = bearer(token("standing_office", CITY))
    url = f"/nominations/{nomination}/central-outcome"

    never_sent = await http.post(url, json=OUTCOME, headers=office)
    assert (never_sent.status_code, never_sent.json()["error"]["code"]) == (409, "NOT_SENT_TO_CENTRAL")
    assert "Lê Thị Hoa" in never_sent.json()["error"]["message"]

    away = ok(await http.post(f"/nominations/{nomination}/forward", headers=office))
    assert away["status"] == "forwarded"
    assert away["export_package"]["addressed_to"] == "Thủ tướng Chính phủ"

    # The district's office follows its dossier but does not record the city's mail: refused before the
    # body is judged; the city's office is told what is wrong with its own.
    district = bearer(token("standing_office", DISTRICT))
    refused = await http.post(url, json={"number": ""}, headers=district)
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "NOT_LEVEL_OFFICE")
    early = await http.post(url, json={**OUTCOME, "signed_on": "2020-12-01"}, headers=office)
    assert (early.status_code, early.json()["error"]["code"], early.json()["error"]["field"]) == (
        422, "SIGNED_BEFORE_SENT", "signed_on",
    )  # fmt: skip
    assert "15/12/2020" in early.json()["error"]["message"]
    blank = await http.post(url, json={**OUTCOME, "awarded": False}, headers=office)
    assert (blank.status_code, blank.json()["error"]["field"]) == (422, "reason")

    recorded = ok(await http.post(url, json=OUTCOME, headers=office))
    assert recorded["status"] == "decided"
    assert recorded["history"][-1]["reasons"] == [
        "Quyết định số 1234/QĐ-TTg ngày 02/03/2021 của Thủ tướng Chính phủ"
    ]
    again = ok(await http.post(url, json=OUTCOME, headers=office))  # a retry changes nothing
    assert again["history"] == recorded["history"]
    other = await http.post(url, json={**OUTCOME, "number": "99/QĐ-TTg"}, headers=office)
    assert (other.status_code, other.json()["error"]["code"]) == (409, "CENTRAL_OUTCOME_RECORDED")

    # The award is in the person's history (what appraisals read), published, and told once.
    history = await deps.awards.of_subject(f"{DISTRICT}|le thi hoa")
    [award] = [a for a in history if a.code == "bang_khen_thu_tuong"]
    assert (award.decision_number, award.level, award.year) == ("1234/QĐ-TTg", CITY, 2020)
    public = ok(await http.get("/public/decisions", params={"level_unit_id": CITY}))
    [shown] = [d for d in public["items"] if d["number"] == "1234/QĐ-TTg"]
    assert shown["level_name"] == "Thủ tướng Chính phủ"
    assert [a["name"] for a in shown["awardees"]] == ["Lê Thị Hoa"]
    decision = await mongo[f"{namespace}_review"]["decisions"].find_one({"number": "1234/QĐ-TTg"})
    [event] = [e["envelope"] for e in decision["_outbox"]]
    assert (event["event_type"], event["payload"]["central_body"]) == (
        "decision.issued",
        "Thủ tướng Chính phủ",
    )
    paper = await http.get("/decisions/paper.docx", params={"decision_id": decision["_id"]}, headers=office)
    assert (paper.status_code, paper.json()["error"]["code"]) == (409, "CENTRAL_DECISION")


async def test_a_refusal_from_above_closes_the_dossier_with_its_reason(year_2020: Any, token: Any) -> None:
    deps, http = year_2020
    nomination = await sent_up(deps, http, token, "hs-tt2", "Đỗ Văn Nam")
    office = bearer(token("standing_office", CITY))
    ok(await http.post(f"/nominations/{nomination}/forward", headers=office))
    refusal = {
        **OUTCOME, "number": "55/BTĐKT", "awarded": False,
        "decided_by": "Ban Thi đua - Khen thưởng Trung ương",
        "reason": "Thành tích chưa đủ tiêu chuẩn theo Điều 71 Luật Thi đua, khen thưởng",
    }  # fmt: skip
    closed = ok(await http.post(f"/nominations/{nomination}/central-outcome", json=refusal, headers=office))
    assert closed["status"] == "not_passed"
    assert closed["history"][-1]["reasons"][0].startswith(
        "Ban Thi đua - Khen thưởng Trung ương không khen thưởng (văn bản số 55/BTĐKT)"
    )
    history = await deps.awards.of_subject(f"{DISTRICT}|do van nam")
    assert [a for a in history if a.code == "bang_khen_thu_tuong"] == []


def filled(content: bytes, answers: dict[str, list[Any]]) -> bytes:
    """The downloaded sheet with the result columns (G to K) of the named people's rows filled in."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book.active
    for row in sheet.iter_rows(min_row=4):
        for column, value in zip("GHIJK", answers.get(str(row[2].value), []), strict=False):
            if value is not None:  # None: the column as downloaded (the body it was sent to)
                sheet[f"{column}{row[0].row}"] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_the_city_records_the_outcomes_from_a_filled_sheet_all_or_nothing(
    year_2020: Any, token: Any
) -> None:
    deps, http = year_2020
    office = bearer(token("standing_office", CITY))
    for dossier, name in (("hs-s1", "Vũ Thị Thu"), ("hs-s2", "Hà Văn Long")):
        ok(
            await http.post(
                f"/nominations/{await sent_up(deps, http, token, dossier, name)}/forward", headers=office
            )
        )

    refused = await http.get(
        "/central-outcomes.xlsx",
        params={"level_unit_id": CITY},
        headers=bearer(token("standing_office", DISTRICT)),
    )
    assert refused.status_code == 403
    got = await http.get("/central-outcomes.xlsx", params={"level_unit_id": CITY}, headers=office)
    assert got.status_code == 200, got.text
    rows = list(openpyxl.load_workbook(io.BytesIO(got.content)).active.iter_rows(min_row=4, values_only=True))
    assert sorted((r[2], r[3], r[4], r[9]) for r in rows) == [
        ("Hà Văn Long", "Quận Thanh Xuân", "Bằng khen của Thủ tướng Chính phủ", "Thủ tướng Chính phủ"),
        ("Vũ Thị Thu", "Quận Thanh Xuân", "Bằng khen của Thủ tướng Chính phủ", "Thủ tướng Chính phủ"),
    ]
    assert {r[5] for r in rows} == {"15/12/2020"}

    upload = "/central-outcomes/xlsx"
    wrong = filled(got.content, {
        "Vũ Thị Thu": ["Được khen", "77/QĐ-TTg", "02/03/2021"],
        "Hà Văn Long": ["Không khen", "78/BTĐKT", "31/02/2021", None, ""],
    })  # fmt: skip
    sent = await http.post(
        upload, params={"level_unit_id": CITY}, files={"file": ("kq.xlsx", wrong)}, headers=office
    )
    assert (sent.status_code, sent.json()["error"]["code"]) == (422, "SHEET_HAS_ERRORS")
    [error] = sent.json()["error"]["details"]["errors"]
    assert (error["row"], error["column"]) == (5, "Ngày ký (dd/mm/yyyy)")
    assert error["message"] == "Dòng 5: ngày ký cần theo dạng dd/mm/yyyy."
    listed = ok(
        await http.get("/nominations", params={"level_unit_id": CITY, "status": "forwarded"}, headers=office)
    )
    assert len(listed["items"]) == 2  # nothing recorded

    right = filled(got.content, {
        "Vũ Thị Thu": ["được khen", "77/QĐ-TTg", "02/03/2021"],
        "Hà Văn Long": ["Không khen", "78/BTĐKT", "03/03/2021", None, "Chưa đủ 05 sáng kiến được công nhận"],
    })  # fmt: skip
    done = ok(
        await http.post(
            upload, params={"level_unit_id": CITY}, files={"file": ("kq.xlsx", right)}, headers=office
        )
    )
    assert done == {"recorded": 2}
    statuses = {
        n["subject_name"]: n["status"]
        for n in (await http.get("/nominations", params={"level_unit_id": CITY}, headers=office)).json()[
            "items"
        ]
    }
    assert (statuses["Vũ Thị Thu"], statuses["Hà Văn Long"]) == ("decided", "not_passed")
    again = ok(
        await http.post(
            upload, params={"level_unit_id": CITY}, files={"file": ("kq.xlsx", right)}, headers=office
        )
    )
    assert again == {"recorded": 2}  # the same sheet again: the same outcomes, nothing new
