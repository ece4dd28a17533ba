"""Every route of the portal, read from the app itself: a new route is covered the day it is added.

Without a session every route sends the person to sign in (and does nothing); a form posted with a
token that is not the session's (a forged cross-site post) is refused before any service is called;
and each role reaches only the pages of its work, the others answering "no access" without content.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from typing import Any

import httpx
import pytest

from emutrack_kit_testing.portal import sign_in_at_portal
from emutrack_kit_testing.processes import BIN
from tests.journeys.conftest import Portal

OPEN = {
    "/auth/login",
    "/auth/callback",
    "/auth/logout",
    "/signed-out",
    "/health",
    "/cong-khai",
    "/cong-khai/quyet-dinh.atom",
}
PLACEHOLDER = re.compile(r"\{[^}]+\}")
# In its own interpreter: here `portal` is this test package.
LIST_ROUTES = """
import json
from fastapi.routing import APIRoute
from portal.entrypoints.http import create_app
def walk(routes, prefix=""):
    for r in routes:
        if isinstance(r, APIRoute):
            yield from ([m, prefix + r.path] for m in r.methods)
        elif hasattr(r, "original_router"):  # FastAPI 0.163 includes routers lazily
            yield from walk(r.original_router.routes, prefix + r.include_context.prefix)
print(json.dumps(list(walk(create_app().routes))))
"""


def _routes(portal: Portal) -> list[tuple[str, str]]:
    """(method, path) of every route a person reaches, with made-up ids in the path."""
    env = {**os.environ, "EMT_ENVIRONMENT": "test", "EMT_OIDC_ISSUER": portal.keycloak.issuer}
    listed = subprocess.run(
        [str(BIN / "python"), "-c", LIST_ROUTES], env=env, check=True, capture_output=True, text=True
    )
    found = {
        (method, PLACEHOLDER.sub("zz-none", path))
        for method, path in json.loads(listed.stdout)
        if path not in OPEN and method != "HEAD"
    }
    return sorted(found)


async def test_without_a_session_every_route_sends_to_sign_in(portal: Portal) -> None:
    routes = _routes(portal)
    assert len(routes) > 60, "the whole portal is enumerated"
    async with httpx.AsyncClient(base_url=portal.url) as client:
        for method, path in routes:
            response = await client.request(method, path, data={"csrf": "x", "key": "k"})
            assert response.status_code == 303, (method, path, response.status_code)
            assert response.headers["location"] == "/auth/login", (method, path)


async def test_a_forged_form_is_refused_before_any_service_is_called(portal: Portal) -> None:
    username = await portal.person("admin", "q-thanh-xuan", "Đỗ Thị Kiểm")
    posts = [path for method, path in _routes(portal) if method == "POST"]
    async with httpx.AsyncClient(base_url=portal.url) as client:
        await sign_in_at_portal(client, portal.url, username)
        answers = {}
        for path in posts:
            try:
                answers[path] = await client.post(path, data={"csrf": "forged", "key": "k"})
            except httpx.HTTPError as error:
                raise AssertionError(path) from error
    # An unknown id would have come back from the service as 404: 400 means nothing was asked.
    wrong = {p: r.status_code for p, r in answers.items() if r.status_code != 400}
    assert wrong == {}, sorted(wrong.items())
    assert all("Biểu mẫu đã hết hạn" in r.text for r in answers.values())


OFFICE, ROUNDS, COUNCIL = (
    "/office/nominations?level=q-thanh-xuan",
    "/office/rounds?level=q-thanh-xuan",
    "/council?level=q-thanh-xuan",
)
DASHBOARD, DOSSIERS, ADMIN = (
    "/dashboard/q-thanh-xuan",
    "/dossiers?unit_id=p-thanh-xuan-bac",
    "/admin?within=q-thanh-xuan",
)
SETTINGS, TREE = "/notifications/settings?unit_id=p-thanh-xuan-bac", "/admin/tree"  # the tree: public names
PAGES = [OFFICE, ROUNDS, COUNCIL, DASHBOARD, DOSSIERS, ADMIN, SETTINGS, TREE]
# (role, unit) → the pages of Thanh Xuân it opens; every other one answers 403 with a message, no content.
OPENS: dict[tuple[str, str], set[str]] = {
    ("unit_officer", "p-thanh-xuan-bac"): {DOSSIERS, SETTINGS, TREE},
    ("viewer", "q-thanh-xuan"): {COUNCIL, DASHBOARD, DOSSIERS, TREE},
    ("standing_office", "q-thanh-xuan"): {OFFICE, ROUNDS, COUNCIL, DASHBOARD, DOSSIERS, SETTINGS, TREE},
    ("admin", "q-thanh-xuan"): {DASHBOARD, DOSSIERS, ADMIN, SETTINGS, TREE},
    ("standing_office", "q-hoang-mai"): {TREE},
    ("admin", "q-hoang-mai"): {TREE},
}


@pytest.mark.parametrize("persona", sorted(OPENS), ids=lambda p: f"{p[0]}@{p[1]}")
async def test_each_role_opens_the_pages_of_its_work_only(portal: Portal, persona: Any) -> None:
    role, unit = persona
    username = await portal.person(role, unit, "Lê Văn Ma Trận")
    async with httpx.AsyncClient(base_url=portal.url) as client:
        await sign_in_at_portal(client, portal.url, username)
        seen = {path: await client.get(path) for path in PAGES}
    assert {path for path, r in seen.items() if r.status_code == 200} == OPENS[persona]
    for path, response in seen.items():
        if path not in OPENS[persona]:
            assert response.status_code == 403, (path, response.status_code)
            assert "Chưa thực hiện được" in response.text, path  # a reason, in Vietnamese
