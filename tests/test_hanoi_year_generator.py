"""The synthetic Hà Nội year (bench/hanoi_year): deterministic, valid envelopes, consistent expected numbers.

Pure and fast: no Kafka. The expected numbers are checked against a small replay written here from
reporting's documented rules (never reporting's code), so a generator bug shows as a mismatch.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from importlib import resources
from typing import Any

import pytest

from bench.hanoi_year import (
    Expected,
    YearPlay,
    expected_of,
    generate,
    iter_events,
    plan_year,
    publish,
    units,
    with_duplicates,
)
from emutrack_contracts import EVENT_TYPES, Envelope, payload_model
from registration.seed_data import ward_id

YEAR, SCOPE = 2020, "q-thanh-xuan"
FIELDS = {
    "registrations": "registrations_by_title",
    "individuals": "individuals_by_title",
    "dossiers": "dossiers_by_award",
    "awards": "awards_by_award",
    "initiatives": "initiatives_by_level",
    "exemplars": "exemplars_by_category",
}


@pytest.fixture(scope="module")
def play() -> YearPlay:
    return generate(YEAR, SCOPE, target_events=3000, seed=11)


class Replay:
    """Reporting's rules as documented, applied to the events: dedupe by id, roll up by path, by period."""

    def __init__(self) -> None:
        self.counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        self.paths: dict[str, list[str]] = {}
        self.kinds: dict[str, str] = {}
        self.rounds: dict[str, tuple[str, datetime]] = {}
        self.firsts: dict[tuple[str, str], datetime] = {}
        self.lists: dict[str, tuple[int, dict[str, int]]] = {}
        self.submissions: dict[str, tuple[str, str]] = {}
        self.seen: set[str] = set()

    def bump(self, path: Sequence[str], period: Any, what: str, key: str, n: int) -> None:
        for unit_id in path:
            counter = self.counts[(unit_id, str(period))]
            counter[f"{what}_total"] += n
            counter[f"{FIELDS[what]}.{key}"] += n

    def first(self, round_id: str, unit_id: str, at: str) -> None:
        moment = datetime.fromisoformat(at)
        self.firsts[(round_id, unit_id)] = min(moment, self.firsts.get((round_id, unit_id), moment))

    def apply(self, events: Iterable[Envelope]) -> Replay:
        for e in events:
            if str(e.event_id) in self.seen:
                continue
            self.seen.add(str(e.event_id))
            getattr(self, e.event_type.replace(".", "_"))(e, e.payload)
        return self

    def unit_created(self, e: Envelope, p: dict[str, Any]) -> None:
        self.paths[p["unit_id"]], self.kinds[p["unit_id"]] = e.unit_path, p["kind"]

    def round_opened(self, e: Envelope, p: dict[str, Any]) -> None:
        self.rounds[p["round_id"]] = (p["receiving_unit_id"], datetime.fromisoformat(p["deadline"]))

    def registration_submitted(self, e: Envelope, p: dict[str, Any]) -> None:
        self.first(p["round_id"], p["subject_unit_id"], p["submitted_at"])
        self.bump(e.unit_path, p["year"], "registrations", p["title_code"], 1)

    def registration_status_changed(self, e: Envelope, p: dict[str, Any]) -> None:
        if p["to_status"] == "withdrawn":
            self.bump(
                e.unit_path, p["year"], "registrations", p["previous_title_code"] or p["title_code"], -1
            )
        elif p["previous_title_code"] and p["previous_title_code"] != p["title_code"]:
            self.bump(e.unit_path, p["year"], "registrations", p["previous_title_code"], -1)
            self.bump(e.unit_path, p["year"], "registrations", p["title_code"], 1)  # the total nets to 0

    def individual_registrations_submitted(self, e: Envelope, p: dict[str, Any]) -> None:
        self.first(p["round_id"], p["unit_id"], p["submitted_at"])
        version, before = self.lists.get(p["list_id"], (0, {}))
        if p["version"] <= version:
            return
        self.lists[p["list_id"]] = (p["version"], p["counts_by_title"])
        for title in set(before) | set(p["counts_by_title"]):
            self.bump(
                e.unit_path,
                p["year"],
                "individuals",
                title,
                p["counts_by_title"].get(title, 0) - before.get(title, 0),
            )

    def nomination_submitted(self, e: Envelope, p: dict[str, Any]) -> None:
        self.bump(e.unit_path, p["year"], "dossiers", p["award_code"], 1)

    def initiative_submitted(self, e: Envelope, p: dict[str, Any]) -> None:
        self.submissions[p["submission_id"]] = ("initiatives", p["recognition_level"])
        self.bump(e.unit_path, p["year"], "initiatives", p["recognition_level"], 1)

    def exemplar_submitted(self, e: Envelope, p: dict[str, Any]) -> None:
        self.submissions[p["submission_id"]] = ("exemplars", p["category"])
        self.bump(e.unit_path, p["year"], "exemplars", p["category"], 1)

    def submission_withdrawn(self, e: Envelope, p: dict[str, Any]) -> None:
        what, key = self.submissions[p["submission_id"]]
        self.bump(e.unit_path, p["year"], what, key, -1)

    def decision_issued(self, e: Envelope, p: dict[str, Any]) -> None:
        period, level = date.fromisoformat(p["signed_on"]).year, self.kinds[p["level_unit_id"]]
        for a in p["awardees"]:
            path = self.paths[a["proposing_unit_id"]]
            self.bump(path, period, "awards", p["award_code"], 1)
            for unit_id in path:
                self.counts[(unit_id, str(period))][f"awards_by_level.{level}"] += 1

    def numbers(self, unit_id: str, period: str) -> dict[str, Any]:
        flat = self.counts.get((unit_id, period), Counter())
        out: dict[str, Any] = {f"{w}_total": flat.get(f"{w}_total", 0) for w in FIELDS}
        out.update({b: {} for b in (*FIELDS.values(), "awards_by_level")})
        for key, n in flat.items():
            if "." in key and n:
                name, sub = key.split(".", 1)
                out[name][sub] = n
        return out


