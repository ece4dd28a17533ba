"""Authorize before you validate: a caller outside the unit learns nothing, not even that its input is wrong.

Every endpoint of registration, review and notify that takes a unit (in the path, the query or the
body) with a body or a query is called twice with the same invalid input: by a caller whose bindings
do not reach the unit, who must be refused (403, with the route's own code) before any validation,
and by a caller who may act there, who gets the 422 (so the input really is invalid). Lists filtered
by a unit outside the caller's reach answer 403 FORBIDDEN_UNIT, never an empty 200.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from pymongo import AsyncMongoClient

import notify.bootstrap
import notify.entrypoints.http
import registration.bootstrap
import registration.entrypoints.http
import registration.usecases.seeding
import review.bootstrap
import review.entrypoints.http
from emutrack_contracts import Envelope, samples
from emutrack_kit.consumer import Position
from emutrack_kit_testing.helpers import isolated_settings
from notify.config import Settings as NotifySettings
from registration.config import Settings as RegistrationSettings
from registration.domain.rounds import Round, end_of_day
from registration.entrypoints.seed import seed
from review.config import Settings as ReviewSettings

from .matrix import as_

SERVICES = ("registration", "review", "notify")
IN_ROUND = datetime(2020, 1, 30, 3, 0, tzinfo=UTC)  # Thanh Xuân's 2020 registration round is open
NOMINATION_ROUND = "kt-2020-q-thanh-xuan"
ROUND = "dk-2020-q-thanh-xuan"
PEOPLE = f"/rounds/{ROUND}/units/p-kim-giang/individual-registrations"
FORMS = f"/rounds/{ROUND}/units/p-kim-giang/forms"
CLUSTER = {
    "level_unit_id": "q-thanh-xuan",
    "name": "Cụm thi đua số 2",
    "year": 2020,
    "member_ids": ["p-kim-giang", "p-khuong-dinh", "p-ha-dinh"],
    "head_id": "p-kim-giang",
    "deputy_id": "p-khuong-dinh",
}
NOT_A_SPREADSHEET = {"file": ("danh-sach.xlsx", b"khong phai bang tinh", "application/octet-stream")}

# Callers: a sibling ward's officer (outside Kim Giang), another district's office (outside Thanh Xuân).
KHUONG_DINH_OFFICER = ("unit_officer", "p-khuong-dinh")
HOANG_MAI_OFFICE = ("standing_office", "q-hoang-mai")
KIM_GIANG_OFFICER = ("unit_officer", "p-kim-giang")
THANH_XUAN_OFFICE = ("standing_office", "q-thanh-xuan")


@dataclass(frozen=True)
class Call:
    """One request with an invalid body or query; `{cluster}` in the URL is the world's cluster."""

    service: str
    method: str
    url: str
    json: Any = None
    files: dict[str, Any] | None = None


def case(call: Call, outsider: tuple[str, str], code: str, insider: tuple[str, str], name: str) -> Any:
    return pytest.param(call, outsider, code, insider, id=name)


