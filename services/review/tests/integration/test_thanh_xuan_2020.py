"""The Thanh Xuân 2020 year played through review: cluster → honouring → district → council → city.

Each step goes through the HTTP API as the person who does it; each result is checked to be
visible to the units concerned, published as an event (outbox), and recomputable.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from docx import Document

from emutrack_contracts import samples
from emutrack_kit.consumer import Position
from emutrack_kit_testing.helpers import bearer
from emutrack_kit_testing.office import keep_document, office_tools, pdf_pages
from review import bootstrap
from review.config import Settings
from review.domain.integrity import verify
from review.entrypoints.http import create_app

POS = Position("t", 0, 0)
CITY, DISTRICT = "ha-noi", "q-thanh-xuan"
WARDS = {
    "p-ha-dinh": "Phường Hạ Đình", "p-khuong-dinh": "Phường Khương Đình", "p-khuong-mai": "Phường Khương Mai",
    "p-khuong-trung": "Phường Khương Trung", "p-kim-giang": "Phường Kim Giang",
    "p-nhan-chinh": "Phường Nhân Chính", "p-phuong-liet": "Phường Phương Liệt",
    "p-thanh-xuan-bac": "Phường Thanh Xuân Bắc", "p-thanh-xuan-nam": "Phường Thanh Xuân Nam",
    "p-thanh-xuan-trung": "Phường Thanh Xuân Trung", "p-thuong-dinh": "Phường Thượng Đình",
}  # fmt: skip
LEADER = "p-ha-dinh"
CRITERIA = {
    "sections": [
        {
            "section_id": "I",
            "title": "Thực hiện nhiệm vụ chính trị, phát triển kinh tế - xã hội",
            "criteria": [
                {"criterion_id": "I.1", "text": "Thu ngân sách, chỉ tiêu kinh tế", "max_points": 60},
                {"criterion_id": "I.2", "text": "Cải cách hành chính, chuyển đổi số", "max_points": 40},
            ],
        }
    ],
    "declared_total": 100,
}


@pytest.fixture
async def year_2020(service_env: Any) -> Any:
    deps = bootstrap.deps(Settings(), clock=lambda: datetime(2020, 12, 15, 3, 0, tzinfo=UTC))
    on = bootstrap.event_handlers(deps)
    await on["unit.created"](samples.unit_created(CITY, "Thành phố Hà Nội", "city", []), POS)
    await on["unit.created"](samples.unit_created(DISTRICT, "Quận Thanh Xuân", "district", [CITY]), POS)
    for ward, name in WARDS.items():
        await on["unit.created"](samples.unit_created(ward, name, "ward", [CITY, DISTRICT]), POS)
    for ward, name in WARDS.items():  # every ward registered for the year (start-of-year, issue 3)
        registered = samples.registration_submitted(
            "co_thi_dua_thanh_pho", registration_id=f"dk-{ward}", subject_unit_id=ward, subject_name=name
        )
        await on["registration.submitted"](registered, POS)
    # Kim Giang proposes itself for Tập thể lao động xuất sắc (the district decides that one).
    await on["nomination.submitted"](
        samples.nomination_submitted(
            "hs-kg", award_code="tap_the_lao_dong_xuat_sac", award_name="Tập thể lao động xuất sắc"
        ),
        POS,
    )
    app = create_app(Settings(), deps)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://review") as http:
        yield deps, http


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def sheet(scorer: str, kind: str, points: tuple[int, int]) -> dict[str, Any]:
    why = "Chưa hoàn thành đủ chỉ tiêu"
    return {
        "scorer_id": scorer,
        "kind": kind,
        "marks": [
            {"ref_id": "I.1", "points": points[0], "comment": "" if points[0] == 60 else why},
            {"ref_id": "I.2", "points": points[1], "comment": "" if points[1] == 40 else why},
        ],
    }


async def cluster_year(http: httpx.AsyncClient, token: Any) -> str:
    """The district's cluster of its 11 wards scores them, publishes the ranking and honours the leader."""
    office = bearer(token("standing_office", DISTRICT))
    head = bearer(token("cluster_head", "p-kim-giang"))
    body = {"level_unit_id": DISTRICT, "name": "Cụm thi đua các phường quận Thanh Xuân", "year": 2020,
            "member_ids": list(WARDS), "head_id": "p-kim-giang", "deputy_id": "p-nhan-chinh"}  # fmt: skip
    cid: str = ok(await http.post("/clusters", json=body, headers=office), 201)["cluster_id"]
    ok(await http.put(f"/clusters/{cid}/criteria", json=CRITERIA, headers=head))
    pairs = ok(await http.post(f"/clusters/{cid}/inspections", json={"k": 2, "seed": "2020"}, headers=head))
    for ward in WARDS:
        officer = bearer(token("unit_officer", ward))
        ok(
            await http.put(
                f"/clusters/{cid}/sheets/{ward}", json=sheet(ward, "self", (60, 40)), headers=officer
            )
        )
    for pair in pairs["assignment"]["pairs"]:
        inspector, inspected = pair["inspector"], pair["inspected"]
        points = (59, 39) if inspected == LEADER else (50, 30)
        officer = bearer(token("unit_officer", inspector))
        url = f"/clusters/{cid}/sheets/{inspected}"
        ok(await http.put(url, json=sheet(inspector, "cross", points), headers=officer))
    ranking = ok(await http.post(f"/clusters/{cid}/ranking", json={}, headers=head))["results"]["ranking"]
    assert ranking[0]["unit_id"] == LEADER
    assert ranking[0]["final"] == 98
    ok(
        await http.post(
            f"/clusters/{cid}/honouring", json={"award_code": "co_thi_dua_thanh_pho"}, headers=head
        )
    )
    for ward in WARDS:
        choice = "p-kim-giang" if ward == LEADER else LEADER
        vote = {"voter_unit_id": ward, "approvals": [choice]}
        ok(
            await http.post(
                f"/clusters/{cid}/honouring/votes", json=vote, headers=bearer(token("unit_head", ward))
            ),
            201,
        )
    result = ok(await http.post(f"/clusters/{cid}/honouring/close", headers=head))["honouring"]["result"]
    assert [c["unit_id"] for c in result["candidates"] if c["leading"]] == [LEADER]
    return cid


