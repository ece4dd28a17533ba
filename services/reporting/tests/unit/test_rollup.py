"""Unit tests of reporting.domain.rollup: counters up the tree and snapshot events."""

from __future__ import annotations

from datetime import UTC, datetime

from emutrack_contracts import Envelope
from emutrack_contracts.events.reporting import ReportSnapshotUpdated
from reporting.domain.numbers import Numbers
from reporting.domain.rollup import (
    CounterTarget,
    decision_deltas,
    rollup_targets,
    snapshot_event,
    split_targeted,
)

PATH = ["ha-noi", "q-thanh-xuan", "p-kim-giang"]


def test_one_target_per_unit_on_the_path_with_prefix_paths() -> None:
    assert rollup_targets(PATH, "2020") == [
        CounterTarget("ha-noi:2020", "ha-noi", ("ha-noi",), "2020"),
        CounterTarget("q-thanh-xuan:2020", "q-thanh-xuan", ("ha-noi", "q-thanh-xuan"), "2020"),
        CounterTarget("p-kim-giang:2020", "p-kim-giang", tuple(PATH), "2020"),
    ]


def test_each_target_path_ends_at_its_unit() -> None:
    for target in rollup_targets(PATH, "2021"):
        assert target.unit_path[-1] == target.unit_id
        assert target.counter_id == f"{target.unit_id}:2021"
        assert target.period == "2021"


def test_targets_of_a_district_fact_stop_at_the_district() -> None:
    targets = rollup_targets(("ha-noi", "q-hoang-mai"), "2020")
    assert [t.counter_id for t in targets] == ["ha-noi:2020", "q-hoang-mai:2020"]


def test_root_fact_has_one_target_and_an_empty_path_none() -> None:
    assert rollup_targets(["ha-noi"], "2020") == [CounterTarget("ha-noi:2020", "ha-noi", ("ha-noi",), "2020")]
    assert rollup_targets([], "2020") == []


def test_sibling_wards_share_ancestor_counters_only() -> None:
    kim_giang = {t.counter_id for t in rollup_targets(PATH, "2020")}
    ha_dinh = {t.counter_id for t in rollup_targets(["ha-noi", "q-thanh-xuan", "p-ha-dinh"], "2020")}
    assert kim_giang & ha_dinh == {"ha-noi:2020", "q-thanh-xuan:2020"}


def _snapshot(version: int = 3, unit_id: str = "q-thanh-xuan", period: str = "2020") -> Envelope:
    return snapshot_event(
        unit_id=unit_id,
        unit_path=["ha-noi", unit_id],
        period=period,
        version=version,
        numbers=Numbers.of(
            {
                "registrations_total": 5,
                "registrations_by_title": {"tap_the_lao_dong_tien_tien": 4, "co_thi_dua_thanh_pho": 1},
            }
        ),
    )


def test_snapshot_event_id_is_deterministic_per_unit_period_version() -> None:
    assert _snapshot().event_id == _snapshot().event_id
    assert _snapshot(version=3).event_id != _snapshot(version=4).event_id
    assert _snapshot(unit_id="q-thanh-xuan").event_id != _snapshot(unit_id="q-hoang-mai").event_id
    assert _snapshot(period="2020").event_id != _snapshot(period="2021").event_id


def test_snapshot_event_id_is_a_name_based_uuid() -> None:
    assert _snapshot().event_id.version == 5


def test_snapshot_event_envelope_and_payload() -> None:
    before = datetime.now(UTC)
    event = _snapshot()
    assert event.event_type == "report.snapshot_updated"
    assert event.schema_version == 1
    assert event.producer == "reporting"
    assert event.actor == "system:reporting"
    assert event.unit_id == "q-thanh-xuan"
    assert event.unit_path == ["ha-noi", "q-thanh-xuan"]
    assert event.kafka_key() == b"q-thanh-xuan"
    assert event.occurred_at >= before
    assert event.payload == {
        "unit_id": "q-thanh-xuan",
        "period": "2020",
        "version": 3,
        "registrations_total": 5,
        "registrations_by_title": {"tap_the_lao_dong_tien_tien": 4, "co_thi_dua_thanh_pho": 1},
        "individuals_total": 0,
        "individuals_by_title": {},
        "dossiers_total": 0,
        "dossiers_by_award": {},
        "awards_total": 0,
        "awards_by_award": {},
        "awards_by_level": {},
        "initiatives_total": 0,
        "initiatives_by_level": {},
        "exemplars_total": 0,
        "exemplars_by_category": {},
        "movements_total": 0,
        "awards_by_subject_kind": {},
        "review_at_level": {},
        "awards_by_level_award_subject": {},
        "movements_by_level_kind": {},
        "form_rows": {},
        "form_targets": {},
    }
    assert ReportSnapshotUpdated.model_validate(event.payload).version == 3


def test_each_awardee_counts_up_its_own_path_by_award_and_deciding_level() -> None:
    kim_giang = ["ha-noi", "q-thanh-xuan", "p-kim-giang"]
    ha_dinh = ["ha-noi", "q-thanh-xuan", "p-ha-dinh"]
    delta = decision_deltas([kim_giang, ha_dinh, kim_giang], "bang_khen", "district", ["2020"] * 3)
    by_counter = {t.counter_id: (t.unit_path, d) for t, d in split_targeted(delta)}
    assert by_counter["p-kim-giang:2020"] == (
        tuple(kim_giang),
        {"awards_total": 2, "awards_by_award.bang_khen": 2, "awards_by_level.district": 2},
    )
    assert by_counter["p-ha-dinh:2020"][1]["awards_total"] == 1
    assert by_counter["q-thanh-xuan:2020"][1] == {
        "awards_total": 3, "awards_by_award.bang_khen": 3, "awards_by_level.district": 3,
    }  # fmt: skip
    assert by_counter["ha-noi:2020"][0] == ("ha-noi",)
    assert len(by_counter) == 4


def test_the_consumer_subscribes_to_the_topics_of_the_event_types_it_handles() -> None:
    from emutrack_contracts import topics
    from reporting.entrypoints.subscribers import SUBSCRIBERS

    assert SUBSCRIBERS.topics() == [
        topics.UNITS,
        topics.ROUNDS,
        topics.REGISTRATIONS,
        topics.NOMINATIONS,
        topics.REVIEW_NOMINATIONS,
        topics.REVIEW_PROCEEDINGS,
    ]
    assert {"nomination.submitted", "decision.issued", "exemplar.submitted", "submission.withdrawn"} <= set(
        SUBSCRIBERS.event_types
    )
