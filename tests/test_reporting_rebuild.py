"""A rebuild from the Kafka log gives exactly the read models the live consumer built.

The events go to the real broker as the services' outbox relays send them; the reporting
consumer runs as its own process; the rebuild CLI runs as a process too, is refused while the
consumer holds its group, then replays, swaps and moves the group's offsets, so the restarted
consumer counts the next event once.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime
from typing import Any

from emutrack_contracts import Envelope, new_event, samples
from emutrack_contracts.events.org import UnitMoved
from emutrack_contracts.events.registration import RoundOpened
from emutrack_contracts.events.review import ClusterRankingPublished, NominationStatusChanged
from emutrack_kit.kafka import KafkaPublisher
from emutrack_kit.outbox import outbox_entry
from emutrack_kit_testing.helpers import eventually
from tests.reporting_support import COLLECTIONS, consumed_everything, differences, read_models, rebuild

TREE = [
    ("ha-noi", "Thành phố Hà Nội", "city", []),
    ("q-thanh-xuan", "Quận Thanh Xuân", "district", ["ha-noi"]),
    ("q-hoang-mai", "Quận Hoàng Mai", "district", ["ha-noi"]),
    ("p-kim-giang", "Phường Kim Giang", "ward", ["ha-noi", "q-thanh-xuan"]),
    ("p-ha-dinh", "Phường Hạ Đình", "ward", ["ha-noi", "q-thanh-xuan"]),
]


def _status(status: str, day: int) -> Envelope:
    payload = NominationStatusChanged(
        nomination_id="hs-1@q-thanh-xuan",
        dossier_id="hs-1",
        round_id="kt",
        year=2020,
        proposing_unit_id="p-kim-giang",
        level_unit_id="q-thanh-xuan",
        status=status,
        changed_at=datetime(2020, 11, day, 3, 0, 0, 123456, tzinfo=UTC),
    )
    return new_event(
        "nomination.status_changed",
        producer="review",
        unit_path=["ha-noi", "q-thanh-xuan"],
        actor="t",
        payload=payload,
    )


def _ranking() -> ClusterRankingPublished:
    return ClusterRankingPublished(
        cluster_id="cum-1",
        cluster_name="Cụm thi đua số 1",
        year=2020,
        level_unit_id="q-thanh-xuan",
        member_ids=["p-kim-giang", "p-ha-dinh"],
        suspicious_pairs=0,
        method="mean",
        content_hash="0" * 64,
        ranking=[{"unit_id": "p-kim-giang", "rank": 1, "final_score": 95.0, "cross_mean": 94.0}],
        published_at=datetime(2020, 12, 20, 3, tzinfo=UTC),
    )


def _year() -> list[Envelope]:
    """A small year: registrations with a withdrawal, a resubmitted list, dossiers, a parked decision."""
    round_ = RoundOpened(
        round_id="r", name="Đăng ký thi đua năm 2020", kind="registration", year=2020,
        receiving_unit_id="q-thanh-xuan", deadline=datetime(2020, 2, 15, 10, 0, tzinfo=UTC),
    )  # fmt: skip
    moved = UnitMoved(
        unit_id="p-ha-dinh", from_parent_id="q-thanh-xuan", to_parent_id="q-hoang-mai",
        effective_date=date(2025, 7, 1), parents=[], operation_id="op-1",
    )  # fmt: skip
    return [
        *(samples.unit_created(u, name, kind, path) for u, name, kind, path in TREE),
        new_event(
            "round.opened",
            producer="registration",
            unit_path=["ha-noi", "q-thanh-xuan"],
            actor="t",
            payload=round_,
        ),
        samples.registration_submitted("tap_the_lao_dong_tien_tien"),
        samples.registration_submitted("co_thi_dua_thanh_pho", registration_id="reg-2"),
        samples.registration_changed(
            "submitted", "withdrawn", "co_thi_dua_thanh_pho", registration_id="reg-2"
        ),
        samples.people_listed(1, ["lao_dong_tien_tien", "chien_si_thi_dua_co_so"]),
        samples.people_listed(2, ["lao_dong_tien_tien", "lao_dong_tien_tien", "lao_dong_tien_tien"]),
        samples.nomination_submitted("hs-1"),
        samples.nomination_submitted("hs-2", award_code="giay_khen"),
        samples.decision_issued("12/QĐ-UBND", ["p-kim-giang", "p-moi"]),  # p-moi unknown: parked
        samples.decision_issued("13/QĐ-UBND", ["p-ha-dinh"], signed_on=date(2020, 12, 31)),
        samples.unit_created("p-moi", "Phường Mới", "ward", ["ha-noi", "q-thanh-xuan"]),
        new_event("unit.moved", producer="registration", unit_path=["ha-noi"], actor="t", payload=moved),
        *(_status(s, day) for s, day in (("received", 2), ("returned", 4), ("received", 6), ("decided", 12))),
        new_event(
            "cluster_ranking.published",
            producer="review",
            unit_path=["ha-noi", "q-thanh-xuan"],
            actor="t",
            payload=_ranking(),
        ),
    ]


async def _publish(env: dict[str, str], events: list[Envelope]) -> None:
    publisher = KafkaPublisher(env["KAFKA_BOOTSTRAP_SERVERS"], env["EMT_TOPIC_NAMESPACE"], client_id="test")
    await publisher.start()
    try:
        await publisher.publish_entries([outbox_entry(e) for e in events])
    finally:
        await publisher.stop()


async def _city_total(mongo: Any, namespace: str) -> int:
    counter = await mongo[f"{namespace}_reporting"]["counters"].find_one({"_id": "ha-noi:2020"})
    return -1 if counter is None else int(counter["registrations_total"])


async def test_a_rebuild_from_the_log_equals_the_live_read_models(
    slice_: Any, service_env: dict[str, str], mongo: Any, namespace: str
) -> None:
    events = _year()
    slice_.start("reporting-consumer")
    await _publish(service_env, events[:10])
    await _publish(service_env, [events[6], *events[10:]])  # one event published twice, as after a crash
    db = mongo[f"{namespace}_reporting"]
    await eventually(
        lambda: db["org_units"].find_one({"_id": "p-ha-dinh"}),
        lambda u: u and "q-hoang-mai" in [link["parent_id"] for link in u["parents"]],
    )
    await eventually(lambda: db["parked_events"].count_documents({}), lambda n: n == 0)
    # every counting event in (the duplicate once): the topics are consumed side by side
    await eventually(lambda: db["facts"].count_documents({}), lambda n: n == 13)
    await eventually(lambda: db["cluster_rankings"].count_documents({}), lambda n: n == 1)
    await eventually(lambda: consumed_everything(service_env), lambda done: done)
    live = await read_models(mongo, namespace)
    assert live["counters"]["ha-noi:2020"]["awards_total"] == 3
    assert live["counters"]["ha-noi:2020"]["registrations_total"] == 1
    assert live["counters"]["ha-noi:2020"]["individuals_total"] == 3

    refused = await asyncio.to_thread(rebuild, service_env)  # the live consumer still holds the group
    assert refused.returncode == 2, refused.stderr
    assert "REPORTING_CONSUMERS_RUNNING" in refused.stderr
    assert await read_models(mongo, namespace) == live  # nothing touched

    slice_.stop("reporting-consumer")
    done = await eventually(
        lambda: asyncio.to_thread(rebuild, service_env), lambda r: r.returncode == 0, timeout=90
    )
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["records"] == len(events) + 1
    assert summary["refused"] == 0
    rebuilt = await read_models(mongo, namespace)
    assert rebuilt.keys() == live.keys()
    for name in COLLECTIONS:
        assert rebuilt[name] == live[name], json.dumps(differences(live[name], rebuilt[name]), default=str)
    assert not {n for n in await db.list_collection_names() if n.startswith(("rebuilt_", "replaced_"))}

    slice_.start("reporting-consumer")  # resumes where the rebuild stopped: nothing counted twice
    later = samples.registration_submitted("co_thi_dua_thanh_pho", registration_id="reg-3")
    await _publish(service_env, [later])
    assert await eventually(lambda: _city_total(mongo, namespace), lambda n: n == 2) == 2
    await asyncio.sleep(1)
    assert await _city_total(mongo, namespace) == 2
    assert await db["facts"].count_documents({}) == len(live["facts"]) + 1