AUTHORIZE_FIRST = [
    # registration
    case(
        Call("registration", "POST", f"/rounds/{ROUND}/registrations",
             {"unit_id": "p-kim-giang", "title_code": 7, "status": "approved"}),
        KHUONG_DINH_OFFICER, "FORBIDDEN_UNIT", KIM_GIANG_OFFICER, "register",
    ),
    case(
        Call("registration", "POST", f"/rounds/{ROUND}/late-registrations",
             {"unit_id": "p-kim-giang", "title_code": "tap_the_lao_dong_tien_tien"}),
        HOANG_MAI_OFFICE, "NOT_RECEIVING_OFFICE", THANH_XUAN_OFFICE, "accept late",
    ),
    case(Call("registration", "PUT", PEOPLE, {"people": "không ai"}),
         KHUONG_DINH_OFFICER, "FORBIDDEN_UNIT", KIM_GIANG_OFFICER, "people json"),
    case(Call("registration", "POST", PEOPLE + "/xlsx", files=NOT_A_SPREADSHEET),
         KHUONG_DINH_OFFICER, "FORBIDDEN_UNIT", KIM_GIANG_OFFICER, "people xlsx"),
    case(Call("registration", "PUT", FORMS + "/emulation-models", {"rows": 5}),
         KHUONG_DINH_OFFICER, "FORBIDDEN_UNIT", KIM_GIANG_OFFICER, "form json"),
    case(Call("registration", "PUT", FORMS + "/mau-khong-co", {"rows": []}),
         KHUONG_DINH_OFFICER, "FORBIDDEN_UNIT", KIM_GIANG_OFFICER, "unknown form"),
    case(Call("registration", "POST", FORMS + "/emulation-models/xlsx", files=NOT_A_SPREADSHEET),
         KHUONG_DINH_OFFICER, "FORBIDDEN_UNIT", KIM_GIANG_OFFICER, "form xlsx"),
    case(Call("registration", "GET", FORMS + "/mau-khong-co"),
         KHUONG_DINH_OFFICER, "FORBIDDEN_UNIT", KIM_GIANG_OFFICER, "read unknown form"),
    case(Call("registration", "POST", "/rounds/sk-2020-2-q-thanh-xuan/initiatives",
              {"unit_id": "p-kim-giang", "title": "x"}),
         KHUONG_DINH_OFFICER, "FORBIDDEN_UNIT", KIM_GIANG_OFFICER, "initiative"),
    case(Call("registration", "POST", "/rounds/dh-2020-q-thanh-xuan/exemplars",
              {"unit_id": "p-kim-giang", "category": "nguoi_xau"}),
         KHUONG_DINH_OFFICER, "FORBIDDEN_UNIT", KIM_GIANG_OFFICER, "exemplar"),
    case(Call("registration", "POST", "/dossiers",
              {"round_id": NOMINATION_ROUND, "unit_id": "p-kim-giang", "award_code": 5}),
         KHUONG_DINH_OFFICER, "FORBIDDEN_UNIT", KIM_GIANG_OFFICER, "dossier"),
    case(Call("registration", "POST", "/movements", {"launching_unit_id": "q-thanh-xuan", "name": ""}),
         HOANG_MAI_OFFICE, "NOT_LEVEL_OFFICE", THANH_XUAN_OFFICE, "movement"),
    case(Call("registration", "POST", "/rounds", {"receiving_unit_id": "q-thanh-xuan", "deadline": "sớm"}),
         HOANG_MAI_OFFICE, "NOT_LEVEL_OFFICE", THANH_XUAN_OFFICE, "round"),
    case(Call("registration", "POST", "/conferences", {"level_unit_id": "q-thanh-xuan", "hold_by": "sớm"}),
         HOANG_MAI_OFFICE, "NOT_LEVEL_OFFICE", THANH_XUAN_OFFICE, "conference"),
    case(Call("registration", "PUT", "/conferences/hn-2020-p-kim-giang/delegates", {"delegates": "nhiều"}),
         ("standing_office", "p-khuong-dinh"), "FORBIDDEN_UNIT", ("standing_office", "p-kim-giang"),
         "conference delegates"),
    case(Call("registration", "GET", "/registrations?unit_id=p-kim-giang&year=1"),
         KHUONG_DINH_OFFICER, "FORBIDDEN_UNIT", KIM_GIANG_OFFICER, "registrations query"),
    case(Call("registration", "GET", "/registrations.xlsx?unit_id=p-kim-giang&status=bogus"),
         KHUONG_DINH_OFFICER, "FORBIDDEN_UNIT", KIM_GIANG_OFFICER, "registrations export query"),
    case(Call("registration", "GET", "/initiatives?unit_id=p-kim-giang&limit=0"),
         KHUONG_DINH_OFFICER, "FORBIDDEN_UNIT", KIM_GIANG_OFFICER, "initiatives query"),
    case(Call("registration", "GET", "/exemplars.xlsx?unit_id=p-kim-giang&year=1"),
         KHUONG_DINH_OFFICER, "FORBIDDEN_UNIT", KIM_GIANG_OFFICER, "exemplars export query"),
    case(Call("registration", "GET", "/dossiers?unit_id=p-kim-giang&status=bogus"),
         KHUONG_DINH_OFFICER, "FORBIDDEN_UNIT", KIM_GIANG_OFFICER, "dossiers query"),
    case(Call("registration", "GET", "/people?unit_id=p-kim-giang&skip=-1"),
         KHUONG_DINH_OFFICER, "FORBIDDEN_UNIT", KIM_GIANG_OFFICER, "people search query"),
    # review
    case(Call("review", "PUT", "/councils/q-thanh-xuan", {"members": "cả quận"}),
         HOANG_MAI_OFFICE, "NOT_LEVEL_COUNCIL", THANH_XUAN_OFFICE, "council"),
    case(Call("review", "POST", "/sessions", {"level_unit_id": "q-thanh-xuan", "held_on": "hôm qua"}),
         HOANG_MAI_OFFICE, "NOT_LEVEL_COUNCIL", THANH_XUAN_OFFICE, "session"),
    case(Call("review", "POST", "/clusters", {"level_unit_id": "q-thanh-xuan", "member_ids": []}),
         HOANG_MAI_OFFICE, "NOT_CLUSTER_ROLE", THANH_XUAN_OFFICE, "cluster"),
    case(Call("review", "POST", "/appraisals", {"level_unit_id": "q-thanh-xuan", "year": 1}),
         HOANG_MAI_OFFICE, "NOT_LEVEL_OFFICE", THANH_XUAN_OFFICE, "round appraisal"),
    case(Call("review", "POST", "/decisions", {"level_unit_id": "q-thanh-xuan", "number": ""}),
         ("council_chair", "q-hoang-mai"), "NOT_LEVEL_COUNCIL", ("council_chair", "q-thanh-xuan"),
         "decision"),
    case(Call("review", "PUT", "/clusters/{cluster}/sheets/p-kim-giang",
              {"scorer_id": "p-kim-giang", "kind": "x"}),
         ("unit_officer", "p-dai-kim"), "NOT_CLUSTER_ROLE", KIM_GIANG_OFFICER, "score sheet"),
    case(Call("review", "POST", "/clusters/{cluster}/adjustments", {"unit_id": "p-kim-giang", "delta": "x"}),
         KHUONG_DINH_OFFICER, "NOT_CLUSTER_ROLE", ("cluster_head", "p-kim-giang"), "adjustment"),
    case(Call("review", "PUT", "/clusters/{cluster}/criteria", {"sections": []}),
         HOANG_MAI_OFFICE, "NOT_CLUSTER_ROLE", THANH_XUAN_OFFICE, "criteria"),
    case(Call("review", "POST", "/clusters/{cluster}/inspections", {"k": 0, "seed": ""}),
         KHUONG_DINH_OFFICER, "NOT_CLUSTER_ROLE", ("cluster_head", "p-kim-giang"), "inspections"),
    case(Call("review", "POST", "/clusters/{cluster}/ranking", {"normalise": "có lẽ"}),
         KHUONG_DINH_OFFICER, "NOT_CLUSTER_ROLE", ("cluster_head", "p-kim-giang"), "ranking"),
    case(Call("review", "POST", "/clusters/{cluster}/honouring", {"award_code": "", "top_n": 0}),
         KHUONG_DINH_OFFICER, "NOT_CLUSTER_ROLE", ("cluster_head", "p-kim-giang"), "honouring"),
    case(Call("review", "POST", "/clusters/{cluster}/honouring/votes",
              {"voter_unit_id": "p-kim-giang", "approvals": []}),
         ("unit_head", "p-dai-kim"), "NOT_CLUSTER_ROLE", ("unit_head", "p-kim-giang"), "honouring vote"),
    case(Call("review", "GET", "/nominations?level_unit_id=q-thanh-xuan&status=bogus"),
         HOANG_MAI_OFFICE, "FORBIDDEN_UNIT", THANH_XUAN_OFFICE, "nominations query"),
    case(Call("review", "GET", "/initiatives?level_unit_id=q-thanh-xuan&limit=0"),
         HOANG_MAI_OFFICE, "FORBIDDEN_UNIT", THANH_XUAN_OFFICE, "initiatives of a level query"),
    case(Call("review", "POST", "/initiatives/sk-authz/scores", {"marks": "tốt"}),
         ("council_member", "q-hoang-mai"), "FORBIDDEN_UNIT", ("council_member", "q-thanh-xuan"), "score"),
    case(Call("review", "POST", "/initiatives/sk-authz/scores", {"marks": "tốt"}),
         THANH_XUAN_OFFICE, "NOT_LEVEL_COUNCIL", ("council_chair", "q-thanh-xuan"), "score as office"),
    case(Call("review", "POST", "/initiatives/sk-authz/decision", {"recognised": "có", "signed_on": 0}),
         ("council_member", "q-thanh-xuan"), "NOT_LEVEL_COUNCIL", ("council_chair", "q-thanh-xuan"),
         "initiative decision"),
    case(Call("review", "PUT", "/holidays/2026", {"days_off": "Tết", "source": ""}),
         THANH_XUAN_OFFICE, "NOT_CITY_OFFICE", ("standing_office", "ha-noi"), "days off"),
    case(Call("review", "GET", "/sessions?level_unit_id=q-thanh-xuan&limit=0"),
         HOANG_MAI_OFFICE, "NOT_LEVEL_COUNCIL", THANH_XUAN_OFFICE, "sessions query"),
    # notify
    case(Call("notify", "PUT", "/units/p-kim-giang/contacts",
              {"roles": {"unit_officer": [{"name": "Cán bộ", "email": "cán.bộ@phường"}]}}),
         KHUONG_DINH_OFFICER, "FORBIDDEN", KIM_GIANG_OFFICER, "contacts"),
    case(Call("notify", "POST", "/units/p-kim-giang/webhooks", {"url": "", "kinds": ["tin đồn"]}),
         KHUONG_DINH_OFFICER, "FORBIDDEN", KIM_GIANG_OFFICER, "webhook"),
    case(Call("notify", "PUT", "/units/p-kim-giang/preferences/unit_officer", {"channels": 5}),
         KHUONG_DINH_OFFICER, "FORBIDDEN", KIM_GIANG_OFFICER, "preferences"),
    case(Call("notify", "PUT", "/units/p-kim-giang/preferences/khach", {}),
         KHUONG_DINH_OFFICER, "FORBIDDEN", ("unit_head", "p-kim-giang"), "preferences of no role"),
    case(Call("notify", "GET", "/units/p-kim-giang/deliveries?status=bogus"),
         KHUONG_DINH_OFFICER, "FORBIDDEN", THANH_XUAN_OFFICE, "delivery log query"),
    case(Call("notify", "PUT", "/levels/q-thanh-xuan/templates/nomination.status_changed/in_app",
              {"text": ""}),
         HOANG_MAI_OFFICE, "FORBIDDEN", THANH_XUAN_OFFICE, "template"),
]  # fmt: skip

