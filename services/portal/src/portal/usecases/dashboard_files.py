"""Journey 5's files: summary reports (DOCX or PDF), lists (XLSX) and charts, fetched with the person's token.

Reports and lists are streamed through as the service sends them, with the file name it gives; a
refusal is read before anything reaches the browser, so the page can say why.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx

from portal.adapters.api import UNAVAILABLE, ApiError, ServiceApi

CHARTS = frozenset({"registrations-by-title", "awards-by-level"})
CHART_FORMATS = frozenset({"svg", "png"})


@dataclass(frozen=True)
class Wanted:
    """A file of a unit's year: which service serves it, where, with which query."""

    service: str
    path: str
    params: dict[str, Any]


def wanted(
    name: str, unit_id: str, period: int, first: int | None = None, last: int | None = None
) -> Wanted | None:
    """The file a download link names (None for a name the portal does not offer)."""
    files = {
        **{
            f"annual.{fmt}": Wanted("reporting", f"/units/{unit_id}/reports/annual.{fmt}", {"period": period})
            for fmt in ("docx", "pdf")
        },
        **{
            f"five-year.{fmt}": Wanted(
                "reporting", f"/units/{unit_id}/reports/five-year.{fmt}", {"from": first or period - 4}
            )
            for fmt in ("docx", "pdf")
        },
        "awards.xlsx": Wanted("reporting", f"/units/{unit_id}/awards.xlsx", {"period": period}),
        **{
            f"statistics.{fmt}": Wanted(
                "reporting",
                f"/units/{unit_id}/statistics.{fmt}",
                {"from": first or period, "to": last or period},
            )
            for fmt in ("xlsx", "pdf")
        },
        "registrations.xlsx": Wanted(
            "registration", "/registrations.xlsx", {"unit_id": unit_id, "year": period}
        ),
        "dossiers.xlsx": Wanted("registration", "/dossiers.xlsx", {"unit_id": unit_id, "year": period}),
    }
    return files.get(name)


@dataclass
class Streamed:
    """A file on its way from a service: its media type, its Content-Disposition, its bytes as they come."""

    media_type: str
    disposition: str
    response: httpx.Response
    client: httpx.AsyncClient

    async def chunks(self) -> AsyncIterator[bytes]:
        """The file's bytes as the service sends them (the connection closed at the end)."""
        try:
            async for chunk in self.response.aiter_bytes():
                yield chunk
        finally:
            await self.close()

    async def close(self) -> None:
        """Release the service's connection."""
        await self.response.aclose()
        await self.client.aclose()


async def stream(base_url: str, token: str, file: Wanted) -> Streamed:
    """Open the file at its service with the person's token; ApiError (read in full) if refused."""
    client = httpx.AsyncClient(base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=120)
    try:
        request = client.build_request("GET", file.path, params=file.params)
        response = await client.send(request, stream=True)
    except httpx.HTTPError as exc:
        await client.aclose()
        raise ApiError(503, "UNAVAILABLE", UNAVAILABLE) from exc
    if response.status_code >= 400:
        await response.aread()
        await response.aclose()
        await client.aclose()
        raise refusal(response)
    media = response.headers.get("content-type", "application/octet-stream")
    return Streamed(media, response.headers.get("content-disposition", "attachment"), response, client)


def refusal(response: httpx.Response) -> ApiError:
    """A service's refusal as the person reads it."""
    try:
        body = response.json()["error"]
    except (ValueError, KeyError, TypeError):
        return ApiError(response.status_code, "UNAVAILABLE", UNAVAILABLE)
    return ApiError(response.status_code, str(body.get("code")), str(body.get("message")), body.get("field"))


async def chart(
    reporting: ServiceApi, unit_id: str, name: str, fmt: str, params: dict[str, Any]
) -> tuple[bytes, str]:
    """A chart of the unit's numbers as reporting draws it (SVG or PNG) and its media type."""
    if name not in CHARTS or fmt not in CHART_FORMATS:
        raise ApiError(404, "UNKNOWN_CHART", "Không có biểu đồ này.", "name")
    return await reporting.get_bytes(f"/units/{unit_id}/charts/{name}.{fmt}", **params)
