"""Review benchmark: appraising a round of nominations against years of decided awards.

Loads, on the local servers in a namespace of its own: the decided awards of P people over Y
years (one history document per person, one holders document per unit and year, as review's
decisions write them), each unit's registered list for the round's year, and N nominations
received by one level through review's own event handler. Then:
(1) the standing office appraises the whole round (`appraise_round`): total seconds, per dossier;
(2) Q single appraisals (`appraise`, the per-dossier endpoint's use case): p50/p99 latency.
Usage: `python -m bench.review_appraisal --people 170000 --years 10 --nominations 2000`.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo import AsyncMongoClient

from bench.workspace import KAFKA, MONGODB
from emutrack_contracts import new_event, samples
from emutrack_contracts.events.registration import NominationSubmitted
from emutrack_kit.auth import Principal, Role, RoleBinding
from emutrack_kit.consumer import Position
from emutrack_kit.text import fold
from emutrack_kit_testing.helpers import isolated_settings
from review.domain.evaluation import ListedPerson, PeopleList

LEVEL, CITY = "q-bench", "ha-noi"
LAST_YEAR = 2020
AWARDS = [  # (code, share of the round): quota-checked, history-checked and one-year titles
    ("chien_si_thi_dua_co_so", 0.5),
    ("chien_si_thi_dua_thanh_pho", 0.25),
    ("lao_dong_tien_tien", 0.25),
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quang", "Thu", "Hồng"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hùng", "Lan", "Linh", "Mai", "Nam"]


def person_name(i: int) -> str:
    """A Vietnamese full name, distinct per index (the index spelled as a fourth word)."""
    rng = random.Random(i)
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)} {i}"


def history(rng: random.Random, unit: str, years: range) -> list[dict[str, Any]]:
    """A person's decided awards: LĐTT most years, CSTĐ cơ sở some, CSTĐ Thành phố rarely.

    In the round's own year only LĐTT is decided yet (the units decide it before proposing more).
    """
    records: list[dict[str, Any]] = []
    for year in years:
        codes = []
        if rng.random() < 0.85:
            codes.append("lao_dong_tien_tien")
            if year < LAST_YEAR and rng.random() < 0.12:
                codes.append("chien_si_thi_dua_co_so")
                if rng.random() < 0.05:
                    codes.append("chien_si_thi_dua_thanh_pho")
        for code in codes:
            number = f"{year % 100}{len(records)}/QĐ-UBND"
            decision = {"decision_id": f"{unit}|{number}", "decision_number": number, "level": unit}
            records.append({"code": code, "year": year, **decision})
    return records


async def load(deps: Any, db: Any, people: int, units: int, years: int) -> dict[str, float]:
    """Write the awards, holders and registered lists; returns the seconds each took."""
    rng = random.Random(2020)
    span = range(LAST_YEAR - years + 1, LAST_YEAR + 1)
    holders: dict[tuple[str, int], dict[str, list[str]]] = {}
    lists: dict[str, list[ListedPerson]] = {}
    started, batch = time.perf_counter(), []
    for i in range(people):
        unit, name = f"u{i % units:04d}", person_name(i)
        key = f"{unit}|{fold(name)}"
        records = history(rng, unit, span)
        batch.append({"_id": key, "kind": "individual", "records": records})
        for r in records:
            holders.setdefault((unit, r["year"]), {}).setdefault(r["code"], []).append(key)
        lists.setdefault(unit, []).append(
            ListedPerson(person_key=key, full_name=name, birth_date="1985-01-01",
                         title_code="lao_dong_tien_tien", title_name="Lao động tiên tiến")
        )  # fmt: skip
        if len(batch) == 1000:
            await db["award_history"].insert_many(batch)
            batch = []
    if batch:
        await db["award_history"].insert_many(batch)
    history_s = time.perf_counter() - started
    started = time.perf_counter()
    docs = [
        {"_id": f"{u}|{y}|{code}", "subjects": keys}
        for (u, y), codes in holders.items()
        for code, keys in codes.items()
    ]
    for i in range(0, len(docs), 500):
        await db["award_holders"].insert_many(docs[i : i + 500])
    holders_s = time.perf_counter() - started
    started = time.perf_counter()
    for unit, listed in lists.items():
        await deps.people.replace(
            PeopleList(f"r|{unit}", 1, LAST_YEAR, "r", unit, unit, (CITY, LEVEL, unit), tuple(listed))
        )
    return {"history": history_s, "holders": holders_s, "lists": time.perf_counter() - started}


async def submit(on: Any, nominations: int, people: int, units: int) -> float:
    """N nominations of the round, received at the level by review's event handler."""
    rng = random.Random(7)
    started = time.perf_counter()
    chosen = rng.sample(range(people), nominations)
    at = datetime(LAST_YEAR, 12, 1, 2, 0, tzinfo=UTC)
    for n, i in enumerate(chosen):
        award = rng.choices([a for a, _ in AWARDS], [w for _, w in AWARDS])[0]
        unit = f"u{i % units:04d}"
        payload = NominationSubmitted(
            dossier_id=f"hs-{n:05d}", round_id="kt-bench", year=LAST_YEAR, proposing_unit_id=unit,
            proposing_unit_name=unit, receiving_unit_id=LEVEL, subject_kind="individual",
            subject_name=person_name(i), award_code=award, award_name=award, dossier_kind="annual_merit",
            summary="Hoàn thành xuất sắc nhiệm vụ.", attachments=[], submitted_at=at + timedelta(seconds=n),
        )  # fmt: skip
        event = new_event(
            "nomination.submitted",
            producer="bench",
            unit_path=[CITY, LEVEL, unit],
            actor="b",
            payload=payload,
        )
        await on["nomination.submitted"](event, Position("bench", 0, n))
    return time.perf_counter() - started


