"""Who may take review's later steps: vote, decide, forward, publish for comment, score, honour, verify.

Same places and roles as test_authorization_matrix.py: one literal table per step, one case per
(role, place). An allowed case acts on something of its own (a fresh nomination, session or
cluster) and must change it; a refused one acts on a shared target and must change nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest

from emutrack_contracts import samples
from emutrack_kit.auth import Role
from emutrack_kit_testing.office import office_tools, pdf_pages

from .matrix import AT, as_, cases, check_tables
from .review_world import POS, Review, review_on

LEVEL = "q-thanh-xuan"
MEMBERS = ["m1", "m2", "m3"]  # Thanh Xuân's council; m1 chairs it
WARDS = ["p-kim-giang", "p-khuong-dinh", "p-ha-dinh"]

# POST /sessions/{id}/items/{nomination}/votes (as member m2): the level's council members and chair.
VOTE_IN_THANH_XUAN_SESSION: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (403,      403,        403,    403,         403),
    "unit_head":       (403,      403,        403,    403,         403),
    "standing_office": (403,      403,        403,    403,         403),
    "council_member":  (403,      201,        403,    403,         403),
    "council_chair":   (403,      201,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (403,      403,        403,    403,         403),
}  # fmt: skip
# POST /decisions for Thanh Xuân (signed as m1): only the level's council chair signs.
ISSUE_THANH_XUAN_DECISION: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (403,      403,        403,    403,         403),
    "unit_head":       (403,      403,        403,    403,         403),
    "standing_office": (403,      403,        403,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      201,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (403,      403,        403,    403,         403),
}  # fmt: skip
# POST /nominations/{id}/forward and /public-comment on a voted Thanh Xuân nomination: the level's
# standing office, or an admin whose binding covers the level.
ACT_ON_VOTED_NOMINATION: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (403,      403,        403,    403,         403),
    "unit_head":       (403,      403,        403,    403,         403),
    "standing_office": (403,      200,        403,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (403,      200,        200,    403,         403),
}  # fmt: skip
# POST /nominations/{id}/central-outcome on a voted Thanh Xuân nomination: recording what came back from
# above the city is the level office's act; those allowed learn it was never sent there (409), after it.
RECORD_CENTRAL_OUTCOME = {
    role: tuple(409 if code == 200 else code for code in row) for role, row in ACT_ON_VOTED_NOMINATION.items()
}
# GET /central-outcomes.xlsx and POST /central-outcomes/xlsx of Thanh Xuân: its own standing office (or an
# admin bound to it); 200 for the sheet, 422 for an upload that is no spreadsheet (judged after).
CENTRAL_OUTCOMES_SHEET: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (403,      403,        403,    403,         403),
    "unit_head":       (403,      403,        403,    403,         403),
    "standing_office": (403,      200,        403,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (403,      200,        403,    403,         403),
}  # fmt: skip
# POST /appraisals {Thanh Xuân, 2020}: appraising the level's whole round is the level office's act too.
APPRAISE_THANH_XUAN_ROUND = ACT_ON_VOTED_NOMINATION
# PUT /clusters/{id}/sheets/p-kim-giang (Kim Giang's self-assessment): its officer or head.
FILL_KIM_GIANG_SHEET: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (200,      403,        403,    403,         403),
    "unit_head":       (200,      403,        403,    403,         403),
    "standing_office": (403,      403,        403,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (403,      403,        403,    403,         403),
}  # fmt: skip
# POST /clusters/{id}/ranking, /honouring, /honouring/close: the head unit's cluster head only.
LEAD_THE_CLUSTER: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (403,      403,        403,    403,         403),
    "unit_head":       (403,      403,        403,    403,         403),
    "standing_office": (403,      403,        403,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (200,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (403,      403,        403,    403,         403),
}  # fmt: skip
# POST /clusters/{id}/honouring/votes for Kim Giang: Kim Giang's head only (a unit votes, by its head).
HONOUR_AS_KIM_GIANG: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (403,      403,        403,    403,         403),
    "unit_head":       (201,      403,        403,    403,         403),
    "standing_office": (403,      403,        403,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (403,      403,        403,    403,         403),
}  # fmt: skip
# GET /nominations/{id}/appraisal/verification: whoever reads Kim Giang's nomination.
VERIFY_KIM_GIANG_APPRAISAL: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (200,      403,        403,    403,         403),
    "unit_head":       (200,      403,        403,    403,         403),
    "standing_office": (200,      200,        200,    403,         403),
    "council_member":  (200,      200,        200,    403,         403),
    "council_chair":   (200,      200,        200,    403,         403),
    "cluster_head":    (200,      403,        403,    403,         403),
    "viewer":          (200,      200,        200,    403,         403),
    "admin":           (200,      200,        200,    403,         403),
}  # fmt: skip
# GET /clusters/{id}/ranking/verification: the cluster's members and its level (as reading the cluster).
VERIFY_CLUSTER_RANKING: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (200,      403,        403,    200,         403),
    "unit_head":       (200,      403,        403,    200,         403),
    "standing_office": (200,      200,        403,    200,         403),
    "council_member":  (200,      200,        403,    200,         403),
    "council_chair":   (200,      200,        403,    200,         403),
    "cluster_head":    (200,      403,        403,    200,         403),
    "viewer":          (200,      200,        403,    200,         403),
    "admin":           (200,      200,        403,    200,         403),
}  # fmt: skip
# GET /clusters (always 200): is Kim Giang's cluster listed? For whoever may read it (as reading the cluster).
SEEN, HIDDEN = "seen", "hidden"
LIST_SHOWS_KIM_GIANG_CLUSTER: dict[str, tuple[str, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (SEEN,     HIDDEN,     HIDDEN, SEEN,        HIDDEN),
    "unit_head":       (SEEN,     HIDDEN,     HIDDEN, SEEN,        HIDDEN),
    "standing_office": (SEEN,     SEEN,       HIDDEN, SEEN,        HIDDEN),
    "council_member":  (SEEN,     SEEN,       HIDDEN, SEEN,        HIDDEN),
    "council_chair":   (SEEN,     SEEN,       HIDDEN, SEEN,        HIDDEN),
    "cluster_head":    (SEEN,     HIDDEN,     HIDDEN, SEEN,        HIDDEN),
    "viewer":          (SEEN,     SEEN,       HIDDEN, SEEN,        HIDDEN),
    "admin":           (SEEN,     SEEN,       HIDDEN, SEEN,        HIDDEN),
}  # fmt: skip
# POST /rule-sets/{award}/revisions: the city's standing office (or an admin bound to the city).
REVISE_AWARD_RULES: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (403,      403,        403,    403,         403),
    "unit_head":       (403,      403,        403,    403,         403),
    "standing_office": (403,      403,        201,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (403,      403,        201,    403,         403),
}  # fmt: skip
# PUT /holidays/{year}: like the rule sets, the city's standing office (or an admin bound to the city).
ENTER_DAYS_OFF: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (403,      403,        403,    403,         403),
    "unit_head":       (403,      403,        403,    403,         403),
    "standing_office": (403,      403,        200,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (403,      403,        200,    403,         403),
}  # fmt: skip
# GET /sessions?level_unit_id=q-thanh-xuan: the level's own office, council and viewers (bound to it).
READ_THANH_XUAN_SESSIONS: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (403,      403,        403,    403,         403),
    "unit_head":       (403,      403,        403,    403,         403),
    "standing_office": (403,      200,        403,    403,         403),
    "council_member":  (403,      200,        403,    403,         403),
    "council_chair":   (403,      200,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      200,        403,    403,         403),
    "admin":           (403,      200,        403,    403,         403),
}  # fmt: skip
# GET /decisions/paper.docx of a Thanh Xuân decision: the subtree roles of the level and above it.
READ_THANH_XUAN_PAPERS: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (403,      403,        403,    403,         403),
    "unit_head":       (403,      403,        403,    403,         403),
    "standing_office": (403,      200,        200,    403,         403),
    "council_member":  (403,      200,        200,    403,         403),
    "council_chair":   (403,      200,        200,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      200,        200,    403,         403),
    "admin":           (403,      200,        200,    403,         403),
}  # fmt: skip
# GET /rule-sets, /rule-sets/{award}: the rules are public to every authenticated caller.
READ_AWARD_RULES: dict[str, tuple[int, ...]] = {role: (200,) * 5 for role in (r.value for r in Role)}
# GET /holidays/{year}: the days off periods are counted on are public to every authenticated caller.
READ_DAYS_OFF = READ_AWARD_RULES
TABLES = {
    "vote": VOTE_IN_THANH_XUAN_SESSION,
    "decide": ISSUE_THANH_XUAN_DECISION,
    "act on voted": ACT_ON_VOTED_NOMINATION,
    "appraise round": APPRAISE_THANH_XUAN_ROUND,
    "fill sheet": FILL_KIM_GIANG_SHEET,
    "lead cluster": LEAD_THE_CLUSTER,
    "honour": HONOUR_AS_KIM_GIANG,
    "verify appraisal": VERIFY_KIM_GIANG_APPRAISAL,
    "verify ranking": VERIFY_CLUSTER_RANKING,
    "list clusters": LIST_SHOWS_KIM_GIANG_CLUSTER,
    "revise rules": REVISE_AWARD_RULES,
    "read rules": READ_AWARD_RULES,
    "read sessions": READ_THANH_XUAN_SESSIONS,
    "enter days off": ENTER_DAYS_OFF,
    "read papers": READ_THANH_XUAN_PAPERS,
    "record central outcome": RECORD_CENTRAL_OUTCOME,
    "central outcomes sheet": CENTRAL_OUTCOMES_SHEET,
    "read days off": READ_DAYS_OFF,
}
CRITERIA = {
    "sections": [
        {
            "section_id": "I",
            "title": "Nhiệm vụ chính trị",
            "criteria": [{"criterion_id": "I.1", "text": "Chỉ tiêu kinh tế - xã hội", "max_points": 100}],
        }
    ]
}


def test_every_table_has_a_row_per_role_and_a_column_per_place() -> None:
    check_tables(TABLES)


OFFICE, CHAIR, HEAD = (
    as_("standing_office", LEVEL),
    as_("council_chair", LEVEL, "m1"),
    as_("cluster_head", WARDS[0]),
)


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


class World(Review):
    """Review on its own namespace: the tree, Kim Giang registered, Thanh Xuân's council."""

    async def nomination(self, award: str = "tap_the_lao_dong_xuat_sac") -> str:
        """A fresh Kim Giang nomination at Thanh Xuân, appraised and accepted."""
        dossier = f"hs-{uuid.uuid4().hex[:8]}"
        person = {"subject_kind": "individual", "subject_name": "Nguyễn Văn Tâm", "subject_unit_id": None,
                  "dossier_kind": "exemplar"}  # fmt: skip
        subject = person if award == "cong_dan_thu_do_uu_tu" else {}
        await self.on["nomination.submitted"](
            samples.nomination_submitted(dossier, award_code=award, award_name=award, **subject), POS
        )
        nomination = f"{dossier}@{LEVEL}"
        ok(await self.http.post(f"/nominations/{nomination}/appraisal", headers=OFFICE))
        reason = {"override_reason": "Đã đối chiếu hồ sơ gốc tại phường"}
        ok(await self.http.post(f"/nominations/{nomination}/accept", json=reason, headers=OFFICE))
        return nomination

    async def decided(self) -> str:
        """A fresh decision of Thanh Xuân's chair on a voted nomination; its id."""
        # A Giấy khen: a Tập thể LĐXS decided here would make the other cases' nominations ineligible.
        number, nomination = f"{uuid.uuid4().hex[:6]}/QĐ-UBND", await self.voted("giay_khen")
        body = {"level_unit_id": LEVEL, "number": number, "signed_on": "2020-12-30",
                "award_code": "giay_khen", "nomination_ids": [nomination]}  # fmt: skip
        return str(ok(await self.http.post("/decisions", json=body, headers=CHAIR), 201)["decision_id"])

    async def open_session(self, nomination: str) -> str:
        """A Thanh Xuân session with the nomination on its agenda, everyone present, open."""
        body = {"level_unit_id": LEVEL, "held_on": "2020-12-28", "name": "Phiên họp cuối năm"}
        sid: str = ok(await self.http.post("/sessions", json=body, headers=OFFICE), 201)["session_id"]
        ok(
            await self.http.post(
                f"/sessions/{sid}/agenda", json={"nomination_id": nomination}, headers=OFFICE
            )
        )
        ok(await self.http.put(f"/sessions/{sid}/attendance", json={"present": MEMBERS}, headers=OFFICE))
        ok(await self.http.post(f"/sessions/{sid}/open", headers=OFFICE))
        return sid

    async def voted(self, award: str = "tap_the_lao_dong_xuat_sac") -> str:
        """A fresh nomination every council member voted for."""
        nomination = await self.nomination(award)
        sid = await self.open_session(nomination)
        for member in MEMBERS:
            voter = as_("council_chair" if member == "m1" else "council_member", LEVEL, member)
            ok(
                await self.http.post(
                    f"/sessions/{sid}/items/{nomination}/votes", json={"choice": "yes"}, headers=voter
                ),
                201,
            )
        ok(await self.http.post(f"/sessions/{sid}/close", headers=OFFICE))
        return nomination

    async def cluster(self, stage: str = "drawn") -> str:
        """A fresh cluster of three wards headed by Kim Giang, taken to `stage`.

        Stages: drawn (inspections assigned), scored (sheets in), ranked, honouring (vote open).
        """
        stages = ["drawn", "scored", "ranked", "honouring"]
        upto = stages.index(stage)
        body = {"level_unit_id": LEVEL, "name": "Cụm thi đua số 2", "year": 2020, "member_ids": WARDS,
                "head_id": WARDS[0], "deputy_id": WARDS[1]}  # fmt: skip
        cid: str = ok(await self.http.post("/clusters", json=body, headers=OFFICE), 201)["cluster_id"]
        ok(await self.http.put(f"/clusters/{cid}/criteria", json=CRITERIA, headers=HEAD))
        drawn = ok(
            await self.http.post(f"/clusters/{cid}/inspections", json={"k": 1, "seed": "s"}, headers=HEAD)
        )
        if upto < stages.index("scored"):
            return cid
        for pair in drawn["assignment"]["pairs"]:
            inspector, inspected = pair["inspector"], pair["inspected"]
            sheet = {"scorer_id": inspector, "kind": "cross", "marks": [{"ref_id": "I.1", "points": 100}]}
            url = f"/clusters/{cid}/sheets/{inspected}"
            ok(await self.http.put(url, json=sheet, headers=as_("unit_officer", inspector)))
        if upto >= stages.index("ranked"):
            ok(await self.http.post(f"/clusters/{cid}/ranking", json={}, headers=HEAD))
        if upto >= stages.index("honouring"):
            award = {"award_code": "co_thi_dua_thanh_pho"}
            ok(await self.http.post(f"/clusters/{cid}/honouring", json=award, headers=HEAD))
        return cid


