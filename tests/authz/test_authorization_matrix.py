"""Authorization as a matrix: every role, bound at five places of the tree, against every endpoint.

The four services' HTTP apps run in-process (httpx.ASGITransport) on the real MongoDB-protocol
server. The target is always Phường Kim Giang (ha-noi > q-thanh-xuan > p-kim-giang); a caller
holds one role at one of the units below. Expected outcomes are written out literally in the
tables: they are the specification, deliberately NOT derived from the production code.

The read-only matrices share one seeded world per module (one Kim Giang registration, also fed
to review, notify and reporting as the registration.submitted event the outbox relay would
publish); the writing matrices (submit; approve, withdraw, amend a submitted Kim Giang
registration; accept it late after the deadline) get a fresh, freshly seeded namespace per case
(`service_env`), and check that a refusal changed nothing stored and an acceptance did.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from pymongo import AsyncMongoClient

import notify.bootstrap
import notify.entrypoints.http
import notify.handlers
import registration.bootstrap
import registration.entrypoints.http
import reporting.bootstrap
import reporting.entrypoints.http
import reporting.handlers
import review.bootstrap
import review.entrypoints.http
import review.handlers
from emutrack_contracts import Envelope
from emutrack_kit.auth import Role, mint_token
from emutrack_kit.consumer import Position
from emutrack_kit.settings import DEV_JWT_SECRET
from emutrack_kit.testing import bearer
from notify.config import Settings as NotifySettings
from registration.config import Settings as RegistrationSettings
from registration.entrypoints.seed import seed
from reporting.config import Settings as ReportingSettings
from review.config import Settings as ReviewSettings

# ---------------------------------------------------------------------------------------------
# The specification
# ---------------------------------------------------------------------------------------------

TARGET = "p-kim-giang"
ROUND = "dk-2020-q-thanh-xuan"
SUBMIT_URL = f"/rounds/{ROUND}/registrations"
IN_ROUND = datetime(2020, 1, 30, 3, 0, tzinfo=UTC)  # the round runs 22/01/2020 - 05/02/2020
# The deadline is 05/02/2020 23:59:59 Hà Nội = 2020-02-05T16:59:59Z; this is 06/02 09:00 Hà Nội.
AFTER_DEADLINE = datetime(2020, 2, 6, 2, 0, tzinfo=UTC)
LATE_URL = f"/rounds/{ROUND}/late-registrations"
LATE_REASON = "Phường gửi công văn giải trình ngày 06/02/2020"
WITHDRAW_REASON = "Đăng ký nhầm danh hiệu"
AMENDED_TITLE = "tap_the_lao_dong_xuat_sac"

# Where the caller's single binding sits, relative to the target ward (the tables' columns).
AT = (
    "p-kim-giang",  # the target ward itself
    "q-thanh-xuan",  # its district (the round's receiving level)
    "ha-noi",  # the city
    "p-khuong-dinh",  # a sibling ward in the same district
    "q-hoang-mai",  # another district
)

SEEN, HIDDEN = "seen", "hidden"

# POST /rounds/dk-2020-q-thanh-xuan/registrations {"unit_id": "p-kim-giang", ...}
SUBMIT_FOR_KIM_GIANG: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (201,      403,        403,    403,         403),
    "unit_head":       (403,      403,        403,    403,         403),
    "standing_office": (403,      403,        403,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (201,      201,        201,    403,         403),
}  # fmt: skip

# GET /registrations/{id of the Kim Giang registration}
READ_KIM_GIANG_REGISTRATION: dict[str, tuple[int, ...]] = {
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

# GET /units/p-kim-giang/counts?period=2020 (reporting): same rule as reading the registration.
READ_KIM_GIANG_COUNTS: dict[str, tuple[int, ...]] = {
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

# GET /evaluation-register?year=2020 (review): always 200; is the Kim Giang entry in the list?
EVALUATION_REGISTER_SHOWS_KIM_GIANG: dict[str, tuple[str, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (SEEN,     HIDDEN,     HIDDEN, HIDDEN,      HIDDEN),
    "unit_head":       (SEEN,     HIDDEN,     HIDDEN, HIDDEN,      HIDDEN),
    "standing_office": (SEEN,     SEEN,       SEEN,   HIDDEN,      HIDDEN),
    "council_member":  (SEEN,     SEEN,       SEEN,   HIDDEN,      HIDDEN),
    "council_chair":   (SEEN,     SEEN,       SEEN,   HIDDEN,      HIDDEN),
    "cluster_head":    (SEEN,     HIDDEN,     HIDDEN, HIDDEN,      HIDDEN),
    "viewer":          (SEEN,     SEEN,       SEEN,   HIDDEN,      HIDDEN),
    "admin":           (SEEN,     SEEN,       SEEN,   HIDDEN,      HIDDEN),
}  # fmt: skip

# GET /inbox (notify): always 200; is the message to standing_office@q-thanh-xuan in it?
INBOX_SHOWS_STANDING_OFFICE_MESSAGE: dict[str, tuple[str, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (HIDDEN,   HIDDEN,     HIDDEN, HIDDEN,      HIDDEN),
    "unit_head":       (HIDDEN,   HIDDEN,     HIDDEN, HIDDEN,      HIDDEN),
    "standing_office": (HIDDEN,   SEEN,       HIDDEN, HIDDEN,      HIDDEN),
    "council_member":  (HIDDEN,   HIDDEN,     HIDDEN, HIDDEN,      HIDDEN),
    "council_chair":   (HIDDEN,   HIDDEN,     HIDDEN, HIDDEN,      HIDDEN),
    "cluster_head":    (HIDDEN,   HIDDEN,     HIDDEN, HIDDEN,      HIDDEN),
    "viewer":          (HIDDEN,   HIDDEN,     HIDDEN, HIDDEN,      HIDDEN),
    "admin":           (HIDDEN,   HIDDEN,     HIDDEN, HIDDEN,      HIDDEN),
}  # fmt: skip

# GET /rounds (registration): rounds are public announcements to any authenticated caller.
LIST_ROUNDS: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (200,      200,        200,    200,         200),
    "unit_head":       (200,      200,        200,    200,         200),
    "standing_office": (200,      200,        200,    200,         200),
    "council_member":  (200,      200,        200,    200,         200),
    "council_chair":   (200,      200,        200,    200,         200),
    "cluster_head":    (200,      200,        200,    200,         200),
    "viewer":          (200,      200,        200,    200,         200),
    "admin":           (200,      200,        200,    200,         200),
}  # fmt: skip

# GET /units/p-kim-giang (registration): the tree is known to any authenticated caller.
READ_UNIT: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (200,      200,        200,    200,         200),
    "unit_head":       (200,      200,        200,    200,         200),
    "standing_office": (200,      200,        200,    200,         200),
    "council_member":  (200,      200,        200,    200,         200),
    "council_chair":   (200,      200,        200,    200,         200),
    "cluster_head":    (200,      200,        200,    200,         200),
    "viewer":          (200,      200,        200,    200,         200),
    "admin":           (200,      200,        200,    200,         200),
}  # fmt: skip

# POST /registrations/{id of a submitted Kim Giang registration}/approve
APPROVE_KIM_GIANG: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (403,      403,        403,    403,         403),
    "unit_head":       (200,      403,        403,    403,         403),
    "standing_office": (403,      403,        403,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (200,      200,        200,    403,         403),
}  # fmt: skip

# POST /registrations/{id of a submitted Kim Giang registration}/withdraw {"reason": ...}
WITHDRAW_KIM_GIANG: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (200,      403,        403,    403,         403),
    "unit_head":       (200,      403,        403,    403,         403),
    "standing_office": (403,      403,        403,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (200,      200,        200,    403,         403),
}  # fmt: skip

# PATCH /registrations/{id of a submitted Kim Giang registration} {"title_code": AMENDED_TITLE}
AMEND_KIM_GIANG: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (200,      403,        403,    403,         403),
    "unit_head":       (403,      403,        403,    403,         403),
    "standing_office": (403,      403,        403,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (200,      200,        200,    403,         403),
}  # fmt: skip

# POST /rounds/dk-2020-q-thanh-xuan/late-registrations {"unit_id": "p-kim-giang", ..., "reason"}
# after the deadline: only the round's receiving office (Thanh Xuân's standing office) accepts
# late ones, or an admin at or above it; the city's standing office is NOT the receiver.
ACCEPT_LATE_FOR_KIM_GIANG: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (403,      403,        403,    403,         403),
    "unit_head":       (403,      403,        403,    403,         403),
    "standing_office": (403,      201,        403,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (403,      201,        201,    403,         403),
}  # fmt: skip

# GET /registrations?round_id=dk-2020-q-thanh-xuan: always 200; is Kim Giang's in the list?
# (Exactly when GET /registrations/{id} of it is allowed.)
LIST_SHOWS_KIM_GIANG: dict[str, tuple[str, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (SEEN,     HIDDEN,     HIDDEN, HIDDEN,      HIDDEN),
    "unit_head":       (SEEN,     HIDDEN,     HIDDEN, HIDDEN,      HIDDEN),
    "standing_office": (SEEN,     SEEN,       SEEN,   HIDDEN,      HIDDEN),
    "council_member":  (SEEN,     SEEN,       SEEN,   HIDDEN,      HIDDEN),
    "council_chair":   (SEEN,     SEEN,       SEEN,   HIDDEN,      HIDDEN),
    "cluster_head":    (SEEN,     HIDDEN,     HIDDEN, HIDDEN,      HIDDEN),
    "viewer":          (SEEN,     SEEN,       SEEN,   HIDDEN,      HIDDEN),
    "admin":           (SEEN,     SEEN,       SEEN,   HIDDEN,      HIDDEN),
}  # fmt: skip

TABLES: dict[str, dict[str, tuple[Any, ...]]] = {
    "submit": SUBMIT_FOR_KIM_GIANG,
    "read registration": READ_KIM_GIANG_REGISTRATION,
    "read counts": READ_KIM_GIANG_COUNTS,
    "evaluation register": EVALUATION_REGISTER_SHOWS_KIM_GIANG,
    "inbox": INBOX_SHOWS_STANDING_OFFICE_MESSAGE,
    "list rounds": LIST_ROUNDS,
    "read unit": READ_UNIT,
    "approve": APPROVE_KIM_GIANG,
    "withdraw": WITHDRAW_KIM_GIANG,
    "amend": AMEND_KIM_GIANG,
    "accept late": ACCEPT_LATE_FOR_KIM_GIANG,
    "list registrations": LIST_SHOWS_KIM_GIANG,
}


def cases(table: dict[str, tuple[Any, ...]]) -> list[Any]:
    """One pytest case per (role, unit) cell, with an id like `viewer@q-thanh-xuan`."""
    return [
        pytest.param(role, unit, expected, id=f"{role}@{unit}")
        for role, row in table.items()
        for unit, expected in zip(AT, row, strict=True)
    ]


# Every endpoint that needs a token: (service, method, path, JSON body).
GUARDED = [
    pytest.param("registration", "GET", "/rounds", None, id="registration GET /rounds"),
    pytest.param("registration", "GET", f"/units/{TARGET}", None, id="registration GET /units/{id}"),
    pytest.param(
        "registration",
        "POST",
        SUBMIT_URL,
        {"unit_id": TARGET, "title_code": "tap_the_lao_dong_tien_tien"},
        id="registration POST /rounds/{id}/registrations",
    ),
    pytest.param(
        "registration",
        "GET",
        "/registrations/{registration_id}",
        None,
        id="registration GET /registrations/{id}",
    ),
    pytest.param(
        "registration",
        "POST",
        "/registrations/{registration_id}/approve",
        None,
        id="registration POST /registrations/{id}/approve",
    ),
    pytest.param(
        "registration",
        "POST",
        "/registrations/{registration_id}/withdraw",
        {"reason": WITHDRAW_REASON},
        id="registration POST /registrations/{id}/withdraw",
    ),
    pytest.param(
        "registration",
        "PATCH",
        "/registrations/{registration_id}",
        {"title_code": AMENDED_TITLE},
        id="registration PATCH /registrations/{id}",
    ),
    pytest.param(
        "registration",
        "POST",
        LATE_URL,
        {"unit_id": TARGET, "title_code": "tap_the_lao_dong_tien_tien", "reason": LATE_REASON},
        id="registration POST /rounds/{id}/late-registrations",
    ),
    pytest.param(
        "registration",
        "GET",
        f"/registrations?round_id={ROUND}",
        None,
        id="registration GET /registrations",
    ),
    pytest.param(
        "review", "GET", "/evaluation-register?year=2020", None, id="review GET /evaluation-register"
    ),
    pytest.param("notify", "GET", "/inbox", None, id="notify GET /inbox"),
    pytest.param(
        "reporting", "GET", f"/units/{TARGET}/counts?period=2020", None, id="reporting GET /units/{id}/counts"
    ),
]

SERVICES = ("registration", "review", "notify", "reporting")


def test_every_table_has_a_row_per_role_and_a_column_per_place() -> None:
    roles = {r.value for r in Role}
    for name, table in TABLES.items():
        assert set(table) == roles, f"table '{name}' rows differ from the roles {sorted(roles)}"
        for role, row in table.items():
            assert len(row) == len(AT), f"table '{name}', row '{role}': {len(row)} columns"


# ---------------------------------------------------------------------------------------------
# The world the apps run on
# ---------------------------------------------------------------------------------------------


def fixed_clock() -> datetime:
    """Inside the 2020 registration round of Thanh Xuân."""
    return IN_ROUND


def after_the_deadline() -> datetime:
    """The 2020 round of Thanh Xuân has closed: registrations are locked, late ones accepted."""
    return AFTER_DEADLINE


def client_for(app: Any, service: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=f"http://{service}")


@dataclass
class World:
    """The four apps on one seeded namespace, with one Kim Giang registration everywhere."""

    http: dict[str, httpx.AsyncClient]
    registration_id: str


async def outbox_envelopes(db: Any, collection: str, query: dict[str, Any]) -> list[Envelope]:
    """The events stored with the documents (what the outbox relay would publish)."""
    docs = await db[collection].find(query).sort("_id", 1).to_list(None)
    return [Envelope.model_validate(e["envelope"]) for d in docs for e in d["_outbox"]]


@pytest.fixture(scope="module")
async def world(infra: Any) -> AsyncIterator[World]:
    """One seeded namespace shared by the read-only matrices of this module (dropped after)."""
    namespace = f"t{uuid.uuid4().hex[:10]}"
    common: dict[str, Any] = {
        "kafka_bootstrap_servers": infra.kafka,
        "mongodb_url": infra.mongodb,
        "topic_namespace": f"{namespace}.",
        "database_prefix": f"{namespace}_",
        "environment": "test",
        "auth_mode": "local",
        "jwt_secret": DEV_JWT_SECRET,
        "jwt_issuer": "emutrack-local",
        "jwt_audience": "emutrack",
    }
    reg_settings = RegistrationSettings(**common)
    rev_settings, not_settings = ReviewSettings(**common), NotifySettings(**common)
    rep_settings = ReportingSettings(**common)
    raw: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(infra.mongodb, tz_aware=True)
    http: dict[str, httpx.AsyncClient] = {}
    try:
        await seed(reg_settings, deadline=None)
        reg_deps = registration.bootstrap.deps(reg_settings, clock=fixed_clock)
        rev_deps = review.bootstrap.deps(rev_settings)
        not_deps = notify.bootstrap.deps(not_settings)
        rep_deps = reporting.bootstrap.deps(rep_settings)
        http = {
            "registration": client_for(
                registration.entrypoints.http.create_app(reg_settings, reg_deps), "registration"
            ),
            "review": client_for(review.entrypoints.http.create_app(rev_settings, rev_deps), "review"),
            "notify": client_for(notify.entrypoints.http.create_app(not_settings, not_deps), "notify"),
            "reporting": client_for(
                reporting.entrypoints.http.create_app(rep_settings, rep_deps), "reporting"
            ),
        }
        # Kim Giang registers; so does its sibling Khương Đình (a control entry/message).
        registration_ids = {}
        for ward in (TARGET, "p-khuong-dinh"):
            response = await http["registration"].post(
                SUBMIT_URL,
                json={"unit_id": ward, "title_code": "tap_the_lao_dong_tien_tien"},
                headers=bearer(_mint("unit_officer", ward)),
            )
            assert response.status_code == 201, response.text
            registration_ids[ward] = response.json()["registration_id"]

        # Deliver the stored events as the relay + consumers would (no Kafka needed here).
        reg_db = raw[f"{namespace}_registration"]
        for offset, event in enumerate(await outbox_envelopes(reg_db, "units", {})):
            await reporting.handlers.on_unit_created(rep_deps, event, Position("unit", 0, offset))
        submitted = await outbox_envelopes(reg_db, "registrations", {})
        assert [e.event_type for e in submitted] == ["registration.submitted"] * 2
        for offset, event in enumerate(submitted):
            position = Position(f"{namespace}.registration", 0, offset)
            await review.handlers.on_registration_submitted(rev_deps, event, position)
            await notify.handlers.on_registration_submitted(not_deps, event, position)
            await reporting.handlers.on_registration_submitted(rep_deps, event, position)

        yield World(http, registration_ids[TARGET])
    finally:
        for client in http.values():
            await client.aclose()
        for service in SERVICES:
            await raw.drop_database(f"{namespace}_{service}")
        await raw.close()


def _mint(role: str, unit_id: str, *more: tuple[str, str]) -> str:
    return mint_token(
        subject="world-builder",
        bindings=[(role, unit_id), *more],
        secret=DEV_JWT_SECRET,
        issuer="emutrack-local",
        audience="emutrack",
    )


async def _seeded_registration_app(clock: Callable[[], datetime]) -> httpx.AsyncClient:
    """The registration app on the (freshly seeded) namespace of `service_env`."""
    settings = RegistrationSettings()
    await seed(settings, deadline=None)  # the seed's own deadline: 05/02/2020
    app = registration.entrypoints.http.create_app(
        settings, registration.bootstrap.deps(settings, clock=clock)
    )
    return client_for(app, "registration")


@pytest.fixture
async def fresh_registration(service_env: dict[str, str]) -> AsyncIterator[httpx.AsyncClient]:
    """The registration app on a freshly seeded namespace of its own (state-changing tests)."""
    async with await _seeded_registration_app(fixed_clock) as client:
        yield client


@pytest.fixture
async def closed_round(service_env: dict[str, str]) -> AsyncIterator[httpx.AsyncClient]:
    """Same, with the clock after the round's deadline (late acceptance)."""
    async with await _seeded_registration_app(after_the_deadline) as client:
        yield client


