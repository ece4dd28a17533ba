"""The services' public APIs, called with the person's token; their errors as a person reads them."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import httpx

UNAVAILABLE = "Hệ thống đang bận hoặc tạm dừng; hãy thử lại sau ít phút."


@dataclass
class ApiError(Exception):
    """A service refused: its status, stable code, Vietnamese message and the field at fault."""

    status: int
    code: str
    message: str
    field: str | None = None
    fields: dict[str, str] = dataclasses.field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status} {self.code}: {self.message}"


def _error(response: httpx.Response) -> ApiError:
    try:
        body = response.json()["error"]
    except (ValueError, KeyError, TypeError):
        return ApiError(response.status_code, "UNAVAILABLE", UNAVAILABLE)
    fields = {str(f["field"]): str(f["message"]) for f in body.get("fields", [])}
    if body.get("field"):
        fields.setdefault(str(body["field"]), str(body["message"]))
    return ApiError(
        response.status_code, str(body.get("code")), str(body.get("message")), body.get("field"), fields
    )


class ServiceApi:
    """One service's API for one caller."""

    def __init__(self, base_url: str, token: str, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._client = httpx.AsyncClient(
            base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=30, transport=transport
        )

    async def close(self) -> None:
        """Release the connection pool."""
        await self._client.aclose()

    async def get(self, path: str, **params: Any) -> Any:
        """A JSON answer, or ApiError."""
        return (
            await self._send("GET", path, params={k: v for k, v in params.items() if v is not None})
        ).json()

    async def get_bytes(self, path: str, **params: Any) -> tuple[bytes, str]:
        """A file's bytes and media type, or ApiError."""
        response = await self._send("GET", path, params={k: v for k, v in params.items() if v is not None})
        return response.content, response.headers.get("content-type", "application/octet-stream")

    async def post(self, path: str, body: Any = None, *, key: str | None = None, **kw: Any) -> Any:
        """POST (with an Idempotency-Key when given: a double click is one request)."""
        headers = {"Idempotency-Key": key} if key else {}
        response = await self._send("POST", path, json=body, headers=headers, **kw)
        return None if response.status_code == 204 else response.json()

    async def put(self, path: str, body: Any) -> Any:
        """PUT JSON."""
        return (await self._send("PUT", path, json=body)).json()

    async def _send(self, method: str, path: str, **kw: Any) -> httpx.Response:
        try:
            response = await self._client.request(method, path, **kw)
        except httpx.HTTPError as exc:
            raise ApiError(503, "UNAVAILABLE", UNAVAILABLE) from exc
        if response.status_code >= 400:
            raise _error(response)
        return response