@pytest.fixture(scope="module")
async def world(infra: Any) -> AsyncIterator[World]:
    units = [("ha-noi", "city", []), (LEVEL, "district", ["ha-noi"]), ("q-hoang-mai", "district", ["ha-noi"])]
    units += [(w, "ward", ["ha-noi", LEVEL]) for w in WARDS]
    async with review_on(infra, datetime(2020, 12, 20, 3, 0, tzinfo=UTC), units) as running:
        registered = samples.registration_submitted("tap_the_lao_dong_tien_tien")
        await running.on["registration.submitted"](registered, POS)
        council = {"members": [{"member_id": m, "name": f"Ủy viên {m}"} for m in MEMBERS], "chair_id": "m1"}
        ok(await running.http.put(f"/councils/{LEVEL}", json=council, headers=OFFICE))
        yield World(running.http, running.db, running.on)


@pytest.fixture(scope="module")
async def shared(world: World) -> dict[str, str]:
    """Targets the refused cases try: an open session's item, voted nominations, clusters."""
    open_item = await world.nomination()
    return {
        "open_item": open_item,
        "session": await world.open_session(open_item),
        "voted": await world.voted(),
        "voted_citizen": await world.voted("cong_dan_thu_do_uu_tu"),
        "drawn": await world.cluster("drawn"),
        "scored": await world.cluster("scored"),
        "ranked": await world.cluster("ranked"),
        "honouring": await world.cluster("honouring"),
        "decision": await world.decided(),
    }