async def submit_kim_giang(client: httpx.AsyncClient) -> str:
    """Kim Giang's own officer registers it (inside the round); returns the registration id."""
    response = await client.post(
        SUBMIT_URL,
        json={"unit_id": TARGET, "title_code": "tap_the_lao_dong_tien_tien"},
        headers=bearer(_mint("unit_officer", TARGET)),
    )
    assert response.status_code == 201, response.text
    return str(response.json()["registration_id"])


async def stored_registrations(mongo: Any, namespace: str) -> list[dict[str, Any]]:
    """Every stored registration document, with its history and outbox."""
    return list(await mongo[f"{namespace}_registration"]["registrations"].find({}).to_list(None))


def event_types(doc: dict[str, Any]) -> list[str]:
    return [e["envelope"]["event_type"] for e in doc["_outbox"]]


def assert_forbidden(response: httpx.Response, code: str = "FORBIDDEN_UNIT") -> None:
    assert response.json()["error"]["code"] == code, response.text


Token = Callable[..., str]
ADMIN = bearer(_mint("admin", "ha-noi"))  # the world's own eyes, for before/after comparisons


# ---------------------------------------------------------------------------------------------
# Public and unauthenticated
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("service", SERVICES)
async def test_health_is_public(world: World, service: str) -> None:
    response = await world.http[service].get("/health")
    assert response.status_code == 200, response.text
    assert response.json() == {"status": "ok"}


