"""Registration benchmarks: a 5,000-row XLSX import end to end, and people search latency.

(1) upload an XLSX of N individual registrations to the registration HTTP app (own process)
    and wait until the reporting consumer (own process) shows them for the city: seconds, rows/s;
(2) search registered people by name at each size M (lists of 5,000 stored through the same use
    case, indexed by the registration consumer): indexing throughput, then Q queries over HTTP
    without accents: p50/p99 latency.
Usage: `python -m bench.registration --rows 5000 --people 20000,200000 --queries 100`.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import itertools
import json
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from openpyxl import load_workbook
from pymongo import AsyncMongoClient

from bench.workspace import MONGODB, workspace
from emutrack_kit.auth import Principal, Role, RoleBinding, mint_token
from emutrack_kit.processes import Slice
from emutrack_kit.settings import DEV_JWT_SECRET
from emutrack_kit.text import fold

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quang", "Thu", "Hồng"]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hằng",
    "Hùng",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Nhung",
    "Phúc",
    "Phương",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thịnh",
    "Trang",
    "Trung",
    "Tuấn",
    "Yến",
]
TITLES = ["Lao động tiên tiến"] * 6 + ["Chiến sĩ thi đua cơ sở"]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _rows(count: int, rng: random.Random) -> list[dict[str, Any]]:
    start = date(1965, 1, 1)
    return [
        {
            "full_name": _name(rng),
            "birth_date": (start + timedelta(days=i)).strftime("%d/%m/%Y"),
            "gender": rng.choice(["Nam", "Nữ"]),
            "position": "Công chức",
            "title": rng.choice(TITLES),
        }
        for i in range(count)
    ]


async def _template(client: httpx.AsyncClient, headers: dict[str, str], rows: list[dict[str, Any]]) -> bytes:
    book = load_workbook(
        io.BytesIO((await client.get("/templates/individual-registrations.xlsx", headers=headers)).content)
    )
    sheet = book.worksheets[0]
    for i, r in enumerate(rows, start=1):
        sheet.append([i, r["full_name"], r["birth_date"], r["gender"], r["position"], r["title"]])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


async def xlsx_import(rows: int, env: dict[str, str], logs: Path) -> dict[str, float]:
    """(1) seconds and rows/s from upload to the city's counts."""
    processes = Slice(env, logs)
    for name in ("registration-http", "registration-consumer", "reporting-consumer", "reporting-http"):
        processes.start(name)
    token = mint_token(
        subject="bench",
        bindings=[("unit_officer", "p-kim-giang"), ("viewer", "ha-noi")],
        secret=DEV_JWT_SECRET,
        issuer="emutrack-local",
        audience="emutrack",
    )
    headers = {"Authorization": f"Bearer {token}"}
    try:
        async with httpx.AsyncClient(base_url=processes.url("registration-http"), timeout=300) as client:
            content = await _template(client, headers, _rows(rows, random.Random(1)))
            started = time.perf_counter()
            response = await client.post(
                "/rounds/dk-2020-q-thanh-xuan/units/p-kim-giang/individual-registrations/xlsx",
                files={"file": ("dang-ky.xlsx", content)},
                headers=headers,
            )
            accepted = time.perf_counter() - started
            assert response.status_code == 200, response.text[:500]
        async with httpx.AsyncClient(base_url=processes.url("reporting-http"), timeout=30) as client:
            while True:
                counts = await client.get("/units/ha-noi/counts?period=2020", headers=headers)
                if counts.status_code == 200 and counts.json()["individuals_total"] >= rows:
                    break
                await asyncio.sleep(0.1)
        total = time.perf_counter() - started
    finally:
        processes.stop_all()
    return {
        "rows": rows,
        "http_accepted_s": round(accepted, 2),
        "until_reported_s": round(total, 2),
        "rows_per_s": round(rows / total),
    }


async def _wait_indexed(index: Any, list_ids: list[str]) -> None:
    """Until the registration consumer has indexed every one of these lists (version 1)."""
    pending = set(list_ids)
    while pending:
        pending = {lid for lid in pending if await index.applied_version(lid) < 1}
        if pending:
            await asyncio.sleep(0.5)