async def run(args: argparse.Namespace) -> None:
    """Load, appraise the round, then time single appraisals; print the figures."""
    from review import bootstrap
    from review.config import Settings
    from review.usecases import appraisals

    namespace = f"bench{uuid.uuid4().hex[:8]}"
    settings = Settings(**isolated_settings(KAFKA, MONGODB, namespace))
    clock_at = datetime(LAST_YEAR, 12, 20, 3, 0, tzinfo=UTC)
    deps = bootstrap.deps(settings, clock=lambda: clock_at)
    on = bootstrap.event_handlers(deps)
    raw: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(MONGODB)
    db = raw[f"{namespace}_review"]
    try:
        for unit_id, kind, above in [(CITY, "city", []), (LEVEL, "district", [CITY])]:
            await on["unit.created"](
                samples.unit_created(unit_id, unit_id, kind, above), Position("bench", 0, 0)
            )
        loaded = await load(deps, db, args.people, args.units, args.years)
        received_s = await submit(on, args.nominations, args.people, args.units)
        office = Principal("bench", (RoleBinding(Role.STANDING_OFFICE, LEVEL),))
        marks: list[float] = []  # when each dossier's appraisal is stored: the gaps are per-dossier times
        record = deps.nominations.record_appraisal

        async def timed_record(*args: Any) -> bool:
            stored: bool = await record(*args)
            marks.append(time.perf_counter())
            return stored

        deps.nominations.record_appraisal = timed_record  # type: ignore[method-assign,assignment]
        started = time.perf_counter()
        summary = await appraisals.appraise_round(deps, office, appraisals.RoundAppraisal(LEVEL, LAST_YEAR))
        round_s = time.perf_counter() - started
        deps.nominations.record_appraisal = record  # type: ignore[method-assign]
        gaps = sorted((b - a) * 1000 for a, b in zip([started, *marks], marks, strict=False))
        ids = random.Random(3).sample(range(args.nominations), args.single)
        latencies = []
        for n in ids:
            started = time.perf_counter()
            await appraisals.appraise(deps, office, f"hs-{n:05d}@{LEVEL}")
            latencies.append((time.perf_counter() - started) * 1000)
        latencies.sort()
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        records = sum([len(d["records"]) async for d in db["award_history"].find({}, {"records": 1})])
        print(f"people={args.people} years={args.years} units={args.units} decided awards={records}")
        print(f"load: histories {loaded['history']:.1f} s, holders {loaded['holders']:.1f} s, "
              f"registered lists {loaded['lists']:.1f} s; "
              f"{args.nominations} nominations received in {received_s:.1f} s")  # fmt: skip
        per_dossier = round_s / args.nominations * 1000
        print(f"(1) round of {args.nominations}: {round_s:.1f} s total, {per_dossier:.1f} ms per dossier; "
              f"verdicts {summary.verdicts}, refused {len(summary.refused)}")  # fmt: skip
        round_p99 = gaps[min(len(gaps) - 1, int(len(gaps) * 0.99))]
        print(f"    per dossier in the round: p50 {statistics.median(gaps):.1f} ms, p99 {round_p99:.1f} ms")
        p50 = statistics.median(latencies)
        print(f"(2) single appraisal x{args.single}: p50 {p50:.1f} ms, p99 {p99:.1f} ms")
    finally:
        await raw.drop_database(f"{namespace}_review")
        await raw.close()


def main() -> None:
    """CLI entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=170_000)
    parser.add_argument("--units", type=int, default=600)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--nominations", type=int, default=2000)
    parser.add_argument("--single", type=int, default=200)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