@pytest.mark.parametrize(("service", "method", "path", "body"), GUARDED)
async def test_no_token_is_401(
    world: World, service: str, method: str, path: str, body: dict[str, str] | None
) -> None:
    url = path.format(registration_id=world.registration_id)
    before = await world.http["registration"].get(f"/registrations/{world.registration_id}", headers=ADMIN)
    response = await world.http[service].request(method, url, json=body)
    assert response.status_code == 401, response.text
    assert response.json()["error"]["code"] == "UNAUTHENTICATED"
    assert response.headers["WWW-Authenticate"] == "Bearer"
    after = await world.http["registration"].get(f"/registrations/{world.registration_id}", headers=ADMIN)
    assert after.json() == before.json(), "an unauthenticated call must change nothing"


# ---------------------------------------------------------------------------------------------
# The matrices
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "unit", "expected"), cases(SUBMIT_FOR_KIM_GIANG))
async def test_submit_for_kim_giang(
    fresh_registration: httpx.AsyncClient,
    token: Token,
    mongo: Any,
    namespace: str,
    role: str,
    unit: str,
    expected: int,
) -> None:
    response = await fresh_registration.post(
        SUBMIT_URL,
        json={"unit_id": TARGET, "title_code": "tap_the_lao_dong_tien_tien"},
        headers=bearer(token(role, unit)),
    )
    assert response.status_code == expected, response.text
    stored = await mongo[f"{namespace}_registration"]["registrations"].find({}).to_list(None)
    if expected == 201:
        body = response.json()
        assert body["unit_id"] == TARGET
        assert body["unit_path"] == ["ha-noi", "q-thanh-xuan", TARGET]
        assert [(d["_id"], d["unit_id"]) for d in stored] == [(body["registration_id"], TARGET)]
    else:
        assert_forbidden(response)
        assert stored == [], "a refused submission must store nothing (and publish no event)"


