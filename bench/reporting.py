"""Reporting at full scale: a rebuild from the log, the city's dashboard, and the lag under load.

(1) rebuild: a synthetic year of Hà Nội (bench/hanoi_year, 1,000,000 events by default) is
published as the relays would, then `emt-reporting-rebuild` replays it: records/s and times.
(2) dashboard: the reporting HTTP app answers the city's numbers (and its drill-down and
series) for one year of data, then again after nine more years were added and rebuilt: p50/p99.
(3) lag: the reporting consumer runs as its own process; dossiers are published at a steady
rate; the lag is from each one's publication to the first city snapshot event that counts it.
Usage: `make bench-reporting` or `python -u -m bench.reporting --only lag --rate 500`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer
from pymongo import AsyncMongoClient

from bench.hanoi_year import events_of, expected_of, plan_year, publish
from bench.workspace import KAFKA, MONGODB, Workspace, workspace
from emutrack_contracts import Envelope, topics
from emutrack_kit.auth import mint_token
from emutrack_kit.settings import DEV_JWT_SECRET
from emutrack_kit_testing.helpers import eventually
from emutrack_kit_testing.processes import BIN, Slice


def city_viewer() -> dict[str, str]:
    """Headers of a viewer bound to the city."""
    token = mint_token(
        subject="bench",
        bindings=[("viewer", "ha-noi")],
        secret=DEV_JWT_SECRET,
        issuer="emutrack-local",
        audience="emutrack",
    )
    return {"Authorization": f"Bearer {token}"}


FIELDS = ("registrations_total", "individuals_total", "dossiers_total", "awards_total", "initiatives_total")


def percentiles(samples: list[float]) -> str:
    """p50 / p99 / max of durations in seconds, as milliseconds."""
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    p50, top = statistics.median(ordered), ordered[-1]
    return f"p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, max {top * 1000:.1f} ms"


def rebuild(ws: Workspace) -> dict[str, Any]:
    """Run the rebuild CLI as operations would; its summary, wall time and peak memory."""
    started = time.perf_counter()
    done = subprocess.run(
        [str(BIN / "emt-reporting-rebuild"), "--quiet"],
        env={**os.environ, **ws.env},
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    summary: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    summary["wall_seconds"] = round(time.perf_counter() - started, 1)
    summary["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    return summary


async def publish_year(ws: Workspace, year: int, events: int | None, seed: int) -> Any:
    """Publish a year as fast as the broker takes it; return its expected numbers."""
    plan = plan_year(year, None, events, seed)
    started = time.perf_counter()
    counts = plan.event_counts()
    await publish(events_of(plan), KAFKA, namespace=ws.env["EMT_TOPIC_NAMESPACE"])
    took = time.perf_counter() - started
    total = sum(counts.values())
    print(f"published {year}: {total:,} events in {took:.1f} s ({total / took:,.0f} events/s)", flush=True)
    return expected_of(plan)


async def dashboard(slice_: Slice, years: list[int], rounds: int) -> None:
    """The city's counts, drill-down and series, asked `rounds` times per year: p50/p99."""
    headers = city_viewer()
    timings: dict[str, list[float]] = {"counts": [], "children": [], "series": []}
    paths = {
        "counts": "/units/ha-noi/counts?period={y}",
        "children": "/units/ha-noi/children/counts?period={y}",
        "series": "/units/ha-noi/series?period={y}",
    }
    async with httpx.AsyncClient(base_url=slice_.url("reporting-http"), timeout=60) as client:
        for _ in range(rounds):
            for year in years:
                for name, path in paths.items():
                    started = time.perf_counter()
                    response = await client.get(path.format(y=year), headers=headers)
                    timings[name].append(time.perf_counter() - started)
                    response.raise_for_status()
    for name, samples in timings.items():
        print(
            f"  city {name} over {len(years)} year(s), {len(samples)} requests: {percentiles(samples)}",
            flush=True,
        )


async def check_city(slice_: Slice, expected: Any, period: str) -> None:
    """The rebuilt city numbers equal the generator's ground truth."""
    async with httpx.AsyncClient(base_url=slice_.url("reporting-http"), timeout=60) as client:
        shown = (await client.get(f"/units/ha-noi/counts?period={period}", headers=city_viewer())).json()
    want = expected.numbers("ha-noi", period)
    wrong = {f: (shown.get(f), want.get(f)) for f in FIELDS if shown.get(f) != want.get(f)}
    print(
        f"  city {period} numbers {'equal the ground truth' if not wrong else f'DIFFER: {wrong}'}", flush=True
    )


