"""The portal's main pages under 20 people at once, on the seeded data, beside the raw limit they stand on.

Every service and the portal run as processes signing people in at the local Keycloak. Twenty people
(ward officers, district standing office, leaders) sign in through Keycloak's real form, then each opens
their main pages in turn, all at once. A page's figure is the portal's own time (its `Server-Timing`,
the services' calls included); its raw limit is the same use cases run directly against the services,
with the same concurrency and no portal. Usage: `make bench-portal` or
`python -m bench.portal --rounds 20`.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from bench.workspace import workspace
from emutrack_kit_testing.keycloak import Keycloak
from emutrack_kit_testing.portal import People, local_token, sign_in_at_portal, start_portal_stack
from emutrack_kit_testing.processes import Slice
from portal.adapters.api import ServiceApi
from portal.usecases import home, registering

ROUND = "dk-2020-q-thanh-xuan"
WARDS = (
    "p-kim-giang", "p-ha-dinh", "p-khuong-dinh", "p-khuong-mai", "p-khuong-trung", "p-nhan-chinh",
    "p-phuong-liet", "p-thanh-xuan-bac", "p-thanh-xuan-nam", "p-thanh-xuan-trung", "p-thuong-dinh",
    "p-kim-giang",
)  # fmt: skip
# Twenty people: twelve ward officers, four of the district's standing office, four leaders.
PEOPLE = [
    *[("unit_officer", ward) for ward in WARDS],
    *[("standing_office", "q-thanh-xuan")] * 4,
    *[("viewer", "q-thanh-xuan")] * 2,
    *[("viewer", "ha-noi")] * 2,
]


@dataclass(frozen=True)
class Person:
    """One of the twenty: their account, role and unit."""

    username: str
    role: str
    unit: str


Apis = dict[str, ServiceApi]
Raw = Callable[[Apis, Person], Awaitable[Any]]


async def _home(apis: Apis, _: Person) -> None:
    now = datetime.now(UTC)
    places = await home.workplaces(apis["access"], now)
    await home.open_rounds(apis["registration"], places, now)
    await apis["notify"].get("/inbox", limit=1)


async def _inbox(apis: Apis, _: Person) -> None:
    await apis["notify"].get("/inbox", limit=20, skip=0)


async def _round(apis: Apis, person: Person) -> None:
    await registering.round_page(apis["registration"], ROUND, person.unit)


def pages_of(person: Person) -> list[tuple[str, str, Raw]]:
    """The pages a person opens in turn: (name, path, the same calls made directly)."""
    pages: list[tuple[str, str, Raw]] = [("trang chính", "/", _home), ("thông báo", "/inbox", _inbox)]
    if person.role == "unit_officer":
        pages.append(("đợt đăng ký", f"/rounds/{ROUND}?unit_id={person.unit}", _round))
    return pages


def percentiles(values: list[float]) -> tuple[float, float]:
    """p50 and p95 of a list of milliseconds."""
    ordered = sorted(values)
    cut = statistics.quantiles(ordered, n=20, method="inclusive")
    return statistics.median(ordered), cut[18]


async def through_portal(url: str, people: list[Person], rounds: int) -> dict[str, list[float]]:
    """Each person signed in, opening their pages `rounds` times, all at once; ms per page."""
    timings: dict[str, list[float]] = {}
    clients = [httpx.AsyncClient(timeout=60) for _ in people]
    try:
        pairs = list(zip(clients, people, strict=True))
        await asyncio.gather(*(sign_in_at_portal(c, url, p.username) for c, p in pairs))

        async def browse(client: httpx.AsyncClient, person: Person) -> None:
            for _ in range(rounds):
                for name, path, _raw in pages_of(person):
                    response = await client.get(f"{url}{path}")
                    assert response.status_code == 200, (path, response.status_code, response.text[:300])
                    server = response.headers["Server-Timing"].split("dur=")[1]
                    timings.setdefault(name, []).append(float(server))

        await asyncio.gather(*(browse(c, p) for c, p in pairs))
    finally:
        for client in clients:
            await client.aclose()
    return timings


async def directly(stack: Slice, people: list[Person], rounds: int) -> dict[str, list[float]]:
    """The same use cases with the same concurrency, straight to the services (no portal); ms per page."""
    timings: dict[str, list[float]] = {}

    async def browse(person: Person) -> None:
        token = local_token(person.role, person.unit, subject=person.username)
        apis = {s: ServiceApi(stack.url(f"{s}-http"), token) for s in ("access", "registration", "notify")}
        try:
            for _ in range(rounds):
                for name, _path, raw in pages_of(person):
                    started = time.perf_counter()
                    await raw(apis, person)
                    timings.setdefault(name, []).append((time.perf_counter() - started) * 1000)
        finally:
            for api in apis.values():
                await api.close()

    await asyncio.gather(*(browse(p) for p in people))
    return timings


async def main(rounds: int) -> None:
    """Start the stack, make the twenty, measure, print."""
    async with workspace("--deadline", "2099-12-31") as ws:
        stack = Slice(ws.env, ws.logs)
        keycloak = Keycloak.local()
        try:
            url = await start_portal_stack(stack, keycloak)
            people_maker = People(stack, keycloak, ws.namespace)
            people = [
                Person(
                    await people_maker.person(f"{ws.namespace}.{i}", role, unit, f"Người thử {i}"), role, unit
                )
                for i, (role, unit) in enumerate(PEOPLE)
            ]
            await through_portal(url, people, 1)  # warm: connections, JWKS, caches
            portal = await through_portal(url, people, rounds)
            raw = await directly(stack, people, rounds)
        finally:
            stack.stop_all()
    print(f"machine: {platform.machine()}, {platform.python_version()}, {len(people)} people at once")
    print(f"{'page':<14}{'n':>6}{'portal p50':>12}{'p95':>8}{'raw p50':>10}{'p95':>8}  (ms)")
    for name, values in portal.items():
        p50, p95 = percentiles(values)
        r50, r95 = percentiles(raw[name])
        print(f"{name:<14}{len(values):>6}{p50:>12.1f}{p95:>8.1f}{r50:>10.1f}{r95:>8.1f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20, help="times each person opens each of their pages")
    asyncio.run(main(parser.parse_args().rounds))