@pytest.mark.parametrize(("role", "unit", "expected"), cases(READ_KIM_GIANG_REGISTRATION))
async def test_read_kim_giang_registration(
    world: World, token: Token, role: str, unit: str, expected: int
) -> None:
    response = await world.http["registration"].get(
        f"/registrations/{world.registration_id}", headers=bearer(token(role, unit))
    )
    assert response.status_code == expected, response.text
    if expected == 200:
        assert response.json()["registration_id"] == world.registration_id
        assert response.json()["unit_id"] == TARGET
    else:
        assert_forbidden(response)
        assert world.registration_id not in response.text


@pytest.mark.parametrize(("role", "unit", "expected"), cases(READ_KIM_GIANG_COUNTS))
async def test_read_kim_giang_counts(world: World, token: Token, role: str, unit: str, expected: int) -> None:
    response = await world.http["reporting"].get(
        f"/units/{TARGET}/counts", params={"period": "2020"}, headers=bearer(token(role, unit))
    )
    assert response.status_code == expected, response.text
    if expected == 200:
        body = response.json()
        assert (body["unit_id"], body["period"], body["registrations_total"]) == (TARGET, "2020", 1)
    else:
        assert_forbidden(response)
        assert "registrations_total" not in response.text


@pytest.mark.parametrize(("role", "unit", "expected"), cases(EVALUATION_REGISTER_SHOWS_KIM_GIANG))
async def test_evaluation_register_shows_kim_giang(
    world: World, token: Token, role: str, unit: str, expected: str
) -> None:
    response = await world.http["review"].get(
        "/evaluation-register", params={"year": 2020}, headers=bearer(token(role, unit))
    )
    assert response.status_code == 200, response.text
    entries = {e["registration_id"]: e["unit_id"] for e in response.json()}
    seen = SEEN if world.registration_id in entries else HIDDEN
    assert seen == expected, f"Kim Giang entry {seen} for {role}@{unit}; register: {entries}"
    if seen == SEEN:
        assert entries[world.registration_id] == TARGET