def refused(response: httpx.Response, expected: int) -> None:
    assert response.status_code == expected, response.text
    assert response.json()["error"]["code"] in (
        "FORBIDDEN_UNIT", "NOT_LEVEL_OFFICE", "NOT_LEVEL_COUNCIL", "NOT_CLUSTER_ROLE"
    ), response.text  # fmt: skip


@pytest.mark.parametrize(("role", "unit", "expected"), cases(VOTE_IN_THANH_XUAN_SESSION))
async def test_vote_in_thanh_xuan_session(
    world: World, shared: dict[str, str], role: str, unit: str, expected: int
) -> None:
    nomination, sid = shared["open_item"], shared["session"]
    if expected == 201:
        nomination = await world.nomination()
        sid = await world.open_session(nomination)
    before = await world.db["voter_rolls"].count_documents({})
    response = await world.http.post(
        f"/sessions/{sid}/items/{nomination}/votes", json={"choice": "yes"}, headers=as_(role, unit, "m2")
    )
    after = await world.db["voter_rolls"].count_documents({})
    if expected == 201:
        assert response.status_code == 201, response.text
        assert after == before + 1
    else:
        refused(response, expected)
        assert after == before


@pytest.mark.parametrize(("role", "unit", "expected"), cases(ISSUE_THANH_XUAN_DECISION))
async def test_issue_thanh_xuan_decision(
    world: World, shared: dict[str, str], role: str, unit: str, expected: int
) -> None:
    nomination = await world.voted() if expected == 201 else shared["voted"]
    body = {"level_unit_id": LEVEL, "number": f"{uuid.uuid4().hex[:6]}/QĐ-UBND", "signed_on": "2020-12-30",
            "award_code": "tap_the_lao_dong_xuat_sac", "nomination_ids": [nomination]}  # fmt: skip
    response = await world.http.post("/decisions", json=body, headers=as_(role, unit, "m1"))
    stored = await world.db["nominations"].find_one({"_id": nomination})
    if expected == 201:
        assert response.status_code == 201, response.text
        assert stored["status"] == "decided"
    else:
        refused(response, expected)
        assert stored["status"] == "voted"


