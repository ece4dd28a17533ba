"""The targets page of a district: coverage with the late ward, exemplars, shares, processing; rankings."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx

from emutrack_contracts import new_event, samples
from emutrack_contracts.events.registration import ExemplarSubmitted, RoundOpened
from emutrack_contracts.events.review import ClusterRankingPublished, NominationStatusChanged
from emutrack_kit.consumer import Position
from emutrack_kit_testing.helpers import bearer
from reporting.config import Settings
from reporting.entrypoints.http import create_app

from .conftest import reporting_knowing
from .test_round_coverage import DEADLINE, TREE

DISTRICT = ["ha-noi", "q-thanh-xuan"]
AT = datetime(2020, 10, 1, 3, 0, tzinfo=UTC)


def event(event_type: str, payload: Any, path: list[str] = DISTRICT) -> Any:
    return new_event(event_type, producer="t", unit_path=path, actor="t", payload=payload)


def status(status: str, day: int, nomination: str = "hs-1@q-thanh-xuan") -> Any:
    return event("nomination.status_changed", NominationStatusChanged(
        nomination_id=nomination, dossier_id=nomination.split("@")[0], round_id="kt", year=2020,
        proposing_unit_id="p-kim-giang", level_unit_id="q-thanh-xuan", status=status,
        changed_at=datetime(2020, 11, day, 3, tzinfo=UTC),
    ))  # fmt: skip


def exemplar(i: int) -> Any:
    return event("exemplar.submitted", ExemplarSubmitted(
        submission_id=f"gd-{i}", round_id="dh", year=2020, unit_id="p-kim-giang",
        unit_name="Phường Kim Giang",
        receiving_unit_id="q-thanh-xuan", category="dien_hinh_tien_tien", subject_kind="individual",
        subject_name=f"Nguyễn Thị {i}", field="Y tế", achievement="Tận tụy.", submitted_at=AT,
    ), [*DISTRICT, "p-kim-giang"])  # fmt: skip


async def test_a_district_sees_its_targets_and_its_clusters_ranking(service_env: Any, token: Any) -> None:
    deps, on = await reporting_knowing(TREE)
    opened = RoundOpened(round_id="dk", name="Đăng ký thi đua năm 2020", kind="registration", year=2020,
                         receiving_unit_id="q-thanh-xuan", deadline=DEADLINE)  # fmt: skip
    ranking = ClusterRankingPublished(
        cluster_id="cum-1", cluster_name="Cụm thi đua số 1", year=2020, level_unit_id="q-thanh-xuan",
        member_ids=["p-kim-giang", "p-ha-dinh"], suspicious_pairs=0, method="mean", content_hash="0" * 64,
        ranking=[{"unit_id": "p-ha-dinh", "rank": 2, "final_score": 88.5, "cross_mean": 88.0},
                 {"unit_id": "p-kim-giang", "rank": 1, "final_score": 95.0, "cross_mean": 94.0}],
        published_at=datetime(2020, 12, 20, 3, tzinfo=UTC),
    )  # fmt: skip
    late = samples.registration_submitted("ttldtt", registration_id="reg-hd", subject_unit_id="p-ha-dinh",
                                          submitted_at=datetime(2020, 2, 20, 3, tzinfo=UTC))  # fmt: skip
    events = [
        event("round.opened", opened),
        samples.registration_submitted("ttldtt", round_id="dk"),
        late.model_copy(update={"payload": {**late.payload, "round_id": "dk"}}),
        exemplar(1),
        exemplar(2),
        status("received", 2),
        status("returned", 4),
        status("received", 6),
        status("decided", 12),
        status("received", 3, "hs-2@q-thanh-xuan"),
        event("cluster_ranking.published", ranking),
    ]
    for _ in range(2):  # redelivered: nothing counts twice
        for offset, e in enumerate(events):
            await on[e.event_type](e, Position("t", 0, offset))

    app = create_app(Settings(), deps)
    office = bearer(token("standing_office", "q-thanh-xuan"))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://reporting") as http:
        page = (await http.get("/units/q-thanh-xuan/targets?period=2020", headers=office)).json()
        targets = {t["code"]: t for t in page["targets"]}
        coverage = targets["REGISTRATION_COVERAGE"]
        assert (coverage["value"], coverage["met"]) == (33.3, False)
        assert [u["name"] for u in coverage["short_units"]] == ["Phường Hạ Đình", "Phường Khương Đình"]
        exemplars = targets["EXEMPLARS_PROPOSED"]
        assert (exemplars["value"], exemplars["goal"], exemplars["met"]) == (2, "≥ 10", False)
        assert [u["unit_id"] for u in exemplars["short_units"]] == ["p-ha-dinh", "p-khuong-dinh"]
        assert (targets["PROCESSING_DAYS"]["value"], targets["RETURN_RATE"]["value"]) == (10.0, 50.0)
        assert targets["INITIATIVE_SHARE"]["met"] is None

        ranked = (await http.get("/units/q-thanh-xuan/rankings?period=2020", headers=office)).json()
        assert [(r["unit_name"], r["rank"]) for r in ranked[0]["ranking"]] == [
            ("Phường Kim Giang", 1),
            ("Phường Hạ Đình", 2),
        ]
        assert (await http.get("/units/ha-noi/rankings?period=2020", headers=office)).status_code == 403
        ward = bearer(token("unit_officer", "p-kim-giang"))
        assert (await http.get("/units/q-thanh-xuan/targets?period=2020", headers=ward)).status_code == 403
        own = (await http.get("/units/p-kim-giang/targets?period=2020", headers=ward)).json()
        assert {t["code"]: t["met"] for t in own["targets"]}["EXEMPLARS_PROPOSED"] is True
