"""Webhook calls (httpx): the JSON body, signed with the subscriber's secret and timestamped."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable

import httpx

from notify.domain.delivery import (
    DELIVERY_HEADER,
    EVENT_TYPE_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    sign,
)


class WebhookClient:
    """POSTs signed deliveries; returns None when the receiver answered 2xx, else the error."""

    def __init__(self, timeout: float = 10.0, clock: Callable[[], float] | None = None) -> None:
        self._http = httpx.AsyncClient(timeout=timeout, follow_redirects=False)
        self._clock = clock

    async def post(self, url: str, secret: str, body: bytes, delivery_id: str, event_type: str) -> str | None:
        """One attempt."""
        timestamp = int((self._clock or time.time)())
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            SIGNATURE_HEADER: sign(secret, timestamp, body),
            TIMESTAMP_HEADER: str(timestamp),
            DELIVERY_HEADER: delivery_id,
            EVENT_TYPE_HEADER: event_type,
        }
        try:
            response = await self._http.post(url, content=body, headers=headers)
        except Exception as exc:  # any failure is this attempt's outcome, never the batch's
            return f"{type(exc).__name__}: {exc}"
        if 200 <= response.status_code < 300:
            return None
        return f"HTTP {response.status_code}"

    async def close(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()


def resolve(host: str) -> list[str]:
    """The addresses a host name resolves to (empty if it does not)."""
    try:
        return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, None)})
    except (OSError, UnicodeError):
        return []