async def _latencies(client: httpx.AsyncClient, token: str, needles: list[str]) -> dict[str, float]:
    latencies = []
    for needle in needles:
        started = time.perf_counter()
        response = await client.get(
            "/people", params={"q": needle, "limit": 20}, headers={"Authorization": f"Bearer {token}"}
        )
        latencies.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.text[:500]
        assert response.json()["total"] > 0, needle
    latencies.sort()
    return {
        "p50_ms": round(statistics.median(latencies), 1),
        "p99_ms": round(latencies[max(0, int(len(latencies) * 0.99) - 1)], 1),
    }


def _plain(name: str) -> str:
    """A name as typed without accents (the search folds it anyway)."""
    return fold(name)


async def people_search(
    sizes: list[int], queries: int, env: dict[str, str], logs: Path
) -> list[dict[str, Any]]:
    """(2) p50/p99 of GET /people?q=<name without accents> at each size of registered people.

    Lists of 5,000 people are stored through the use case (as the HTTP upload would) while the
    registration consumer indexes them from their events; each size is measured once the index
    holds every list (indexing throughput = people added / seconds until searchable).
    """
    from registration import bootstrap, handlers, people_handlers
    from registration.config import Settings
    from registration.domain.rounds import Round, end_of_day

    deps = bootstrap.deps(Settings(), clock=lambda: datetime(2020, 1, 30, 3, tzinfo=UTC))
    admin = Principal("bench", (RoleBinding(Role.ADMIN, "ha-noi"),))
    mongo: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(MONGODB)
    units = mongo[f"{env['EMT_DATABASE_PREFIX']}registration"]["units"]
    wards = [str(u["_id"]) for u in await units.find({"kind": "ward"}).to_list(None)]
    await mongo.close()
    rng = random.Random(2)
    per_list = 5000
    slots = ((f"bench-{i // len(wards)}", wards[i % len(wards)]) for i in itertools.count())
    opened: set[str] = set()
    processes = Slice(env, logs)
    processes.start("registration-consumer")
    processes.start("registration-http")
    token = mint_token(
        subject="bench",
        bindings=[("viewer", "ha-noi")],
        secret=DEV_JWT_SECRET,
        issuer="emutrack-local",
        audience="emutrack",
    )
    results: list[dict[str, Any]] = []
    people = 0
    try:
        async with httpx.AsyncClient(base_url=processes.url("registration-http"), timeout=120) as client:
            for size in sorted(sizes):
                started = time.perf_counter()
                added: list[str] = []
                while people < size:
                    round_id, ward = next(slots)
                    if round_id not in opened:
                        await handlers.open_round(
                            deps,
                            Round(
                                round_id,
                                f"Bench {round_id}",
                                "registration",
                                2020,
                                "ha-noi",
                                "Thành phố Hà Nội",
                                date(2020, 1, 1),
                                end_of_day(date(2020, 12, 31)),
                            ),
                        )
                        opened.add(round_id)
                    rows = [(i, r) for i, r in enumerate(_rows(per_list, rng), start=1)]
                    await people_handlers.submit_people(
                        deps, admin, round_id=round_id, unit_id=ward, rows=rows
                    )
                    added.append(f"{round_id}|{ward}")
                    people += per_list
                submitted = time.perf_counter() - started
                await _wait_indexed(deps.people_index, added)
                indexed = time.perf_counter() - started
                middle_given = [_plain(f"{rng.choice(MIDDLE)} {rng.choice(GIVEN)}") for _ in range(queries)]
                full = [_plain(_name(rng)) for _ in range(queries)]
                results.append(
                    {
                        "people": people,
                        "lists_added": len(added),
                        "submitted_s": round(submitted, 1),
                        "searchable_after_s": round(indexed, 1),
                        "indexed_people_per_s": round(len(added) * per_list / indexed),
                        "middle_given": await _latencies(client, token, middle_given),
                        "full_name": await _latencies(client, token, full),
                    }
                )
                print(json.dumps(results[-1], ensure_ascii=False), flush=True)
    finally:
        processes.stop_all()
    return results


async def main() -> None:
    """Run both measurements in a fresh namespace and print them."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument(
        "--people", default="20000,200000", help="sizes to measure at, comma-separated (grown in turn)"
    )
    parser.add_argument("--queries", type=int, default=100)
    args = parser.parse_args()
    async with workspace("--deadline", "2099-12-31") as ws:
        result = {
            "xlsx_import": await xlsx_import(args.rows, ws.env, ws.logs),
            "people_search": await people_search(
                [int(p) for p in args.people.split(",")], args.queries, ws.env, ws.logs
            ),
        }
        print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    asyncio.run(main())