# Lists filtered by a unit: (service, url, caller, expected status). Phường Đại Kim is in Hoàng Mai.
FILTERED_LISTS = [
    pytest.param("registration", f"/{what}?unit_id=p-dai-kim", THANH_XUAN_OFFICE, 403, id=f"{what}, Đại Kim")
    for what in (
        "registrations", "registrations.xlsx", "initiatives", "initiatives.xlsx", "exemplars",
        "exemplars.xlsx", "dossiers", "dossiers.xlsx", "people",
    )
] + [
    pytest.param("review", "/nominations?level_unit_id=q-hoang-mai", THANH_XUAN_OFFICE, 403,
                 id="Hoàng Mai inbox"),
    pytest.param("registration", "/registrations?unit_id=p-dai-kim", KIM_GIANG_OFFICER, 403,
                 id="a ward's own"),
    # Reaching the unit, or holding a binding below it, the caller sees its share.
    pytest.param("registration", "/registrations?unit_id=p-kim-giang", THANH_XUAN_OFFICE, 200, id="its ward"),
    pytest.param("registration", "/registrations?unit_id=q-thanh-xuan", KIM_GIANG_OFFICER, 200,
                 id="its district"),
    pytest.param("registration", "/dossiers.xlsx?unit_id=p-kim-giang", THANH_XUAN_OFFICE, 200,
                 id="its export"),
    pytest.param("review", "/nominations?level_unit_id=q-thanh-xuan", KIM_GIANG_OFFICER, 200, id="its level"),
]  # fmt: skip