@pytest.mark.parametrize(("role", "unit", "expected"), cases(INBOX_SHOWS_STANDING_OFFICE_MESSAGE))
async def test_inbox_shows_the_standing_office_message(
    world: World, token: Token, role: str, unit: str, expected: str
) -> None:
    response = await world.http["notify"].get("/inbox", headers=bearer(token(role, unit)))
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    kim_giang = [
        i
        for i in items
        if i["recipient"] == "standing_office@q-thanh-xuan" and "Phường Kim Giang" in i["subject"]
    ]
    seen = SEEN if kim_giang else HIDDEN
    assert seen == expected, f"message {seen} for {role}@{unit}; inbox: {items}"
    # Whatever the caller sees is addressed to one of its own (role, unit) bindings.
    assert {i["recipient"] for i in items} <= {f"{role}@{unit}"}
    assert response.json()["unread"] == len(items)


@pytest.mark.parametrize(("role", "unit", "expected"), cases(LIST_ROUNDS))
async def test_list_rounds(world: World, token: Token, role: str, unit: str, expected: int) -> None:
    response = await world.http["registration"].get("/rounds", headers=bearer(token(role, unit)))
    assert response.status_code == expected, response.text
    assert [r["round_id"] for r in response.json()] == [ROUND]


@pytest.mark.parametrize(("role", "unit", "expected"), cases(READ_UNIT))
async def test_read_unit(world: World, token: Token, role: str, unit: str, expected: int) -> None:
    response = await world.http["registration"].get(f"/units/{TARGET}", headers=bearer(token(role, unit)))
    assert response.status_code == expected, response.text
    assert response.json()["path"] == ["ha-noi", "q-thanh-xuan", TARGET]