async def council_votes(
    http: httpx.AsyncClient, token: Any, level: str, nominations: list[str], yes: int = 9, members: int = 9
) -> str:
    """The level's council of `members` meets, all present, and `yes` of them vote for each nomination."""
    office = bearer(token("standing_office", level))
    people = [f"{level}-tv{i}" for i in range(members)]
    council = {"members": [{"member_id": m, "name": f"Ủy viên {m}"} for m in people], "chair_id": people[0]}
    ok(await http.put(f"/councils/{level}", json=council, headers=office))
    session = {"level_unit_id": level, "held_on": "2020-12-28", "name": "Phiên họp xét khen thưởng năm 2020"}
    sid: str = ok(await http.post("/sessions", json=session, headers=office), 201)["session_id"]
    for nomination in nominations:
        ok(await http.post(f"/sessions/{sid}/agenda", json={"nomination_id": nomination}, headers=office))
    ok(await http.put(f"/sessions/{sid}/attendance", json={"present": people}, headers=office))
    ok(await http.post(f"/sessions/{sid}/open", headers=office))
    for i, member in enumerate(people):
        voter = bearer(token("council_chair" if i == 0 else "council_member", level, subject=member))
        for nomination in nominations:
            choice = {"choice": "yes" if i < yes else "no"}
            ok(await http.post(f"/sessions/{sid}/items/{nomination}/votes", json=choice, headers=voter), 201)
    ok(await http.post(f"/sessions/{sid}/close", headers=office))
    return people[0]


async def appraise_and_accept(
    http: httpx.AsyncClient, token: Any, nomination: str, level: str
) -> dict[str, Any]:
    office = bearer(token("standing_office", level))
    appraisal: dict[str, Any] = ok(await http.post(f"/nominations/{nomination}/appraisal", headers=office))[
        "appraisal"
    ]
    assert appraisal["results"] or appraisal["verdict"] == "manual"
    reason = {"override_reason": "Đã đối chiếu hồ sơ gốc và kết quả suy tôn của cụm"}
    ok(await http.post(f"/nominations/{nomination}/accept", json=reason, headers=office))
    check = ok(await http.get(f"/nominations/{nomination}/appraisal/verification", headers=office))
    assert check["intact"], check
    assert check["recomputed_matches"], check
    return appraisal