def _assert_matches(expected: Expected, replay: Replay, unit_ids: Iterable[str]) -> None:
    periods = {period for _, period in expected.counts} | {period for _, period in replay.counts}
    for unit_id in unit_ids:
        for period in periods:
            assert replay.numbers(unit_id, period) == expected.numbers(unit_id, period), (unit_id, period)
    for round_id, want in expected.rounds.items():
        receiving, deadline = replay.rounds[round_id]
        children = sorted(u for u, path in replay.paths.items() if len(path) > 1 and path[-2] == receiving)
        firsts = {u: replay.firsts.get((round_id, u)) for u in children}
        assert want.expected_unit_ids == children
        assert want.late_unit_ids == [u for u in children if (t := firsts[u]) is not None and t > deadline]
        assert want.missing_unit_ids == [u for u in children if firsts[u] is None]


def test_same_arguments_same_events_and_ids(play: YearPlay) -> None:
    again = generate(YEAR, SCOPE, target_events=3000, seed=11)
    assert [e.model_dump_json() for e in again.events] == [e.model_dump_json() for e in play.events]
    assert again.expected == play.expected
    other = generate(YEAR, SCOPE, target_events=3000, seed=12)
    assert {e.event_id for e in other.events}.isdisjoint({e.event_id for e in play.events})


def test_envelopes_validate_against_the_contracts(play: YearPlay) -> None:
    for e in play.events:
        known = EVENT_TYPES[e.event_type]
        payload_model(e.event_type).model_validate(e.payload)
        assert Envelope.model_validate_json(e.model_dump_json()) == e
        assert (e.producer, e.schema_version, e.unit_id) == (known.producer, known.version, e.unit_path[-1])
    assert len({e.event_id for e in play.events}) == len(play.events)


def test_the_target_is_met_exactly_and_the_mix_is_known_up_front(play: YearPlay) -> None:
    assert len(play.events) == 3000
    assert Counter(e.event_type for e in play.events) == Counter(play.event_counts)
    assert [e.event_type for e in play.events[:80]] == ["unit.created"] * 80
    times = [e.occurred_at for e in play.events]
    assert times == sorted(times)
    assert list(iter_events(YEAR, SCOPE, 3000, 11)) == play.events


def test_thanh_xuan_scope_has_the_seeded_wards() -> None:
    tree = json.loads(resources.files("registration.seed_data").joinpath("tree_2020.json").read_text("utf-8"))
    seeded = next(d for d in tree["districts"] if d["id"] == SCOPE)["wards"]
    scoped = units(SCOPE)
    assert [u.unit_id for u in scoped[:2]] == ["ha-noi", SCOPE]
    assert sorted(u.unit_id for u in scoped if u.kind == "ward") == sorted(ward_id(w) for w in seeded)
    assert all(u.path[:2] == ("ha-noi", SCOPE) for u in scoped[1:])
    assert all(u.synthetic == u.unit_id.startswith("syn-") == u.name.endswith("(mô phỏng)") for u in scoped)


def test_the_whole_city_has_domain_scale() -> None:
    tree = units(None)
    kinds = Counter(u.kind for u in tree)
    assert (kinds["district"], kinds["ward"], kinds["school"]) == (30, 526, 2337)
    assert 150_000 <= sum(u.staff for u in tree) <= 170_000
    seen: set[str] = set()
    for u in tree:  # parents first, ids unique
        assert u.parent_id is None or u.parent_id in seen
        seen.add(u.unit_id)
    assert "p-kim-giang" in seen
    assert len(seen) == len(tree)


def test_expected_numbers_match_an_independent_replay(play: YearPlay) -> None:
    replay = Replay().apply(play.events)
    _assert_matches(play.expected, replay, [u.unit_id for u in units(SCOPE)])
    assert play.expected.numbers("ha-noi", YEAR + 1)["awards_total"] > 0  # the city's flags: January


