"""Registration benchmarks: a 5,000-row XLSX import end to end, and people search latency.

(1) upload an XLSX of N individual registrations to the registration HTTP app (own process)
    and wait until the reporting consumer (own process) shows them for the city: seconds, rows/s;
(2) search registered people by name at each size M (lists of 5,000 stored through the same use
    case, indexed by the consumer's handler in this process or by the registration consumer):
    indexing throughput, then Q queries over HTTP without accents: p50/p99 latency.
Usage: `python -m bench.registration --rows 5000 --people 20000,200000 --queries 100
[--index-via consumer]`.
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
from emutrack_contracts import Envelope
from emutrack_kit.auth import Principal, Role, RoleBinding, mint_token
from emutrack_kit.consumer import Position
from emutrack_kit.settings import DEV_JWT_SECRET
from emutrack_kit.text import fold
from emutrack_kit_testing.processes import Slice

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
    latencies.sort()
    return {
        "p50_ms": round(statistics.median(latencies), 1),
        "p99_ms": round(latencies[max(0, int(len(latencies) * 0.99) - 1)], 1),
    }


async def _relay_poll_ms(env: dict[str, str]) -> int:
    """How long the outbox relay's idle poll of the lists takes (it holds the local server)."""
    patient: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
        MONGODB, socketTimeoutMS=600_000, connectTimeoutMS=600_000, serverSelectionTimeoutMS=600_000
    )
    lists = patient[f"{env['EMT_DATABASE_PREFIX']}registration"]["individual_lists"]
    try:
        started = time.perf_counter()
        await lists.find({"_outbox_pending": True}, {"_outbox_seq": 1}).to_list(None)
        return round((time.perf_counter() - started) * 1000)
    finally:
        await patient.close()


def _plain(name: str) -> str:
    """A name as typed without accents (the search folds it anyway)."""
    return fold(name)


class _Lists:
    """Stores bench lists of 5,000 people through the use case, one ward after another."""

    PER_LIST = 5000

    def __init__(self, deps: Any, wards: list[str], rng: random.Random) -> None:
        self.deps = deps
        self.rng = rng
        self.admin = Principal("bench", (RoleBinding(Role.ADMIN, "ha-noi"),))
        self.slots = ((f"bench-{i // len(wards)}", wards[i % len(wards)]) for i in itertools.count())
        self.opened: set[str] = set()
        self.people = 0

    async def add_until(self, size: int) -> list[str]:
        """Submit lists until `size` people are registered; the ids of the lists added."""
        from registration.domain.rounds import Round, end_of_day
        from registration.usecases import people, seeding

        added = []
        while self.people < size:
            round_id, ward = next(self.slots)
            if round_id not in self.opened:
                await seeding.open_round(
                    self.deps,
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
                self.opened.add(round_id)
            rows = [(i, r) for i, r in enumerate(_rows(self.PER_LIST, self.rng), start=1)]
            await people.submit_people(self.deps, self.admin, people.SubmitPeople(round_id, ward, rows))
            added.append(f"{round_id}|{ward}")
            self.people += self.PER_LIST
        return added

    async def index_in_process(self, list_ids: list[str]) -> None:
        """Apply the lists' stored events with the consumer's own handler (no relay, no Kafka)."""
        from registration import bootstrap

        index = bootstrap.event_handlers(self.deps)["individual_registrations.submitted"]
        for n, list_id in enumerate(list_ids):
            stored = await self.deps.people.collection.find_one({"_id": list_id}, {"_outbox": 1})
            for entry in stored["_outbox"]:
                await index(Envelope.model_validate(entry["envelope"]), Position("bench", 0, n))


async def people_search(
    sizes: list[int], queries: int, via: str, env: dict[str, str], logs: Path
) -> list[dict[str, Any]]:
    """(2) p50/p99 of GET /people?q=<name without accents> at each size of registered people.

    Lists of 5,000 people are stored through the use case (as the HTTP upload would) and indexed
    either by the registration consumer from their events (`via="consumer"`: seconds from the
    first submission until all are searchable) or by applying their stored events with the same
    handler in this process (`via="handler"`: seconds of indexing alone). Queries run with the
    consumer stopped: on FerretDB its outbox relay's idle poll (`_outbox_pending` is not pushed
    down) decodes every list document every 50 ms behind the serialising proxy, so it would
    measure the relay, not the search; the cost of one such poll is reported.
    """
    from registration import bootstrap
    from registration.config import Settings

    deps = bootstrap.deps(Settings(), clock=lambda: datetime(2020, 1, 30, 3, tzinfo=UTC))
    mongo: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(MONGODB)
    units = mongo[f"{env['EMT_DATABASE_PREFIX']}registration"]["units"]
    wards = [str(u["_id"]) for u in await units.find({"kind": "ward"}).to_list(None)]
    await mongo.close()
    rng = random.Random(2)
    lists = _Lists(deps, wards, rng)
    processes = Slice(env, logs)
    processes.start("registration-http")
    token = mint_token(
        subject="bench",
        bindings=[("viewer", "ha-noi")],
        secret=DEV_JWT_SECRET,
        issuer="emutrack-local",
        audience="emutrack",
    )
    results: list[dict[str, Any]] = []
    try:
        async with httpx.AsyncClient(base_url=processes.url("registration-http"), timeout=120) as client:
            for size in sorted(sizes):
                if via == "consumer":
                    processes.start("registration-consumer")
                started = time.perf_counter()
                added = await lists.add_until(size)
                submitted = time.perf_counter() - started
                if via == "consumer":
                    await _wait_indexed(deps.people_index, added)
                    indexing = time.perf_counter() - started
                    processes.stop("registration-consumer")
                else:
                    await lists.index_in_process(added)
                    indexing = time.perf_counter() - started - submitted
                middle_given = [_plain(f"{rng.choice(MIDDLE)} {rng.choice(GIVEN)}") for _ in range(queries)]
                full = [_plain(_name(rng)) for _ in range(queries)]
                results.append(
                    {
                        "people": lists.people,
                        "lists_added": len(added),
                        "indexed_via": via,
                        "submitted_s": round(submitted, 1),
                        "indexing_s": round(indexing, 1),
                        "indexed_people_per_s": round(len(added) * lists.PER_LIST / indexing),
                        "middle_given": await _latencies(client, token, middle_given),
                        "full_name": await _latencies(client, token, full),
                    }
                )
                results[-1]["relay_idle_poll_of_lists_ms"] = await _relay_poll_ms(env)
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
    parser.add_argument(
        "--index-via",
        choices=["consumer", "handler"],
        default="handler",
        help="index with the consumer's handler in this process (default: the local relay does not"
        " scale to 200,000 people, docs/benchmarks.md) or through the registration consumer",
    )
    args = parser.parse_args()
    async with workspace("--deadline", "2099-12-31") as ws:
        result = {
            "xlsx_import": await xlsx_import(args.rows, ws.env, ws.logs),
            "people_search": await people_search(
                [int(p) for p in args.people.split(",")], args.queries, args.index_via, ws.env, ws.logs
            ),
        }
        print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    asyncio.run(main())