def events_of(doc: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (e["envelope"]["event_type"], e["envelope"]["payload"].get("status", ""))
        for e in doc.get("_outbox", [])
    ]


async def test_the_thanh_xuan_2020_year_plays_through(
    year_2020: Any, token: Any, mongo: Any, namespace: str
) -> None:
    deps, http = year_2020
    db = mongo[f"{namespace}_review"]

    # 1. The cluster scores its wards and honours Hạ Đình for the city's emulation flag.
    cid = await cluster_year(http, token)
    district_flag, district_own = f"{cid}:{LEADER}@{DISTRICT}", f"hs-kg@{DISTRICT}"
    check = ok(
        await http.get(f"/clusters/{cid}/ranking/verification", headers=bearer(token("viewer", LEADER)))
    )
    assert check["recomputed_matches"]
    cluster_events = [
        e["envelope"]["event_type"] for e in (await db["clusters"].find_one({"_id": cid}))["_outbox"]
    ]
    assert cluster_events == ["cluster_ranking.published"]

    # 2. The district's standing office appraises both nominations, rules explained.
    flag_appraisal = await appraise_and_accept(http, token, district_flag, DISTRICT)
    assert flag_appraisal["rule_set"].startswith("co_thi_dua_thanh_pho@")
    assert all(r["legal_basis"] for r in flag_appraisal["results"])
    await appraise_and_accept(http, token, district_own, DISTRICT)

    # 3. The district council votes; the chair decides its own award and forwards the city's.
    district_chair = await council_votes(http, token, DISTRICT, [district_flag, district_own])
    decision = {"level_unit_id": DISTRICT, "number": "2150/QĐ-UBND", "signed_on": "2020-12-30",
                "award_code": "tap_the_lao_dong_xuat_sac", "nomination_ids": [district_own]}  # fmt: skip
    chair = bearer(token("council_chair", DISTRICT, subject=district_chair))
    ok(await http.post("/decisions", json=decision, headers=chair), 201)
    outside = await http.post(
        "/decisions",
        json={
            **decision,
            "number": "2151/QĐ-UBND",
            "award_code": "co_thi_dua_thanh_pho",
            "nomination_ids": [district_flag],
        },
        headers=chair,
    )
    assert outside.json()["error"]["code"] == "OUTSIDE_AUTHORITY"
    office = bearer(token("standing_office", DISTRICT))
    forwarded = ok(await http.post(f"/nominations/{district_flag}/forward", headers=office))
    assert forwarded["status"] == "forwarded"
    city_flag = f"{cid}:{LEADER}@{CITY}"

    # 4. The city appraises what arrived with the district's results, its council votes, its chair decides.
    at_city = ok(await http.get(f"/nominations/{city_flag}", headers=bearer(token("standing_office", CITY))))
    assert at_city["status"] == "received"
    assert [e["level_unit_id"] for e in at_city["endorsements"]] == [DISTRICT]
    assert at_city["endorsements"][0]["tally"]["yes"] == 9
    await appraise_and_accept(http, token, city_flag, CITY)
    city_chair = await council_votes(http, token, CITY, [city_flag], yes=14, members=15)
    city_decision = {"level_unit_id": CITY, "number": "5012/QĐ-UBND", "signed_on": "2021-01-20",
                     "award_code": "co_thi_dua_thanh_pho", "nomination_ids": [city_flag]}  # fmt: skip
    issued = ok(
        await http.post(
            "/decisions", json=city_decision, headers=bearer(token("council_chair", CITY, subject=city_chair))
        ),
        201,
    )
    assert [a["subject_name"] for a in issued["awardees"]] == ["Phường Hạ Đình"]

    # Every step is visible to the units concerned.
    ward = bearer(token("unit_officer", LEADER))
    seen_at_district = ok(await http.get(f"/nominations/{district_flag}", headers=ward))
    seen_at_city = ok(await http.get(f"/nominations/{city_flag}", headers=ward))
    assert [h["status"] for h in seen_at_district["history"]] == [
        "received", "appraised", "on_agenda", "voted", "forwarded"
    ]  # fmt: skip
    assert [h["status"] for h in seen_at_city["history"]] == [
        "received", "appraised", "on_agenda", "voted", "decided"
    ]  # fmt: skip
    kim_giang = ok(
        await http.get(f"/nominations/{district_own}", headers=bearer(token("unit_officer", "p-kim-giang")))
    )
    assert kim_giang["status"] == "decided"
    assert kim_giang["decision_id"] == f"{DISTRICT}|2150/QĐ-UBND"
    other_ward = await http.get(
        f"/nominations/{district_own}", headers=bearer(token("unit_officer", "p-nhan-chinh"))
    )
    assert other_ward.status_code == 403

    # ... and published as events, through the outbox, for notify and reporting.
    city_doc = await db["nominations"].find_one({"_id": city_flag})
    assert events_of(city_doc) == [
        ("nomination.status_changed", s) for s in ("received", "appraised", "on_agenda", "voted", "decided")
    ]
    session_events = sorted(
        e["envelope"]["event_type"]
        for s in await db["council_sessions"].find().to_list(None)
        for e in s["_outbox"]
    )
    assert session_events == ["council_session.closed"] * 2 + ["council_session.scheduled"] * 2
    assert await db["decisions"].count_documents({}) == 2

    # The award joins Hạ Đình's history: next year's appraisal reads it.
    history = await deps.awards.of_subject(LEADER)
    assert [(r.code, r.year, r.decision_number) for r in history] == [
        ("co_thi_dua_thanh_pho", 2020, "5012/QĐ-UBND")
    ]
    assert verify(await deps.chain.records()) is None