@pytest.mark.parametrize("step", ["forward", "public-comment"])
@pytest.mark.parametrize(("role", "unit", "expected"), cases(ACT_ON_VOTED_NOMINATION))
async def test_act_on_a_voted_nomination(
    world: World, shared: dict[str, str], role: str, unit: str, expected: int, step: str
) -> None:
    # Bằng khen of the city is forwarded; Công dân Thủ đô ưu tú is published for comment first.
    award, key = (
        ("bang_khen_thanh_pho", "voted") if step == "forward" else ("cong_dan_thu_do_uu_tu", "voted_citizen")
    )
    nomination = await world.voted(award) if expected == 200 else shared[key]
    before = await world.db["nominations"].find_one({"_id": nomination})
    body = (
        {"published_on": "2020-12-29", "channel": "Cổng thông tin điện tử quận"}
        if step != "forward"
        else None
    )
    response = await world.http.post(f"/nominations/{nomination}/{step}", json=body, headers=as_(role, unit))
    after = await world.db["nominations"].find_one({"_id": nomination})
    if expected == 200:
        assert response.status_code == 200, response.text
        assert after != before
    else:
        refused(response, expected)
        assert after == before


@pytest.mark.parametrize(("role", "unit", "expected"), cases(APPRAISE_THANH_XUAN_ROUND))
async def test_appraise_thanh_xuan_round(world: World, role: str, unit: str, expected: int) -> None:
    dossier = f"hs-{uuid.uuid4().hex[:8]}"
    await world.on["nomination.submitted"](samples.nomination_submitted(dossier), POS)
    nomination = f"{dossier}@{LEVEL}"
    body = {"level_unit_id": LEVEL, "year": 2020, "award_code": "bang_khen_thanh_pho"}
    response = await world.http.post("/appraisals", json=body, headers=as_(role, unit))
    stored = await world.db["nominations"].find_one({"_id": nomination})
    if expected == 200:
        assert response.status_code == 200, response.text
        assert stored["appraisal"] is not None
    else:
        refused(response, expected)
        assert stored.get("appraisal") is None
        # leave nothing received behind for the allowed cases' rounds
        return_body = {"reasons": ["Hồ sơ dùng cho kiểm thử quyền"]}
        ok(await world.http.post(f"/nominations/{nomination}/return", json=return_body, headers=OFFICE))


