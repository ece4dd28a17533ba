"""Unit tests of emutrack_kit.http: auth dependency and the one-place error mapping."""

# No `from __future__ import annotations`: FastAPI must see the real Annotated[...]
# of the routes, whose dependency is a local variable of _app().

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Annotated

import httpx
import pytest
from fastapi import Depends, FastAPI
from pydantic import BaseModel, ConfigDict, Field

from emutrack_kit.auth import Principal, TokenVerifier, mint_token
from emutrack_kit.errors import AppError, Conflict, Forbidden, NotFound, TooLarge, Unprocessable
from emutrack_kit.http import principal_dependency, service_app, verifier_for, vietnamese_message
from emutrack_kit.settings import DEV_JWT_SECRET, CommonSettings

ISSUER = "emutrack-local"
AUDIENCE = "emutrack"


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    year: int = Field(ge=2000)


ERRORS: dict[str, AppError] = {
    "forbidden": Forbidden("NOT_YOUR_UNIT", "Không có quyền với đơn vị này.", field="unit_id"),
    "conflict": Conflict(
        "DEADLINE_PASSED", "Đã quá hạn nộp.", details={"deadline": "2020-02-05T23:59:59+07:00"}
    ),
    "not_found": NotFound("REGISTRATION_NOT_FOUND", "Không tìm thấy đăng ký."),
    "unprocessable": Unprocessable("UNKNOWN_TITLE", "Danh hiệu không tồn tại.", field="title_code"),
    "too_large": TooLarge("FILE_TOO_LARGE", "Tệp lớn hơn 20 MB.", field="file"),
    "plain": AppError("CUSTOM", "Lỗi khác."),
}


def _verifier() -> TokenVerifier:
    return TokenVerifier(secret=DEV_JWT_SECRET, issuer=ISSUER, audience=AUDIENCE)


def _app() -> FastAPI:
    app = service_app("t")
    current = principal_dependency(_verifier())

    @app.post("/things")
    async def create_thing(
        body: Body, principal: Annotated[Principal, Depends(current)]
    ) -> dict[str, object]:
        return {"subject": principal.subject, "name": body.name, "year": body.year}

    @app.get("/fail/{kind}")
    async def fail(kind: str, principal: Annotated[Principal, Depends(current)]) -> None:
        raise ERRORS[kind]

    return app


@pytest.fixture(scope="module")
async def client() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        yield c


def _auth(ttl: timedelta = timedelta(minutes=5), secret: str = DEV_JWT_SECRET) -> dict[str, str]:
    token = mint_token(
        subject="can-bo",
        bindings=[("unit_officer", "p-kim-giang")],
        secret=secret,
        issuer=ISSUER,
        audience=AUDIENCE,
        ttl=ttl,
    )
    return {"Authorization": f"Bearer {token}"}


# --- /health and authentication ------------------------------------------------------