async def citizen_accepted(deps: Any, http: httpx.AsyncClient, token: Any, dossier: str, name: str) -> str:
    """Thanh Xuân proposes a person for Công dân Thủ đô ưu tú; the city appraises and accepts it."""
    citizen = samples.nomination_submitted(
        dossier, receiving_unit_id=CITY, proposing_unit_id=DISTRICT, proposing_unit_name="Quận Thanh Xuân",
        subject_kind="individual", subject_name=name, subject_unit_id=None,
        award_code="cong_dan_thu_do_uu_tu", award_name="Công dân Thủ đô ưu tú", dossier_kind="exemplar",
    )  # fmt: skip
    await bootstrap.event_handlers(deps)["nomination.submitted"](citizen, POS)
    nomination = f"{dossier}@{CITY}"
    await appraise_and_accept(http, token, nomination, CITY)
    return nomination


async def test_a_capital_citizen_waits_for_the_public_comment_before_the_decision(
    year_2020: Any, token: Any, mongo: Any, namespace: str
) -> None:
    deps, http = year_2020
    nomination = await citizen_accepted(deps, http, token, "hs-cd", "Nguyễn Văn Tâm")
    office = bearer(token("standing_office", CITY))
    early = await http.post(
        f"/nominations/{nomination}/public-comment",
        json={"published_on": "2020-12-29", "channel": "Báo Hà Nội Mới"},
        headers=office,
    )
    assert early.json()["error"]["code"] == "NOT_VOTED"
    chair_id = await council_votes(http, token, CITY, [nomination], yes=14, members=15)
    chair = bearer(token("council_chair", CITY, subject=chair_id))
    decision = {"level_unit_id": CITY, "number": "101/QĐ-UBND", "signed_on": "2021-01-11",
                "award_code": "cong_dan_thu_do_uu_tu", "nomination_ids": [nomination]}  # fmt: skip
    unpublished = await http.post("/decisions", json=decision, headers=chair)
    assert unpublished.json()["error"]["code"] == "COMMENT_PERIOD_NOT_STARTED"

    comment = {"published_on": "2020-12-29", "channel": "Cổng thông tin điện tử Thành phố"}
    ward = await http.post(
        f"/nominations/{nomination}/public-comment",
        json=comment,
        headers=bearer(token("unit_officer", "p-kim-giang")),
    )
    assert ward.status_code == 403
    published = ok(await http.post(f"/nominations/{nomination}/public-comment", json=comment, headers=office))
    # 30, 31/12, (1/1 Tết Dương lịch), 4–8/1: seven working days, the last on Friday 8/1/2021.
    assert published["public_comment"]["ends_on"] == "2021-01-08"
    again = await http.post(f"/nominations/{nomination}/public-comment", json=comment, headers=office)
    assert again.json()["error"]["code"] == "COMMENT_ALREADY_OPEN"
    too_soon = await http.post("/decisions", json={**decision, "signed_on": "2021-01-08"}, headers=chair)
    assert too_soon.status_code == 409
    assert too_soon.json()["error"]["code"] == "COMMENT_PERIOD_OPEN"
    assert "09/01/2021" in too_soon.json()["error"]["message"]
    ok(await http.post("/decisions", json=decision, headers=chair), 201)
    doc = await mongo[f"{namespace}_review"]["nominations"].find_one({"_id": nomination})
    assert [t for t, _ in events_of(doc)].count("public_comment.opened") == 1