@pytest.mark.parametrize(("role", "unit", "expected"), cases(FILL_KIM_GIANG_SHEET))
async def test_fill_kim_giang_self_assessment(
    world: World, shared: dict[str, str], role: str, unit: str, expected: int
) -> None:
    cid = await world.cluster("drawn") if expected == 200 else shared["drawn"]
    sheet = {"scorer_id": WARDS[0], "kind": "self", "marks": [{"ref_id": "I.1", "points": 100}]}
    before = await world.db["clusters"].find_one({"_id": cid})
    response = await world.http.put(f"/clusters/{cid}/sheets/{WARDS[0]}", json=sheet, headers=as_(role, unit))
    after = await world.db["clusters"].find_one({"_id": cid})
    if expected == 200:
        assert response.status_code == 200, response.text
        assert f"self|{WARDS[0]}|{WARDS[0]}" in after["sheets"]
    else:
        refused(response, expected)
        assert after == before


@pytest.mark.parametrize("step", ["ranking", "honouring", "honouring/close"])
@pytest.mark.parametrize(("role", "unit", "expected"), cases(LEAD_THE_CLUSTER))
async def test_lead_the_cluster(
    world: World, shared: dict[str, str], role: str, unit: str, expected: int, step: str
) -> None:
    ready = {"ranking": "scored", "honouring": "ranked", "honouring/close": "honouring"}[step]
    cid = await world.cluster(ready) if expected == 200 else shared[ready]
    body = {"award_code": "co_thi_dua_thanh_pho"} if step == "honouring" else {}
    before = await world.db["clusters"].find_one({"_id": cid})
    response = await world.http.post(f"/clusters/{cid}/{step}", json=body, headers=as_(role, unit))
    after = await world.db["clusters"].find_one({"_id": cid})
    if expected == 200:
        assert response.status_code == 200, response.text
        assert after != before
    else:
        refused(response, expected)
        assert after == before


