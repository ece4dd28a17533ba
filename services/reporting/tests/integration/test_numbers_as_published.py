"""Published numbers: a dossier once, on time as it was, the emulation year, the period's tree."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from typing import Any

import httpx
from openpyxl import load_workbook

from emutrack_contracts import Envelope, new_event, samples
from emutrack_contracts.events.org import UnitMerged, UnitRetired
from emutrack_contracts.events.registration import ParentLink, RoundExtensionGranted, RoundOpened, UnitCreated
from emutrack_contracts.events.review import NominationStatusChanged
from emutrack_kit.consumer import Position
from emutrack_kit_testing.helpers import bearer
from reporting.config import Settings
from reporting.entrypoints.http import create_app

from .conftest import reporting_knowing

TREE = [
    ("ha-noi", "Thành phố Hà Nội", "city", []),
    ("q-thanh-xuan", "Quận Thanh Xuân", "district", ["ha-noi"]),
    ("q-hoang-mai", "Quận Hoàng Mai", "district", ["ha-noi"]),
    ("p-kim-giang", "Phường Kim Giang", "ward", ["ha-noi", "q-thanh-xuan"]),
    ("p-ha-dinh", "Phường Hạ Đình", "ward", ["ha-noi", "q-thanh-xuan"]),
    ("p-khuong-dinh", "Phường Khương Đình", "ward", ["ha-noi", "q-thanh-xuan"]),
    ("p-dai-kim", "Phường Đại Kim", "ward", ["ha-noi", "q-hoang-mai"]),
]
ROUND = "dk-2020-q-thanh-xuan"


def _at(month: int, day: int, hour: int = 3) -> datetime:
    return datetime(2020, month, day, hour, tzinfo=UTC)


def _app_client(deps: Any) -> httpx.AsyncClient:
    app = create_app(Settings(), deps)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://reporting")


def _status(dossier: str, status: str, at: datetime, nomination_id: str | None = None) -> Envelope:
    payload = NominationStatusChanged(
        nomination_id=nomination_id or f"{dossier}@q-thanh-xuan", dossier_id=dossier, round_id="kt",
        year=2020, proposing_unit_id="p-kim-giang", level_unit_id="q-thanh-xuan", status=status,
        changed_at=at,
    )  # fmt: skip
    return new_event(
        "nomination.status_changed", producer="review", unit_path=samples.KIM_GIANG_PATH, actor="t",
        payload=payload,
    )  # fmt: skip


async def test_a_returned_and_resubmitted_dossier_is_one_dossier(service_env: Any, token: Any) -> None:
    deps, on = await reporting_knowing(TREE)
    first = samples.nomination_submitted("hs-1", submitted_at=_at(11, 2))
    again = samples.nomination_submitted("hs-1", submitted_at=_at(11, 9))  # the same dossier, sent again
    steps = [
        ("nomination.submitted", first),
        ("nomination.status_changed", _status("hs-1", "received", _at(11, 3))),
        ("nomination.status_changed", _status("hs-1", "returned", _at(11, 5))),
        ("nomination.submitted", again),
        ("nomination.status_changed", _status("hs-1", "received", _at(11, 10))),
    ]
    for _ in range(2):  # redelivered
        for offset, (event_type, event) in enumerate(steps):
            await on[event_type](event, Position("nominations", 0, offset))
    async with _app_client(deps) as http:
        office = bearer(token("standing_office", "q-thanh-xuan"))
        ward = (await http.get("/units/p-kim-giang/counts?period=2020", headers=office)).json()
        assert (ward["dossiers_total"], ward["dossiers_by_award"]) == (1, {"bang_khen_thanh_pho": 1})
        district = (await http.get("/units/q-thanh-xuan/counts?period=2020", headers=office)).json()
        assert district["dossiers_total"] == 1
        assert district["review_at_level"] == {"received": 1, "returned": 1}
        targets = (await http.get("/units/q-thanh-xuan/targets?period=2020", headers=office)).json()
        returns = next(t for t in targets["targets"] if t["code"] == "RETURN_RATE")
        assert returns["value"] == 100.0, returns
        assert returns["detail"].startswith("1 hồ sơ bị trả lại ít nhất một lần; 1 hồ sơ tiếp nhận"), returns


def _round(deadline: datetime, set_at: datetime) -> Envelope:
    payload = RoundOpened(
        round_id=ROUND, name="Đăng ký thi đua năm 2020", kind="registration", year=2020,
        receiving_unit_id="q-thanh-xuan", deadline=deadline,
    )  # fmt: skip
    return new_event(
        "round.opened", producer="registration", unit_path=["ha-noi", "q-thanh-xuan"], actor="t",
        payload=payload, occurred_at=set_at,
    )  # fmt: skip


async def test_moving_a_deadline_does_not_rewrite_who_was_on_time(service_env: Any, token: Any) -> None:
    deps, on = await reporting_knowing(TREE)
    opened = _round(deadline=_at(2, 5, 16), set_at=_at(1, 22))
    submissions = [
        samples.registration_submitted("ttldtt", round_id=ROUND, submitted_at=_at(2, 1)),
        samples.registration_submitted(
            "ttldtt",
            round_id=ROUND,
            registration_id="reg-hd",
            subject_unit_id="p-ha-dinh",
            submitted_at=_at(2, 7),
        ),
    ]
    # On 10/02 the office closes the round early (deadline 31/01), on 12/02 it reopens it until 08/02:
    # Kim Giang was on time on 01/02 and stays so; Hạ Đình was late on 07/02 and stays so.
    closed = _round(deadline=_at(1, 31, 16), set_at=_at(2, 10))
    reopened = _round(deadline=_at(2, 8, 16), set_at=_at(2, 12))
    # Khương Đình was given until 12/02 on 09/02 and submitted on 11/02: on time by its own deadline.
    extended = new_event(
        "round.extension_granted", producer="registration", unit_path=["ha-noi", "q-thanh-xuan"], actor="t",
        payload=RoundExtensionGranted(
            round_id=ROUND, round_name="Đăng ký thi đua năm 2020", receiving_unit_id="q-thanh-xuan",
            unit_id="p-khuong-dinh", unit_name="Phường Khương Đình", deadline=_at(2, 12, 16),
            reason="Kiện toàn cán bộ", granted_at=_at(2, 9),
        ),
    )  # fmt: skip
    khuong_dinh = samples.registration_submitted(
        "ttldtt", round_id=ROUND, registration_id="reg-kd", subject_unit_id="p-khuong-dinh",
        submitted_at=_at(2, 11),
    )  # fmt: skip
    events = [opened, *submissions, extended, closed, reopened, khuong_dinh]
    for offset, event in enumerate(events):
        await on[event.event_type](event, Position("registration", 0, offset))
    async with _app_client(deps) as http:
        office = bearer(token("standing_office", "q-thanh-xuan"))
        body = (await http.get(f"/rounds/{ROUND}/coverage", headers=office)).json()
        assert (body["expected"], body["on_time"]) == (3, 2), body
        assert [u["unit_id"] for u in body["late_units"]] == ["p-ha-dinh"]  # late by the deadline of 05/02
        assert body["missing_units"] == []


def _decision_of_2020_signed_in_2021() -> Envelope:
    event = samples.decision_issued(
        "15/QĐ-UBND", ["p-kim-giang"], award="tap_the_lao_dong_xuat_sac", signed_on=date(2021, 1, 20)
    )
    payload = dict(event.payload)
    payload["awardees"] = [{**a, "year": 2020} for a in payload["awardees"]]
    return event.model_copy(update={"payload": payload})


async def test_a_2020_title_decided_in_january_2021_counts_in_2020(service_env: Any, token: Any) -> None:
    deps, on = await reporting_knowing(TREE)
    await on["registration.submitted"](samples.registration_submitted("ttldtt"), Position("r", 0, 0))
    await on["decision.issued"](_decision_of_2020_signed_in_2021(), Position("review", 0, 0))
    # A decision published before awardees carried their year: the nomination's year is known from review.
    await on["nomination.status_changed"](
        _status("hs-16", "received", _at(12, 1), nomination_id="16/QĐ-UBND-p-ha-dinh"),
        Position("review", 1, 0),
    )
    older = samples.decision_issued("16/QĐ-UBND", ["p-ha-dinh"], signed_on=date(2021, 1, 25))
    await on["decision.issued"](older, Position("review", 1, 1))
    async with _app_client(deps) as http:
        office = bearer(token("standing_office", "q-thanh-xuan"))
        district = (await http.get("/units/q-thanh-xuan/counts?period=2020", headers=office)).json()
        assert district["awards_total"] == 2
        assert (await http.get("/units/q-thanh-xuan/counts?period=2021", headers=office)).status_code == 404
        listed = await http.get("/units/q-thanh-xuan/awards.xlsx?period=2020", headers=office)
        assert listed.status_code == 200, listed.text
        rows = list(load_workbook(io.BytesIO(listed.content)).active.iter_rows(values_only=True))
        assert {"15/QĐ-UBND", "16/QĐ-UBND"} <= {c for r in rows for c in r}
        by_date = await http.get(
            "/units/q-thanh-xuan/awards.xlsx?period=2021&by=decision_date", headers=office
        )
        assert by_date.status_code == 200, by_date.text
        rows = list(load_workbook(io.BytesIO(by_date.content)).active.iter_rows(values_only=True))
        assert {"15/QĐ-UBND", "16/QĐ-UBND"} <= {c for r in rows for c in r}


RESTRUCTURED = date(2025, 7, 1)


def _org(event_type: str, payload: Any, path: list[str]) -> Envelope:
    return new_event(event_type, producer="registration", unit_path=path, actor="t", payload=payload)


def _restructure_2025() -> list[Envelope]:
    """Districts end on 30/06/2025; Kim Giang and Hạ Đình merge into a ward directly under the city."""
    last = date(2025, 6, 30)
    new = UnitCreated(
        unit_id="p-khuong-dinh-2025", name="Phường Khương Đình", kind="ward", level=1,
        parents=[ParentLink(parent_id="ha-noi", valid_from=RESTRUCTURED)], valid_from=RESTRUCTURED,
    )  # fmt: skip
    merged = UnitMerged(
        unit_id="p-khuong-dinh-2025", name="Phường Khương Đình", parent_id="ha-noi",
        source_ids=["p-kim-giang", "p-ha-dinh", "p-khuong-dinh"], effective_date=RESTRUCTURED,
        operation_id="merge-1",
    )  # fmt: skip
    events = [
        _org("unit.created", new, ["ha-noi", "p-khuong-dinh-2025"]),
        _org("unit.merged", merged, ["ha-noi", "p-khuong-dinh-2025"]),
    ]
    for ward in ("p-kim-giang", "p-ha-dinh", "p-khuong-dinh"):
        retired = UnitRetired(
            unit_id=ward, effective_date=RESTRUCTURED, valid_to=last, successor_id="p-khuong-dinh-2025",
            parents=[ParentLink(parent_id="q-thanh-xuan", valid_from=date(2008, 8, 1), valid_to=last)],
            operation_id="merge-1",
        )  # fmt: skip
        events.append(_org("unit.retired", retired, ["ha-noi", "q-thanh-xuan", ward]))
    for district in ("q-thanh-xuan", "q-hoang-mai"):
        retired = UnitRetired(
            unit_id=district, effective_date=RESTRUCTURED, valid_to=last,
            parents=[ParentLink(parent_id="ha-noi", valid_from=date(2008, 8, 1), valid_to=last)],
            operation_id=f"retire-{district}",
        )  # fmt: skip
        events.append(_org("unit.retired", retired, ["ha-noi", district]))
    dai_kim = UnitRetired(
        unit_id="p-dai-kim", effective_date=RESTRUCTURED, valid_to=last,
        parents=[ParentLink(parent_id="q-hoang-mai", valid_from=date(2008, 8, 1), valid_to=last)],
        operation_id="retire-dai-kim",
    )  # fmt: skip
    events.append(_org("unit.retired", dai_kim, ["ha-noi", "q-hoang-mai", "p-dai-kim"]))
    return events


async def test_a_2020_view_after_the_2025_restructure_uses_the_2020_tree(
    service_env: Any, token: Any
) -> None:
    deps, on = await reporting_knowing(TREE)
    opened = _round(deadline=_at(2, 5, 16), set_at=_at(1, 22))
    events = [
        opened,
        samples.registration_submitted("ttldtt", round_id=ROUND, submitted_at=_at(2, 1)),
        samples.registration_submitted(
            "ttldtt",
            round_id=ROUND,
            registration_id="reg-hd",
            subject_unit_id="p-ha-dinh",
            submitted_at=_at(2, 2),
        ),
    ]
    events[2] = events[2].model_copy(update={"unit_path": ["ha-noi", "q-thanh-xuan", "p-ha-dinh"]})
    for offset, event in enumerate(events):
        await on[event.event_type](event, Position("registration", 0, offset))
    for _ in range(2):  # redelivered
        for offset, event in enumerate(_restructure_2025()):
            await on[event.event_type](event, Position("units", 1, offset))
    after = samples.registration_submitted(
        "ttldtt", round_id="dk-2026", year=2026, registration_id="reg-2026",
        subject_unit_id="p-khuong-dinh-2025", submitted_at=datetime(2026, 1, 10, tzinfo=UTC),
    )  # fmt: skip
    after = after.model_copy(update={"unit_path": ["ha-noi", "p-khuong-dinh-2025"]})
    await on["registration.submitted"](after, Position("registration", 0, 9))

    async with _app_client(deps) as http:
        city = bearer(token("viewer", "ha-noi"))

        async def children(unit: str, period: str) -> dict[str, int]:
            response = await http.get(f"/units/{unit}/children/counts?period={period}", headers=city)
            assert response.status_code == 200, response.text
            return {c["unit_id"]: c["registrations_total"] for c in response.json()}

        assert await children("q-thanh-xuan", "2020") == {
            "p-ha-dinh": 1,
            "p-khuong-dinh": 0,
            "p-kim-giang": 1,
        }
        assert await children("ha-noi", "2020") == {"q-hoang-mai": 0, "q-thanh-xuan": 2}
        assert await children("ha-noi", "2026") == {"p-khuong-dinh-2025": 1}
        coverage = (await http.get(f"/rounds/{ROUND}/coverage", headers=city)).json()
        assert (coverage["expected"], coverage["on_time"]) == (3, 2), coverage
        # The district's office still reads its 2020 numbers and targets (bound to the 2020 unit).
        office = bearer(token("standing_office", "q-thanh-xuan"))
        targets = await http.get("/units/q-thanh-xuan/targets?period=2020", headers=office)
        assert targets.status_code == 200, targets.text
        on_time = next(t for t in targets.json()["targets"] if t["code"] == "REGISTRATION_COVERAGE")
        assert on_time["detail"].startswith("2/3 đúng hạn"), on_time
        assert [u["unit_id"] for u in on_time["short_units"]] == ["p-khuong-dinh"]
        ward = await http.get("/units/p-kim-giang/counts?period=2020", headers=office)
        assert (ward.status_code, ward.json()["registrations_total"]) == (200, 1)
