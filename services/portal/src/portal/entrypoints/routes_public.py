"""The public pages (công khai), open without signing in: candidates under comment, decisions, a feed."""

# No `from __future__ import annotations`: FastAPI must see the real types of the routes.

from datetime import UTC, date, datetime, time
from typing import Annotated, Any
from xml.etree import ElementTree as ET

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from emutrack_kit.clock import HANOI
from portal.adapters.api import ApiError, Connections, ServiceApi
from portal.config import Settings
from portal.domain.office import page_link
from portal.entrypoints.web import page
from portal.usecases.public_lists import PAGE, public_page

ATOM = "http://www.w3.org/2005/Atom"


def public_router(settings: Settings) -> APIRouter:
    """/cong-khai and its Atom feed /cong-khai/quyet-dinh.atom."""
    router = APIRouter(include_in_schema=False)
    connections = Connections()

    def review() -> ServiceApi:
        return ServiceApi(settings.review_url, "", connections=connections)  # no one's token: public

    @router.get("/cong-khai", response_class=HTMLResponse)
    async def public(request: Request, skip: Annotated[int, Query(ge=0, le=10_000)] = 0) -> Response:
        try:
            data = await public_page(review(), skip)
        except ApiError as failed:
            return page(request, "problem.html", None, status=failed.status, error=failed)

        def link(to: int) -> str:
            return page_link("/cong-khai", {}, to)

        return page(request, "public.html", None, data=data, link=link, limit=PAGE)

    @router.get("/cong-khai/quyet-dinh.atom")
    async def feed() -> Response:
        try:
            data = await public_page(review(), 0)
        except ApiError as failed:
            return Response(failed.message, status_code=503, media_type="text/plain; charset=utf-8")
        body = _atom(f"{settings.public_url}/cong-khai", data.decisions)
        return Response(body, media_type="application/atom+xml; charset=utf-8")

    return router


def _moment(day: str) -> str:
    return datetime.combine(date.fromisoformat(day), time(), tzinfo=HANOI).astimezone(UTC).isoformat()


def _atom(url: str, decisions: list[dict[str, Any]]) -> bytes:
    """The latest decisions as an Atom feed (an entry per decision, its awardees as the summary)."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(root, f"{{{ATOM}}}title").text = "Quyết định khen thưởng — Thi đua, khen thưởng Hà Nội"
    ET.SubElement(root, f"{{{ATOM}}}id").text = url
    ET.SubElement(root, f"{{{ATOM}}}link", href=url)
    newest = decisions[0]["signed_on"] if decisions else "2000-01-01"
    ET.SubElement(root, f"{{{ATOM}}}updated").text = _moment(newest)
    for d in decisions:
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        signed = date.fromisoformat(d["signed_on"])
        title = f"Quyết định số {d['number']} ngày {signed:%d/%m/%Y} của {d['level_name']}: {d['award_name']}"
        ET.SubElement(entry, f"{{{ATOM}}}title").text = title
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"{url}#{d['decision_id']}"
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _moment(d["signed_on"])
        names = "; ".join(f"{a['name']} ({a['unit_name']})" for a in d["awardees"])
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = f"Tặng {d['award_name']} cho: {names}."
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))
