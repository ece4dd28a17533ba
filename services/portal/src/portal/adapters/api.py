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


class Connections:
    """One connection pool per service for the whole portal process: a page opens no connection of its own."""

    def __init__(self, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._transport = transport
        self._clients: dict[str, httpx.AsyncClient] = {}

    def to(self, base_url: str) -> httpx.AsyncClient:
        """The pool of a service."""
        if base_url not in self._clients:
            # Idle connections are dropped before uvicorn's own 5 s keep-alive ends: a request is
            # not sent down a connection the service is closing at that very moment.
            limits = httpx.Limits(max_connections=50, max_keepalive_connections=20, keepalive_expiry=2.0)
            self._clients[base_url] = httpx.AsyncClient(
                base_url=base_url, timeout=30, limits=limits, transport=self._transport
            )
        return self._clients[base_url]

    async def close(self) -> None:
        """Release every pool (the process is stopping)."""
        for client in self._clients.values():
            await client.aclose()
        self._clients.clear()


class ServiceApi:
    """One service's API for one caller (over the process's pool, or a client of its own)."""

    def __init__(
        self,
        base_url: str,
        token: str,
        transport: httpx.AsyncBaseTransport | None = None,
        connections: Connections | None = None,
    ) -> None:
        self._owned = connections is None
        pool = connections or Connections(transport)
        self._client = pool.to(base_url)
        self._auth = {"Authorization": f"Bearer {token}"} if token else {}  # "": the public lists

    async def close(self) -> None:
        """Release a client of its own (a shared pool stays open)."""
        if self._owned:
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
        kw["headers"] = {**kw.get("headers", {}), **self._auth}
        try:
            try:
                response = await self._client.request(method, path, **kw)
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.ConnectError):
                if method != "GET":
                    raise
                # A pooled connection closed under us (the race keep-alive leaves): a read asks once more.
                response = await self._client.request(method, path, **kw)
        except httpx.HTTPError as exc:
            raise ApiError(503, "UNAVAILABLE", UNAVAILABLE) from exc
        if response.status_code >= 400:
            raise _error(response)
        return response