# ---------------------------------------------------------------------------------------------
# The lifecycle matrices: a submitted Kim Giang registration, acted on by each caller
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "unit", "expected"), cases(APPROVE_KIM_GIANG))
async def test_approve_kim_giang(
    fresh_registration: httpx.AsyncClient,
    token: Token,
    mongo: Any,
    namespace: str,
    role: str,
    unit: str,
    expected: int,
) -> None:
    registration_id = await submit_kim_giang(fresh_registration)
    [before] = await stored_registrations(mongo, namespace)
    response = await fresh_registration.post(
        f"/registrations/{registration_id}/approve", headers=bearer(token(role, unit))
    )
    assert response.status_code == expected, response.text
    [after] = await stored_registrations(mongo, namespace)
    if expected == 200:
        assert (response.json()["registration_id"], response.json()["status"]) == (
            registration_id,
            "approved",
        )
        assert after["status"] == "approved"
        assert [(h["status"], h["by"]) for h in after["history"]] == [
            ("submitted", "world-builder"),
            ("approved", "tester"),
        ]
        assert event_types(after) == ["registration.submitted", "registration.status_changed"]
    else:
        assert_forbidden(response)
        assert after == before, "a refused approval must change nothing (and publish no event)"


@pytest.mark.parametrize(("role", "unit", "expected"), cases(WITHDRAW_KIM_GIANG))
async def test_withdraw_kim_giang(
    fresh_registration: httpx.AsyncClient,
    token: Token,
    mongo: Any,
    namespace: str,
    role: str,
    unit: str,
    expected: int,
) -> None:
    registration_id = await submit_kim_giang(fresh_registration)
    [before] = await stored_registrations(mongo, namespace)
    response = await fresh_registration.post(
        f"/registrations/{registration_id}/withdraw",
        json={"reason": WITHDRAW_REASON},
        headers=bearer(token(role, unit)),
    )
    assert response.status_code == expected, response.text
    [after] = await stored_registrations(mongo, namespace)
    if expected == 200:
        assert (response.json()["registration_id"], response.json()["status"]) == (
            registration_id,
            "withdrawn",
        )
        assert after["status"] == "withdrawn"
        assert after["slot"] == f"withdrawn|{registration_id}", "a withdrawal frees the title"
        last = after["history"][-1]
        assert (last["status"], last["by"], last["reason"]) == ("withdrawn", "tester", WITHDRAW_REASON)
        assert event_types(after) == ["registration.submitted", "registration.status_changed"]
    else:
        assert_forbidden(response)
        assert after == before, "a refused withdrawal must change nothing (and publish no event)"