@pytest.mark.parametrize(("role", "unit", "expected"), cases(HONOUR_AS_KIM_GIANG))
async def test_honour_as_kim_giang(
    world: World, shared: dict[str, str], role: str, unit: str, expected: int
) -> None:
    cid = await world.cluster("honouring") if expected == 201 else shared["honouring"]
    before = await world.db["voter_rolls"].count_documents({})
    vote = {"voter_unit_id": WARDS[0], "approvals": [WARDS[2]]}
    response = await world.http.post(f"/clusters/{cid}/honouring/votes", json=vote, headers=as_(role, unit))
    after = await world.db["voter_rolls"].count_documents({})
    if expected == 201:
        assert response.status_code == 201, response.text
        assert after == before + 1
    else:
        refused(response, expected)
        assert after == before


@pytest.mark.parametrize(("role", "unit", "expected"), cases(VERIFY_KIM_GIANG_APPRAISAL))
async def test_verify_kim_giang_appraisal(
    world: World, shared: dict[str, str], role: str, unit: str, expected: int
) -> None:
    response = await world.http.get(
        f"/nominations/{shared['voted']}/appraisal/verification", headers=as_(role, unit)
    )
    assert response.status_code == expected, response.text
    if expected == 200:
        assert response.json()["recomputed_matches"] is True