async def test_health_needs_no_token(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_valid_token_and_body_reach_the_route(client: httpx.AsyncClient) -> None:
    response = await client.post("/things", json={"name": "Kim Giang", "year": 2020}, headers=_auth())
    assert response.status_code == 200
    assert response.json() == {"subject": "can-bo", "name": "Kim Giang", "year": 2020}


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer not-a-jwt"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        _auth(ttl=timedelta(seconds=-61)),  # expired beyond the 60 s of allowed skew
        _auth(secret="some-other-signing-key-not-trusted-here"),
    ],
    ids=["missing", "malformed", "basic-scheme", "expired", "wrong-key"],
)
async def test_unauthenticated_gets_401_with_www_authenticate(
    client: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    response = await client.post("/things", json={"name": "Kim Giang", "year": 2020}, headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    error = response.json()["error"]
    assert error["code"] == "UNAUTHENTICATED"
    assert "Bearer token" in error["message"]


# --- validation errors ---------------------------------------------------------------


def _fields(response_json: dict[str, object]) -> dict[str, dict[str, str]]:
    error = response_json["error"]
    assert isinstance(error, dict)
    return {f["field"]: f for f in error["fields"]}


async def test_missing_field_gives_vietnamese_required_message(client: httpx.AsyncClient) -> None:
    response = await client.post("/things", json={"year": 2020}, headers=_auth())
    assert response.status_code == 422
    body = response.json()
    assert body["error"]["code"] == "VALIDATION_ERROR"
    fields = _fields(body)
    assert list(fields) == ["name"]
    assert fields["name"]["code"] == "missing"
    assert fields["name"]["message"] == "Trường này là bắt buộc."
    assert body["error"]["message"] == "Dữ liệu gửi lên không hợp lệ: name: Trường này là bắt buộc."


async def test_wrong_type_gives_string_type_message(client: httpx.AsyncClient) -> None:
    response = await client.post("/things", json={"name": 12, "year": 2020}, headers=_auth())
    assert response.status_code == 422
    fields = _fields(response.json())
    assert fields["name"]["code"] == "string_type"
    assert fields["name"]["message"] == "Phải là một chuỗi ký tự."
    assert fields["name"]["message"] == vietnamese_message({"type": "string_type", "msg": "x"})


async def test_extra_field_is_forbidden_with_vietnamese_message(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/things", json={"name": "Kim Giang", "year": 2020, "status": "approved"}, headers=_auth()
    )
    assert response.status_code == 422
    fields = _fields(response.json())
    assert list(fields) == ["status"]
    assert fields["status"]["code"] == "extra_forbidden"
    assert fields["status"]["message"] == "Trường này không được phép gửi lên."


async def test_several_errors_are_all_listed(client: httpx.AsyncClient) -> None:
    response = await client.post("/things", json={"year": "abc", "x": 1}, headers=_auth())
    assert response.status_code == 422
    fields = _fields(response.json())
    assert fields["name"]["code"] == "missing"
    assert fields["year"]["code"] == "int_parsing"
    assert fields["year"]["message"] == "Phải là một số nguyên."
    assert fields["x"]["code"] == "extra_forbidden"


async def test_unmapped_error_type_falls_back_to_generic_message(client: httpx.AsyncClient) -> None:
    response = await client.post("/things", json={"name": "Kim Giang", "year": 1999}, headers=_auth())
    assert response.status_code == 422
    field = _fields(response.json())["year"]
    assert field["code"] == "greater_than_equal"
    assert field["message"].startswith("Giá trị không hợp lệ (")
    assert "2000" in field["message"]


async def test_invalid_json_body_is_a_validation_error(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/things", content=b"{not json", headers={**_auth(), "Content-Type": "application/json"}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["error"]["code"] == "VALIDATION_ERROR"
    assert [f["code"] for f in body["error"]["fields"]] == ["json_invalid"]
    assert body["error"]["fields"][0]["message"] == "Nội dung JSON không hợp lệ."


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        ({"type": "missing", "msg": "Field required"}, "Trường này là bắt buộc."),
        ({"type": "extra_forbidden", "msg": "Extra inputs"}, "Trường này không được phép gửi lên."),
        (
            {"type": "string_too_long", "msg": "too long", "ctx": {"max_length": 200}},
            "Quá dài (tối đa 200 ký tự).",
        ),
        (
            {"type": "literal_error", "msg": "bad", "ctx": {"expected": "'a' or 'b'"}},
            "Giá trị không hợp lệ; chỉ chấp nhận: 'a' or 'b'.",
        ),
        # a template whose context is missing still gives the (unformatted) template
        ({"type": "string_too_long", "msg": "too long"}, "Quá dài (tối đa {max_length} ký tự)."),
        ({"type": "uuid_parsing", "msg": "Input should be a valid UUID"}, None),
    ],
)
def test_vietnamese_message(error: dict[str, object], expected: str | None) -> None:
    if expected is None:
        assert vietnamese_message(error) == "Giá trị không hợp lệ (Input should be a valid UUID)."
    else:
        assert vietnamese_message(error) == expected


# --- AppError mapping ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "status", "error"),
    [
        (
            "forbidden",
            403,
            {"code": "NOT_YOUR_UNIT", "message": "Không có quyền với đơn vị này.", "field": "unit_id"},
        ),
        (
            "conflict",
            409,
            {
                "code": "DEADLINE_PASSED",
                "message": "Đã quá hạn nộp.",
                "details": {"deadline": "2020-02-05T23:59:59+07:00"},
            },
        ),
        ("not_found", 404, {"code": "REGISTRATION_NOT_FOUND", "message": "Không tìm thấy đăng ký."}),
        (
            "unprocessable",
            422,
            {"code": "UNKNOWN_TITLE", "message": "Danh hiệu không tồn tại.", "field": "title_code"},
        ),
        ("too_large", 413, {"code": "FILE_TOO_LARGE", "message": "Tệp lớn hơn 20 MB.", "field": "file"}),
        ("plain", 400, {"code": "CUSTOM", "message": "Lỗi khác."}),
    ],
)
async def test_app_errors_map_to_status_and_body(
    client: httpx.AsyncClient, kind: str, status: int, error: dict[str, object]
) -> None:
    response = await client.get(f"/fail/{kind}", headers=_auth())
    assert response.status_code == status
    assert response.json() == {"error": error}


async def test_app_error_route_still_requires_a_token(client: httpx.AsyncClient) -> None:
    response = await client.get("/fail/forbidden")
    assert response.status_code == 401


# --- verifier_for --------------------------------------------------------------------


def test_settings_refuse_the_local_key_unless_development_or_test_is_explicit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("EMT_ENVIRONMENT", raising=False)
    for environment in ("production", None):
        values = {"auth_mode": "local"} | ({"environment": environment} if environment else {})
        with pytest.raises(ValueError, match="EMT_ENVIRONMENT is not development"):
            CommonSettings(**values)


def test_settings_refuse_oidc_without_an_issuer() -> None:
    with pytest.raises(ValueError, match="EMT_OIDC_ISSUER"):
        CommonSettings(environment="production", auth_mode="oidc")
    assert CommonSettings(environment="production", auth_mode="oidc", oidc_issuer="https://sso").oidc_issuer


async def test_verifier_for_local_development_accepts_dev_tokens() -> None:
    settings = CommonSettings(
        environment="development",
        auth_mode="local",
        jwt_secret=DEV_JWT_SECRET,
        jwt_issuer=ISSUER,
        jwt_audience=AUDIENCE,
    )
    principal = await verifier_for(settings).authenticate(_auth()["Authorization"].removeprefix("Bearer "))
    assert principal.subject == "can-bo"