@pytest.mark.parametrize(("role", "unit", "expected"), cases(AMEND_KIM_GIANG))
async def test_amend_kim_giang(
    fresh_registration: httpx.AsyncClient,
    token: Token,
    mongo: Any,
    namespace: str,
    role: str,
    unit: str,
    expected: int,
) -> None:
    registration_id = await submit_kim_giang(fresh_registration)
    [before] = await stored_registrations(mongo, namespace)
    response = await fresh_registration.patch(
        f"/registrations/{registration_id}",
        json={"title_code": AMENDED_TITLE},
        headers=bearer(token(role, unit)),
    )
    assert response.status_code == expected, response.text
    [after] = await stored_registrations(mongo, namespace)
    if expected == 200:
        assert (response.json()["registration_id"], response.json()["title_code"]) == (
            registration_id,
            AMENDED_TITLE,
        )
        assert (after["status"], after["title_code"]) == ("submitted", AMENDED_TITLE)
        assert after["title_name"] == "Tập thể lao động xuất sắc"
        assert [(h["status"], h["by"]) for h in after["history"]] == [
            ("submitted", "world-builder"),
            ("submitted", "tester"),
        ]
        assert event_types(after) == ["registration.submitted", "registration.status_changed"]
        changed = after["_outbox"][1]["envelope"]["payload"]
        assert (changed["previous_title_code"], changed["title_code"]) == (
            "tap_the_lao_dong_tien_tien",
            AMENDED_TITLE,
        )
    else:
        assert_forbidden(response)
        assert after == before, "a refused amendment must change nothing (and publish no event)"