@pytest.fixture
async def two_levels(service_env: Any) -> Any:
    """The tree since 1/7/2025: wards directly under the city; a school proposes to its ward."""
    deps = bootstrap.deps(Settings(), clock=lambda: datetime(2025, 12, 15, 3, 0, tzinfo=UTC))
    on = bootstrap.event_handlers(deps)
    await on["unit.created"](samples.unit_created(CITY, "Thành phố Hà Nội", "city", []), POS)
    await on["unit.created"](samples.unit_created("p-thanh-xuan", "Phường Thanh Xuân", "ward", [CITY]), POS)
    school = "th-kim-giang"
    await on["unit.created"](
        samples.unit_created(school, "Trường Tiểu học Kim Giang", "school", [CITY, "p-thanh-xuan"]), POS
    )
    proposal = samples.nomination_submitted(
        "hs-2025", year=2025, proposing_unit_id=school, proposing_unit_name="Trường Tiểu học Kim Giang",
        receiving_unit_id="p-thanh-xuan", subject_unit_id=school, subject_name="Trường Tiểu học Kim Giang",
        dossier_kind="exceptional",
    )  # fmt: skip
    await on["nomination.submitted"](
        proposal.model_copy(update={"unit_path": [CITY, "p-thanh-xuan", school], "unit_id": school}), POS
    )
    app = create_app(Settings(), deps)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://review") as http:
        yield http


async def test_after_2025_a_ward_forwards_straight_to_the_city(two_levels: Any, token: Any) -> None:
    http = two_levels
    at_ward = "hs-2025@p-thanh-xuan"
    await appraise_and_accept(http, token, at_ward, "p-thanh-xuan")
    ward_chair = await council_votes(http, token, "p-thanh-xuan", [at_ward], yes=5, members=7)
    decision = {"level_unit_id": "p-thanh-xuan", "number": "15/QĐ-UBND", "signed_on": "2025-12-20",
                "award_code": "bang_khen_thanh_pho", "nomination_ids": [at_ward]}  # fmt: skip
    chair = bearer(token("council_chair", "p-thanh-xuan", subject=ward_chair))
    assert (await http.post("/decisions", json=decision, headers=chair)).json()["error"][
        "code"
    ] == "OUTSIDE_AUTHORITY"
    ok(
        await http.post(
            f"/nominations/{at_ward}/forward", headers=bearer(token("standing_office", "p-thanh-xuan"))
        )
    )
    at_city = ok(
        await http.get(f"/nominations/hs-2025@{CITY}", headers=bearer(token("standing_office", CITY)))
    )
    assert at_city["status"] == "received"
    assert [e["level_unit_id"] for e in at_city["endorsements"]] == ["p-thanh-xuan"]
    school = ok(
        await http.get(f"/nominations/hs-2025@{CITY}", headers=bearer(token("unit_officer", "th-kim-giang")))
    )
    assert school["history"][0]["reasons"] == ["Trình từ Phường Thanh Xuân"]