@dataclass
class World:
    """Registration, review and notify on one seeded namespace, Thanh Xuân's cluster in review."""

    http: dict[str, httpx.AsyncClient]
    cluster_id: str


def _in_round() -> datetime:
    return IN_ROUND


async def _outbox(db: Any, collection: str) -> list[Envelope]:
    docs = await db[collection].find({}).sort("_id", 1).to_list(None)
    return [Envelope.model_validate(e["envelope"]) for d in docs for e in d.get("_outbox", [])]


@pytest.fixture(scope="module")
async def world(infra: Any) -> AsyncIterator[World]:
    namespace = f"t{uuid.uuid4().hex[:10]}"
    common = isolated_settings(infra.kafka, infra.mongodb, namespace)
    reg_settings, rev_settings = RegistrationSettings(**common), ReviewSettings(**common)
    not_settings = NotifySettings(**common)
    raw: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(infra.mongodb, tz_aware=True)
    http: dict[str, httpx.AsyncClient] = {}
    try:
        await seed(reg_settings, deadline=None)
        reg_deps = registration.bootstrap.deps(reg_settings, clock=_in_round)
        await registration.usecases.seeding.open_round(
            reg_deps,
            Round(NOMINATION_ROUND, "Khen thưởng tổng kết năm 2020", "nomination", 2020, "q-thanh-xuan",
                  "Quận Thanh Xuân", date(2020, 1, 22), end_of_day(date(2099, 12, 31))),
        )  # fmt: skip
        rev_deps, not_deps = review.bootstrap.deps(rev_settings), notify.bootstrap.deps(not_settings)
        for offset, event in enumerate(await _outbox(raw[f"{namespace}_registration"], "units")):
            position = Position("unit", 0, offset)
            await review.bootstrap.event_handlers(rev_deps)[event.event_type](event, position)
            await notify.bootstrap.event_handlers(not_deps)[event.event_type](event, position)
        apps = {
            "registration": registration.entrypoints.http.create_app(reg_settings, reg_deps),
            "review": review.entrypoints.http.create_app(rev_settings, rev_deps),
            "notify": notify.entrypoints.http.create_app(not_settings, not_deps),
        }
        for service, app in apps.items():
            http[service] = httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url=f"http://{service}"
            )
        initiative = samples.initiative_submitted("sk-authz")
        await review.bootstrap.event_handlers(rev_deps)["initiative.submitted"](
            initiative, Position("sk", 0, 0)
        )
        plan = {
            "level_unit_id": "p-kim-giang",
            "name": "Hội nghị điển hình tiên tiến",
            "hold_by": "2020-03-15",
        }
        planned = await http["registration"].post(
            "/conferences", json=plan, headers=as_("standing_office", "p-kim-giang")
        )
        assert planned.status_code == 201, planned.text
        created = await http["review"].post("/clusters", json=CLUSTER, headers=as_(*THANH_XUAN_OFFICE))
        assert created.status_code == 201, created.text
        yield World(http, created.json()["cluster_id"])
    finally:
        for client in http.values():
            await client.aclose()
        for service in SERVICES:
            await raw.drop_database(f"{namespace}_{service}")
        await raw.close()