@pytest.mark.parametrize(("role", "unit", "expected"), cases(VERIFY_CLUSTER_RANKING))
async def test_verify_cluster_ranking(
    world: World, shared: dict[str, str], role: str, unit: str, expected: int
) -> None:
    response = await world.http.get(
        f"/clusters/{shared['ranked']}/ranking/verification", headers=as_(role, unit)
    )
    assert response.status_code == expected, response.text
    if expected == 200:
        assert response.json()["recomputed_matches"] is True


@pytest.mark.parametrize(("role", "unit", "expected"), cases(LIST_SHOWS_KIM_GIANG_CLUSTER))
async def test_list_shows_kim_giang_cluster(
    world: World, shared: dict[str, str], role: str, unit: str, expected: str
) -> None:
    response = await world.http.get("/clusters", params={"limit": 100}, headers=as_(role, unit))
    assert response.status_code == 200, response.text
    listed = [c["cluster_id"] for c in response.json()["items"]]
    assert (SEEN if shared["ranked"] in listed else HIDDEN) == expected, listed


@pytest.mark.parametrize(("role", "unit", "expected"), cases(REVISE_AWARD_RULES))
async def test_revise_award_rules(world: World, role: str, unit: str, expected: int) -> None:
    before = (await world.http.get("/rule-sets/lao_dong_tien_tien", headers=OFFICE)).json()
    starts = date.fromisoformat(before[-1]["effective_from"]) + timedelta(days=1)
    body = {"effective_from": starts.isoformat(), "changes": {"notes": f"Sửa bởi {role}@{unit}"}}
    response = await world.http.post(
        "/rule-sets/lao_dong_tien_tien/revisions", json=body, headers=as_(role, unit)
    )
    after = (await world.http.get("/rule-sets/lao_dong_tien_tien", headers=OFFICE)).json()
    if expected == 201:
        assert response.status_code == 201, response.text
        assert len(after) == len(before) + 1
    else:
        assert response.status_code == expected, response.text
        assert response.json()["error"]["code"] == "NOT_CITY_OFFICE"
        assert after == before


@pytest.mark.parametrize(("role", "unit", "expected"), cases(READ_AWARD_RULES))
async def test_read_award_rules(world: World, role: str, unit: str, expected: int) -> None:
    for url in ("/rule-sets", "/rule-sets/cong_dan_thu_do_uu_tu"):
        response = await world.http.get(url, headers=as_(role, unit))
        assert response.status_code == expected, response.text


@pytest.mark.parametrize(("role", "unit", "expected"), cases(READ_THANH_XUAN_SESSIONS))
async def test_read_thanh_xuan_sessions(
    world: World, shared: dict[str, str], role: str, unit: str, expected: int
) -> None:
    response = await world.http.get(f"/sessions?level_unit_id={LEVEL}", headers=as_(role, unit))
    if expected == 200:
        assert response.status_code == 200, response.text
        assert shared["session"] in {s["session_id"] for s in response.json()["items"]}
    else:
        refused(response, expected)