async def test_a_day_off_the_city_office_enters_moves_the_end_of_the_comment_period(
    year_2020: Any, token: Any
) -> None:
    deps, http = year_2020
    nomination = await citizen_accepted(deps, http, token, "hs-cd2", "Trần Thị Hoa")
    await council_votes(http, token, CITY, [nomination], yes=14, members=15)
    starting = ok(await http.get("/holidays/2021", headers=bearer(token("viewer", "p-kim-giang"))))
    assert starting["is_default"] is True
    assert "chưa đối chiếu" in starting["source"]
    missing = await http.get("/holidays/2031", headers=bearer(token("viewer", "p-kim-giang")))
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "NO_HOLIDAY_DATA")

    office = bearer(token("standing_office", CITY))
    year = {
        "days_off": [
            {"first": "2021-01-01", "last": "2021-01-01", "occasion": "Tết Dương lịch"},
            {
                "first": "2021-01-04",
                "last": "2021-01-04",
                "occasion": "Nghỉ theo thông báo riêng của Thành phố",
            },
        ],
        "source": "Thông báo số 12/TB-UBND ngày 20/12/2020 (giả định cho kiểm thử)",
    }
    district = await http.put("/holidays/2021", json=year, headers=bearer(token("standing_office", DISTRICT)))
    assert (district.status_code, district.json()["error"]["code"]) == (403, "NOT_CITY_OFFICE")
    for wrong, field in (
        ({"source": " "}, "source"),
        ({"days_off": [{"first": "2021-01-05", "last": "2021-01-04", "occasion": "Tết"}]}, "days_off[0]"),
        ({"days_off": [{"first": "2022-01-03", "last": "2022-01-03", "occasion": "Tết"}]}, "days_off[0]"),
        ({"make_up_days": ["2021-01-05"]}, "make_up_days[0]"),
    ):
        refused = await http.put("/holidays/2021", json={**year, **wrong}, headers=office)
        assert (refused.status_code, refused.json()["error"]["field"]) == (422, field), refused.text
    assert ok(await http.get("/holidays/2021", headers=office))["is_default"] is True  # nothing half-written
    entered = ok(await http.put("/holidays/2021", json=year, headers=office))
    assert (entered["is_default"], entered["updated_by"]) == (False, "tester")

    comment = {"published_on": "2020-12-29", "channel": "Cổng thông tin điện tử Thành phố"}
    published = ok(await http.post(f"/nominations/{nomination}/public-comment", json=comment, headers=office))
    # 30, 31/12, (1/1), (4/1 entered as a day off), 5–8/1, 11/1: the seventh working day is Monday 11/1.
    assert published["public_comment"]["ends_on"] == "2021-01-11"


async def test_the_public_reads_candidates_under_comment_and_decisions_without_signing_in(
    year_2020: Any, token: Any
) -> None:
    deps, http = year_2020
    nomination = await citizen_accepted(deps, http, token, "hs-cd3", "Lê Thị Mai")
    chair_id = await council_votes(http, token, CITY, [nomination], yes=14, members=15)
    assert ok(await http.get("/public/comments")) == []  # voted, not yet published
    office = bearer(token("standing_office", CITY))
    comment = {"published_on": "2020-12-14", "channel": "Cổng thông tin điện tử Thành phố"}
    ok(await http.post(f"/nominations/{nomination}/public-comment", json=comment, headers=office))

    [candidate] = ok(await http.get("/public/comments"))  # no token: the list is public
    assert candidate == {
        "name": "Lê Thị Mai", "unit_name": "Quận Thanh Xuân", "award_name": "Công dân Thủ đô ưu tú",
        "level_name": "Thành phố Hà Nội", "published_on": "2020-12-14", "ends_on": "2020-12-23",
        "channel": "Cổng thông tin điện tử Thành phố",
    }  # fmt: skip

    decision = {"level_unit_id": CITY, "number": "102/QĐ-UBND", "signed_on": "2020-12-28",
                "award_code": "cong_dan_thu_do_uu_tu", "nomination_ids": [nomination]}  # fmt: skip
    ok(
        await http.post(
            "/decisions", json=decision, headers=bearer(token("council_chair", CITY, subject=chair_id))
        ),
        201,
    )
    published = await http.get("/public/decisions", params={"level_unit_id": CITY, "year": 2020})
    assert published.status_code == 200
    [item] = [d for d in published.json()["items"] if d["number"] == "102/QĐ-UBND"]
    assert (item["signed_on"], item["level_name"], item["award_name"]) == (
        "2020-12-28", "Thành phố Hà Nội", "Công dân Thủ đô ưu tú",
    )  # fmt: skip
    assert item["awardees"] == [{"name": "Lê Thị Mai", "unit_name": "Quận Thanh Xuân", "kind": "individual"}]
    for private in ("signer", "ballot", "nomination", "subject_id", chair_id, "content_hash"):
        assert private not in published.text, private
    assert ok(await http.get("/public/comments")) == []  # decided: the comment period is over