@pytest.mark.parametrize(("role", "unit", "expected"), cases(ACCEPT_LATE_FOR_KIM_GIANG))
async def test_accept_late_for_kim_giang(
    closed_round: httpx.AsyncClient,
    token: Token,
    mongo: Any,
    namespace: str,
    role: str,
    unit: str,
    expected: int,
) -> None:
    response = await closed_round.post(
        LATE_URL,
        json={"unit_id": TARGET, "title_code": "tap_the_lao_dong_tien_tien", "reason": LATE_REASON},
        headers=bearer(token(role, unit)),
    )
    assert response.status_code == expected, response.text
    stored = await stored_registrations(mongo, namespace)
    if expected == 201:
        body = response.json()
        assert (body["unit_id"], body["late_reason"], body["locked"]) == (TARGET, LATE_REASON, True)
        assert [(d["_id"], d["unit_id"], d["late_reason"], d["submitted_by"]) for d in stored] == [
            (body["registration_id"], TARGET, LATE_REASON, "tester")
        ]
        assert event_types(stored[0]) == ["registration.submitted"]
        assert stored[0]["_outbox"][0]["envelope"]["payload"]["late_reason"] == LATE_REASON
    else:
        assert_forbidden(response, "NOT_RECEIVING_OFFICE")
        assert stored == [], "a refused late acceptance must store nothing (and publish no event)"


@pytest.mark.parametrize(("role", "unit", "expected"), cases(LIST_SHOWS_KIM_GIANG))
async def test_list_shows_kim_giang(world: World, token: Token, role: str, unit: str, expected: str) -> None:
    caller = bearer(token(role, unit))
    response = await world.http["registration"].get(
        "/registrations", params={"round_id": ROUND}, headers=caller
    )
    assert response.status_code == 200, response.text
    page = response.json()
    entries = {i["registration_id"]: i["unit_id"] for i in page["items"]}
    assert page["total"] == len(page["items"]) == len(entries)
    seen = SEEN if world.registration_id in entries else HIDDEN
    assert seen == expected, f"Kim Giang registration {seen} for {role}@{unit}; list: {entries}"
    if seen == SEEN:
        assert entries[world.registration_id] == TARGET
    # Whatever the list shows, the caller may also read one by one.
    for registration_id in entries:
        one = await world.http["registration"].get(f"/registrations/{registration_id}", headers=caller)
        assert one.status_code == 200, f"{role}@{unit} listed {registration_id} but may not read it"


# ---------------------------------------------------------------------------------------------
# Several bindings in one token: rights do not leak from one binding to another
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bindings", "ward", "expected"),
    [
        pytest.param(
            [("unit_officer", "p-kim-giang"), ("viewer", "q-hoang-mai")],
            "p-khuong-dinh",
            403,
            id="officer@kim-giang+viewer@hoang-mai submits for khuong-dinh",
        ),
        pytest.param(
            [("unit_officer", "p-khuong-dinh"), ("viewer", "q-thanh-xuan")],
            "p-kim-giang",
            403,
            id="officer@khuong-dinh+viewer@thanh-xuan submits for kim-giang",
        ),
        pytest.param(
            [("unit_officer", "p-kim-giang"), ("viewer", "q-hoang-mai")],
            "p-kim-giang",
            201,
            id="officer@kim-giang+viewer@hoang-mai submits for kim-giang",
        ),
    ],
)
async def test_bindings_do_not_combine(
    fresh_registration: httpx.AsyncClient,
    token: Token,
    mongo: Any,
    namespace: str,
    bindings: list[tuple[str, str]],
    ward: str,
    expected: int,
) -> None:
    response = await fresh_registration.post(
        SUBMIT_URL,
        json={"unit_id": ward, "title_code": "tap_the_lao_dong_tien_tien"},
        headers=bearer(token(*bindings[0], *bindings[1:])),
    )
    assert response.status_code == expected, response.text
    stored = await mongo[f"{namespace}_registration"]["registrations"].count_documents({})
    assert stored == (1 if expected == 201 else 0)