async def run_rebuild_and_dashboard(args: argparse.Namespace) -> None:
    """Benchmarks (1) and (2) in one workspace."""
    async with workspace("--deadline", "2099-12-31") as ws:
        slice_ = Slice(ws.env, ws.logs)
        try:
            expected = await publish_year(ws, 2020, args.events, seed=1)
            summary = rebuild(ws)
            print(f"rebuild of one year: {json.dumps(summary, ensure_ascii=False)}", flush=True)
            slice_.start("reporting-http")
            await check_city(slice_, expected, "2020")
            await dashboard(slice_, [2020], args.rounds)
            if args.years > 1:
                for year in range(2020 - args.years + 1, 2020):
                    await publish_year(ws, year, None, seed=year)
                summary = rebuild(ws)
                print(f"rebuild of {args.years} years: {json.dumps(summary, ensure_ascii=False)}", flush=True)
                await dashboard(
                    slice_, list(range(2020 - args.years + 1, 2021)), max(1, args.rounds // args.years)
                )
        finally:
            slice_.stop_all()


def tree() -> list[Envelope]:
    """The city's units (snapshots are published for the level units reporting knows)."""
    return [e for e in events_of(plan_year(2020, None, None, seed=5)) if e.event_type == "unit.created"]


async def learnt(ws: Workspace, count: int) -> None:
    """Wait until reporting knows `count` units."""
    mongo: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(MONGODB)
    try:
        units = mongo[f"{ws.env['EMT_DATABASE_PREFIX']}reporting"]["org_units"]  # the tree replica
        await eventually(lambda: units.count_documents({}), lambda n: n >= count, timeout=600)
    finally:
        await mongo.close()


def nominations(count: int) -> Iterator[Envelope]:
    """Dossiers of the synthetic year, each counting once in the city's dossiers_total for 2020."""
    sent = 0
    for event in events_of(plan_year(2020, None, None, seed=5)):
        if event.event_type == "nomination.submitted" and event.payload["year"] == 2020:
            yield event
            sent += 1
            if sent == count:
                return


async def city_snapshots(ws: Workspace) -> list[tuple[float, int]]:
    """(Kafka timestamp in s, dossiers_total) of every city snapshot of 2020 published."""
    consumer = AIOKafkaConsumer(
        topics.REPORT_SNAPSHOTS.qualified(ws.env["EMT_TOPIC_NAMESPACE"]),
        bootstrap_servers=KAFKA,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    found: list[tuple[float, int]] = []
    try:
        while batch := await consumer.getmany(timeout_ms=3000, max_records=5000):
            for records in batch.values():
                for r in records:
                    payload = json.loads(r.value)["payload"]
                    if payload["unit_id"] == "ha-noi" and payload["period"] == "2020":
                        found.append((r.timestamp / 1000, payload["dossiers_total"]))
    finally:
        await consumer.stop()
    return sorted(found)


async def run_lag(args: argparse.Namespace) -> None:
    """Benchmark (3)."""
    async with workspace("--deadline", "2099-12-31") as ws:
        slice_ = Slice(ws.env, ws.logs)
        try:
            slice_.start("reporting-consumer")
            units = tree()
            await publish(units, KAFKA, namespace=ws.env["EMT_TOPIC_NAMESPACE"])
            await learnt(ws, len(units))
            count = int(args.rate * args.seconds)
            events = list(nominations(count))
            sent = await publish(events, KAFKA, args.rate, namespace=ws.env["EMT_TOPIC_NAMESPACE"])
            published_in = max(sent.values()) - min(sent.values())
            print(
                f"published {len(events):,} dossiers in {published_in:.1f} s at {args.rate:g}/s", flush=True
            )
            deadline = time.time() + 600
            snapshots: list[tuple[float, int]] = []
            while time.time() < deadline:
                snapshots = await city_snapshots(ws)
                if snapshots and snapshots[-1][1] >= len(events):
                    break
                await asyncio.sleep(2)
            lags, i = [], 0
            for k, event in enumerate(events, start=1):
                while i < len(snapshots) and snapshots[i][1] < k:
                    i += 1
                if i == len(snapshots):
                    raise RuntimeError(f"the city never counted {k} dossiers")
                lags.append(snapshots[i][0] - sent[str(event.event_id)])
            print(f"lag to the city's snapshot at {args.rate:g} events/s: {percentiles(lags)}", flush=True)
            print(f"  {len(snapshots)} city snapshots for {len(events):,} events (coalesced)", flush=True)
        finally:
            slice_.stop_all()


async def run(args: argparse.Namespace) -> None:
    """The chosen benchmarks."""
    if args.only in ("all", "rebuild"):
        await run_rebuild_and_dashboard(args)
    if args.only in ("all", "lag"):
        await run_lag(args)


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--only", choices=("all", "rebuild", "lag"), default="all")
    parser.add_argument("--events", type=int, default=1_000_000, help="events of the rebuilt year")
    parser.add_argument("--years", type=int, default=10, help="years of data for the second dashboard run")
    parser.add_argument("--rounds", type=int, default=200, help="requests per endpoint and year (1 year)")
    parser.add_argument("--rate", type=float, default=500.0, help="events per second for the lag")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the steady load lasts")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