async def test_the_decision_and_its_submission_come_as_papers_from_the_data(
    year_2020: Any, token: Any
) -> None:
    deps, http = year_2020
    nomination = await citizen_accepted(deps, http, token, "hs-cd4", "Phạm Văn Hưng")
    chair_id = await council_votes(http, token, CITY, [nomination], yes=14, members=15)
    comment = {"published_on": "2020-12-14", "channel": "Cổng thông tin điện tử Thành phố"}
    office = bearer(token("standing_office", CITY))
    ok(await http.post(f"/nominations/{nomination}/public-comment", json=comment, headers=office))
    decision = {"level_unit_id": CITY, "number": "103/QĐ-UBND", "signed_on": "2020-12-28",
                "award_code": "cong_dan_thu_do_uu_tu", "nomination_ids": [nomination]}  # fmt: skip
    chair = bearer(token("council_chair", CITY, subject=chair_id))
    decision_id = ok(await http.post("/decisions", json=decision, headers=chair), 201)["decision_id"]

    def text_of(content: bytes) -> tuple[str, list[list[str]]]:
        doc = Document(io.BytesIO(content))
        body = "\n".join(p.text for p in doc.paragraphs)
        cells = [[c.text for c in row.cells] for table in doc.tables for row in table.rows]
        return body + "\n" + "\n".join(" ".join(r) for r in cells), cells

    got = await http.get("/decisions/paper.docx", params={"decision_id": decision_id}, headers=office)
    assert got.status_code == 200, got.text
    text, cells = text_of(got.content)
    for expected in (
        "QUYẾT ĐỊNH", "Số: 103/QĐ-UBND", "Hà Nội, ngày 28 tháng 12 năm 2020",
        "Về việc tặng danh hiệu “Công dân Thủ đô ưu tú” năm 2020", "Căn cứ Luật Thi đua, khen thưởng",
        "Căn cứ QĐ 35/2024, QĐ 71/2025 của UBND TP;",  # the rule set's legal basis on the signing day
        "Điều 1. Tặng danh hiệu “Công dân Thủ đô ưu tú” năm 2020 cho 1 tập thể, cá nhân",
        "CHỦ TỊCH", "(Kèm theo Quyết định số 103/QĐ-UBND ngày 28/12/2020)",
    ):  # fmt: skip
        assert expected in text, expected
    assert ["1", "Phạm Văn Hưng", "Quận Thanh Xuân"] in cells
    submitted = await http.get(
        "/decisions/paper.docx", params={"decision_id": decision_id, "kind": "submission"}, headers=office
    )
    text, cells = text_of(submitted.content)
    assert "TỜ TRÌNH" in text
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân Thành phố Hà Nội" in text
    [row] = [r for r in cells if "Phạm Văn Hưng" in r]
    assert row[3].startswith("Đồng ý 14/15")
    ward = await http.get(
        "/decisions/paper.docx",
        params={"decision_id": decision_id},
        headers=bearer(token("unit_officer", "p-kim-giang")),
    )
    assert ward.status_code == 403
    unknown = await http.get("/decisions/paper.docx", params={"decision_id": "x|1"}, headers=office)
    assert unknown.status_code == 404

    # The same papers as PDF, laid out by LibreOffice (issue 18.8): the text reads back from the pages.
    office_tools()
    pdf = await http.get("/decisions/paper.pdf", params={"decision_id": decision_id}, headers=office)
    assert (pdf.status_code, pdf.headers["content-type"]) == (200, "application/pdf"), pdf.text
    assert pdf.headers["content-disposition"] == 'attachment; filename="quyet-dinh.pdf"'
    keep_document("quyet-dinh.pdf", pdf.content)
    pages = pdf_pages(pdf.content)
    for expected in ("QUYẾT ĐỊNH", "Số: 103/QĐ-UBND", "Hà Nội, ngày 28 tháng 12 năm 2020", "CHỦ TỊCH"):
        assert expected in pages[0], expected
    assert "Phạm Văn Hưng" in pages[-1]  # the appendix of awardees
    refused = await http.get(
        "/decisions/paper.pdf",
        params={"decision_id": decision_id, "kind": "submission"},
        headers=bearer(token("unit_officer", "p-kim-giang")),
    )
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "FORBIDDEN_UNIT")
    submission_pdf = await http.get(
        "/decisions/paper.pdf", params={"decision_id": decision_id, "kind": "submission"}, headers=office
    )
    keep_document("to-trinh.pdf", submission_pdf.content)
    assert "TỜ TRÌNH" in pdf_pages(submission_pdf.content)[0]