@pytest.mark.parametrize(("role", "unit", "expected"), cases(ENTER_DAYS_OFF))
async def test_enter_days_off(world: World, role: str, unit: str, expected: int) -> None:
    year = 2040 + AT.index(unit)  # a year per place: an allowed entry never hides a refused one
    occasion = f"Nghỉ do {role}@{unit} nhập"
    body = {"days_off": [{"first": f"{year}-01-01", "last": f"{year}-01-01", "occasion": occasion}],
            "source": "Thông báo lịch nghỉ (kiểm thử phân quyền)"}  # fmt: skip
    response = await world.http.put(f"/holidays/{year}", json=body, headers=as_(role, unit))
    stored = await world.db["holiday_years"].find_one({"_id": year, "days_off.occasion": occasion})
    if expected == 200:
        assert response.status_code == 200, response.text
        assert stored is not None
    else:
        assert response.status_code == expected, response.text
        assert response.json()["error"]["code"] == "NOT_CITY_OFFICE"
        assert stored is None


@pytest.mark.parametrize(("role", "unit", "expected"), cases(READ_DAYS_OFF))
async def test_read_days_off(world: World, role: str, unit: str, expected: int) -> None:
    response = await world.http.get("/holidays/2020", headers=as_(role, unit))
    assert response.status_code == expected, response.text


@pytest.mark.parametrize(("role", "unit", "expected"), cases(READ_THANH_XUAN_PAPERS))
async def test_read_thanh_xuan_papers(
    world: World, shared: dict[str, str], role: str, unit: str, expected: int
) -> None:
    for kind in ("decision", "submission"):
        params = {"decision_id": shared["decision"], "kind": kind}
        response = await world.http.get("/decisions/paper.docx", params=params, headers=as_(role, unit))
        if expected == 200:
            assert response.status_code == 200, response.text
            assert response.content.startswith(b"PK")  # a DOCX is a zip
        else:
            refused(response, expected)


@pytest.mark.parametrize(("role", "unit", "expected"), cases(RECORD_CENTRAL_OUTCOME))
async def test_record_a_central_outcome(
    world: World, shared: dict[str, str], role: str, unit: str, expected: int
) -> None:
    nomination = shared["voted"]
    before = await world.db["nominations"].find_one({"_id": nomination})
    body = {"number": "1/QĐ-TTg", "signed_on": "2021-03-01", "decided_by": "Thủ tướng Chính phủ"}
    url = f"/nominations/{nomination}/central-outcome"
    response = await world.http.post(url, json=body, headers=as_(role, unit))
    if expected == 409:
        assert response.json()["error"]["code"] == "NOT_SENT_TO_CENTRAL", response.text
    else:
        refused(response, expected)
        invalid = await world.http.post(url, json={"number": ""}, headers=as_(role, unit))
        refused(invalid, expected)  # refused before the body is judged
    assert await world.db["nominations"].find_one({"_id": nomination}) == before


@pytest.mark.parametrize(("role", "unit", "expected"), cases(CENTRAL_OUTCOMES_SHEET))
async def test_the_central_outcomes_sheet(world: World, role: str, unit: str, expected: int) -> None:
    level = {"level_unit_id": "q-thanh-xuan"}
    sheet = await world.http.get("/central-outcomes.xlsx", params=level, headers=as_(role, unit))
    upload = await world.http.post(
        "/central-outcomes/xlsx",
        params=level,
        files={"file": ("x.xlsx", b"not a sheet")},
        headers=as_(role, unit),
    )
    if expected == 200:
        assert sheet.status_code == 200, sheet.text
        assert sheet.content.startswith(b"PK")
        assert (upload.status_code, upload.json()["error"]["code"]) == (422, "NOT_A_SPREADSHEET")
    else:
        refused(sheet, expected)
        refused(upload, expected)


@pytest.mark.parametrize(("role", "unit", "expected"), cases(READ_THANH_XUAN_PAPERS))
async def test_read_thanh_xuan_papers_as_pdf(
    world: World, shared: dict[str, str], role: str, unit: str, expected: int
) -> None:
    office_tools()
    params = {"decision_id": shared["decision"], "kind": "submission"}
    response = await world.http.get("/decisions/paper.pdf", params=params, headers=as_(role, unit))
    if expected == 200:
        assert response.status_code == 200, response.text
        assert "TỜ TRÌNH" in pdf_pages(response.content)[0]
    else:
        refused(response, expected)