async def send(world: World, call: Call, caller: tuple[str, str]) -> httpx.Response:
    url = call.url.replace("{cluster}", world.cluster_id)
    return await world.http[call.service].request(
        call.method, url, json=call.json, files=call.files, headers=as_(*caller)
    )


@pytest.mark.parametrize(("call", "outsider", "code", "insider"), AUTHORIZE_FIRST)
async def test_a_caller_outside_the_unit_is_refused_before_its_input_is_judged(
    world: World, call: Call, outsider: tuple[str, str], code: str, insider: tuple[str, str]
) -> None:
    refused = await send(world, call, outsider)
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, code), refused.text
    judged = await send(world, call, insider)
    assert judged.status_code == 422, judged.text


@pytest.mark.parametrize(("service", "url", "caller", "expected"), FILTERED_LISTS)
async def test_a_list_filtered_by_a_unit_outside_reach_is_refused(
    world: World, service: str, url: str, caller: tuple[str, str], expected: int
) -> None:
    response = await world.http[service].get(url, headers=as_(*caller))
    assert response.status_code == expected, response.text
    if expected == 403:
        error = response.json()["error"]
        assert error["code"] == "FORBIDDEN_UNIT"
        assert "Đại Kim" in error["message"] or "Hoàng Mai" in error["message"], error["message"]


async def test_a_list_filtered_by_an_unknown_unit_says_so(world: World) -> None:
    response = await world.http["registration"].get(
        "/registrations?unit_id=p-khong-co", headers=as_(*THANH_XUAN_OFFICE)
    )
    assert (response.status_code, response.json()["error"]["code"]) == (404, "UNKNOWN_UNIT")