def test_redelivered_events_change_no_expected_number(play: YearPlay) -> None:
    hostile = with_duplicates(play.events, 0.2, seed=3)
    assert len(hostile) == len(play.events) + 600
    first_seen = list(dict.fromkeys(str(e.event_id) for e in hostile))
    assert first_seen == [str(e.event_id) for e in play.events]
    _assert_matches(play.expected, Replay().apply(hostile), [u.unit_id for u in units(SCOPE)])


def _sum(numbers: Iterable[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for n in numbers:
        for field, value in n.items():
            if isinstance(value, dict):
                out.setdefault(field, Counter()).update(value)
            else:
                out[field] = out.get(field, 0) + value
    return {f: dict(v) if isinstance(v, Counter) else v for f, v in out.items()}


def test_the_city_adds_up_its_children_and_a_district_its_own_and_its_childrens() -> None:
    plan = plan_year(YEAR, None, 150_000, seed=5)
    expected = expected_of(plan)
    children: dict[str, list[str]] = defaultdict(list)
    for p in plan.plans:
        if p.unit.parent_id:
            children[p.unit.parent_id].append(p.unit.unit_id)
    assert len(children["ha-noi"]) == 30 + 20 + 6
    for period in (YEAR, YEAR + 1):  # the city proposes nothing itself
        assert expected.numbers("ha-noi", period) == _sum(
            expected.numbers(c, period) for c in children["ha-noi"]
        )
    district, plan_of = expected.numbers(SCOPE, YEAR), {p.unit.unit_id: p for p in plan.plans}
    below = _sum(expected.numbers(c, YEAR) for c in children[SCOPE])
    own_registrations = sum(not r.withdrawn for r in plan_of[SCOPE].registrations)
    assert district["registrations_total"] == below["registrations_total"] + own_registrations
    assert district["dossiers_total"] == below["dossiers_total"] + len(plan_of[SCOPE].nominations)
    assert expected.numbers("ha-noi", YEAR)["dossiers_total"] == sum(len(p.nominations) for p in plan.plans)


def test_withdrawals_amendments_and_resubmissions_change_the_expected_numbers(play: YearPlay) -> None:
    submitted = Counter(
        e.payload["title_code"] for e in play.events if e.event_type == "registration.submitted"
    )
    changes = [e.payload for e in play.events if e.event_type == "registration.status_changed"]
    withdrawn = [c for c in changes if c["to_status"] == "withdrawn"]
    amended = [c for c in changes if c["previous_title_code"]]
    assert withdrawn
    assert amended
    city = play.expected.numbers("ha-noi", YEAR)
    assert city["registrations_total"] == submitted.total() - len(withdrawn)
    out = Counter(e.payload["kind"] for e in play.events if e.event_type == "submission.withdrawn")
    proposed = Counter(e.event_type for e in play.events)
    assert city["initiatives_total"] == proposed["initiative.submitted"] - out["initiative"]
    assert city["exemplars_total"] == proposed["exemplar.submitted"] - out["exemplar"]
    lists = [e.payload for e in play.events if e.event_type == "individual_registrations.submitted"]
    last = {p["list_id"]: p for p in lists}
    assert any(p["version"] > 1 for p in last.values())
    assert city["individuals_total"] == sum(sum(p["counts_by_title"].values()) for p in last.values())
    assert city["individuals_total"] < sum(sum(p["counts_by_title"].values()) for p in lists)


def test_coverage_knows_late_and_missing_units(play: YearPlay) -> None:
    district = play.expected.rounds[f"dk-{YEAR}-{SCOPE}"]
    assert district.receiving_unit_id == SCOPE
    assert len(district.expected_unit_ids) == 78
    assert district.late_unit_ids
    assert district.missing_unit_ids
    late = {e.payload["subject_unit_id"] for e in play.events if e.payload.get("late_reason")}
    assert late == set(district.late_unit_ids) | set(play.expected.rounds[f"dk-{YEAR}-ha-noi"].late_unit_ids)


class RecordingPublisher:
    def __init__(self) -> None:
        self.batches: list[list[dict[str, Any]]] = []

    async def publish_entries(self, entries: Sequence[dict[str, Any]]) -> None:
        self.batches.append(list(entries))


def test_publish_sends_outbox_entries_keyed_by_unit_and_paces_them(play: YearPlay) -> None:
    fast = RecordingPublisher()
    assert asyncio.run(publish(play.events, "unused:9092", publisher=fast)) == {}
    entries = [entry for batch in fast.batches for entry in batch]
    assert [(x["key"], x["envelope"]["event_id"]) for x in entries] == [
        (e.unit_id, str(e.event_id)) for e in play.events
    ]
    paced = RecordingPublisher()
    sent = asyncio.run(publish(play.events[:100], "unused:9092", rate_per_second=2000, publisher=paced))
    stamps = [sent[str(e.event_id)] for e in play.events[:100]]
    assert stamps == sorted(stamps)
    assert len(paced.batches) > 10  # paced: not all at once
