"""FastAPI plumbing shared by the services: auth dependency, authorization first, error mapping."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi_offline import FastAPIOffline

from emutrack_kit.auth import AuthenticationError, Principal
from emutrack_kit.authn import Authenticator, authenticator_for
from emutrack_kit.errors import AppError, Conflict, Forbidden, NotFound, TooLarge, Unavailable, Unprocessable
from emutrack_kit.settings import CommonSettings

_bearer = HTTPBearer(auto_error=False, description="JWT with role bindings to units")

_MESSAGES_VI = {
    "missing": "Trường này là bắt buộc.",
    "string_type": "Phải là một chuỗi ký tự.",
    "int_type": "Phải là một số nguyên.",
    "int_parsing": "Phải là một số nguyên.",
    "bool_type": "Phải là đúng (true) hoặc sai (false).",
    "literal_error": "Giá trị không hợp lệ; chỉ chấp nhận: {expected}.",
    "enum": "Giá trị không hợp lệ; chỉ chấp nhận: {expected}.",
    "extra_forbidden": "Trường này không được phép gửi lên.",
    "string_too_short": "Không được để trống.",
    "string_too_long": "Quá dài (tối đa {max_length} ký tự).",
    "json_invalid": "Nội dung JSON không hợp lệ.",
    "email_invalid": "Địa chỉ e-mail không hợp lệ (chỉ chấp nhận địa chỉ không dấu, dạng ten@donvi.gov.vn).",
    "unknown_kind": "Loại thông báo không tồn tại: {kind}.",
    "model_attributes_type": "Phải là một đối tượng JSON.",
    "dict_type": "Phải là một đối tượng JSON.",
    "date_from_datetime_parsing": "Ngày không hợp lệ (định dạng YYYY-MM-DD).",
    "datetime_from_date_parsing": "Thời điểm không hợp lệ (định dạng ISO 8601).",
}


def vietnamese_message(error: dict[str, Any]) -> str:
    """A Vietnamese message for one pydantic validation error."""
    template = _MESSAGES_VI.get(error["type"])
    if template is None:
        return f"Giá trị không hợp lệ ({error.get('msg', '')})."
    try:
        return template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError):
        return template


def _field_name(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or ".".join(str(p) for p in loc)


# The one place a domain error becomes an HTTP status.
STATUS_OF: dict[type[AppError], int] = {
    NotFound: 404,
    Forbidden: 403,
    Conflict: 409,
    Unprocessable: 422,
    TooLarge: 413,
    Unavailable: 503,
}


def status_of(error: AppError) -> int:
    """The HTTP status of a domain error (400 for one of no more precise kind)."""
    return next((status for kind, status in STATUS_OF.items() if isinstance(error, kind)), 400)


def install_error_handlers(app: FastAPI) -> None:
    """Map AppError, validation and authentication errors to JSON responses, once."""

    @app.exception_handler(AppError)
    async def _app_error(_: Request, exc: AppError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=status_of(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        fields = [
            {
                "field": _field_name(tuple(e["loc"])),
                "code": e["type"],
                "message": vietnamese_message(e),
            }
            for e in exc.errors()
        ]
        body = {
            "error": {
                "code": "VALIDATION_ERROR",
                "message": "Dữ liệu gửi lên không hợp lệ: "
                + "; ".join(f"{f['field']}: {f['message']}" for f in fields),
                "fields": fields,
            }
        }
        return JSONResponse(body, status_code=422)

    @app.exception_handler(AuthenticationError)
    async def _unauthenticated(_: Request, exc: AuthenticationError) -> JSONResponse:
        body = {
            "error": {
                "code": "UNAUTHENTICATED",
                "message": "Cần đăng nhập: mã xác thực (Bearer token) thiếu, sai hoặc đã hết hạn.",
            }
        }
        return JSONResponse(body, status_code=401, headers={"WWW-Authenticate": "Bearer"})


def principal_dependency(
    verifier: Authenticator,
) -> Callable[..., Awaitable[Principal]]:
    """A FastAPI dependency that authenticates every request it guards."""

    async def current_principal(
        credentials: HTTPAuthorizationCredentials | None = Depends(_bearer),  # noqa: B008
    ) -> Principal:
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise AuthenticationError("missing bearer token")
        return await verifier.authenticate(credentials.credentials)

    return current_principal


Authorize = Callable[..., Awaitable[object]]


async def _raw_value(request: Request, name: str) -> object:
    """The unvalidated value of `name` in the path, the query or the JSON body (a top-level field)."""
    if name in request.path_params:
        return request.path_params[name]
    if name in request.query_params:
        return request.query_params[name]
    if "json" not in request.headers.get("content-type", ""):
        return None
    try:
        body = await request.json()  # already read and parsed by FastAPI: Starlette keeps both
    except ValueError:
        return None
    return body.get(name) if isinstance(body, dict) else None


def authorized_first(
    authenticated: Callable[..., Awaitable[Principal]], authorize: Authorize, *names: str
) -> Any:
    """`Depends` giving the caller once `authorize(caller, *values of names)` passed, before validation."""

    # FastAPI solves a route's dependencies before it validates its parameters and body, so a
    # caller refused here learns nothing from how its input would have been judged. A value that
    # is absent or not text names no unit: validation answers first, and the handler authorizes.
    async def authorized_caller(request: Request, caller: Principal = Depends(authenticated)) -> Principal:  # noqa: B008
        values = [await _raw_value(request, name) for name in names]
        if all(isinstance(v, str) for v in values):
            await authorize(caller, *values)
        return caller

    return Depends(authorized_caller)


def verifier_for(settings: CommonSettings) -> Authenticator:
    """The authenticator of bearer tokens the settings select (local key or the identity provider)."""
    settings.check_safe_for_production()
    return authenticator_for(settings)


def service_app(title: str, on_startup: Callable[[], Awaitable[None]] | None = None) -> FastAPI:
    """A FastAPI app with the shared error mapping, a public /health and a startup hook."""
    from collections.abc import AsyncIterator
    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if on_startup is not None:
            await on_startup()
        yield

    # The API pages' scripts come from the service itself: offices' networks are often offline.
    app = FastAPIOffline(title=title, version="0.1.0", lifespan=lifespan, static_url="/docs/assets")
    install_error_handlers(app)

    @app.get("/health", tags=["ops"])
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
