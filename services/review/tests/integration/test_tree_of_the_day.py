"""Review reads the tree of the day: after the 2025 restructure a ward's nomination goes up the new tree.

Registration publishes every change of the tree (`unit.created`, `unit.merged`, `unit.moved`,
`unit.retired`); review keeps the kit's dated replica of it. Phường Kim Giang's council passes a
residential group's dossier in spring 2025; on 1/7/2025 Kim Giang merges with Khương Đình into a
new ward directly under the city and the districts are retired; in August the new ward's standing
office forwards the dossier: it goes to the city, not to the retired district, and every step it
publishes carries the residential group's path of that day.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from pydantic import BaseModel

from emutrack_contracts import Envelope, new_event, samples
from emutrack_contracts.events.org import UnitMerged, UnitMoved, UnitRetired
from emutrack_contracts.events.registration import NominationSubmitted, ParentLink, UnitCreated
from emutrack_kit.consumer import Position
from emutrack_kit_testing.helpers import bearer
from review import bootstrap
from review.config import Settings
from review.entrypoints.http import create_app

POS = Position("t", 0, 0)
CITY, DISTRICT, WARD, NEIGHBOUR, NEW_WARD = (
    "ha-noi",
    "q-thanh-xuan",
    "p-kim-giang",
    "p-khuong-dinh",
    "p-khuong-dinh-moi",
)
GROUP = "tdp-kim-giang-1"
MERGED_ON, LAST_DAY, FOUNDED = date(2025, 7, 1), date(2025, 6, 30), date(2008, 8, 1)
AT_WARD, AT_CITY = "hs-tdp@p-kim-giang", "hs-tdp@ha-noi"
OP = "sap-nhap-2025"


def _event(event_type: str, path: Sequence[str], payload: BaseModel) -> Envelope:
    return new_event(event_type, producer="test", unit_path=list(path), actor="t", payload=payload)


def restructure_2025() -> list[Envelope]:
    """The events registration publishes for the 1/7/2025 merge of Kim Giang and Khương Đình."""
    new_ward = UnitCreated(
        unit_id=NEW_WARD, name="Phường Khương Đình", kind="ward", level=1,
        parents=[ParentLink(parent_id=CITY, valid_from=MERGED_ON)], valid_from=MERGED_ON,
    )  # fmt: skip
    merged = UnitMerged(
        unit_id=NEW_WARD, name="Phường Khương Đình", parent_id=CITY, source_ids=[WARD, NEIGHBOUR],
        effective_date=MERGED_ON, operation_id=OP,
    )  # fmt: skip
    events = [
        _event("unit.created", [CITY, NEW_WARD], new_ward),
        _event("unit.merged", [CITY, NEW_WARD], merged),
    ]
    for source in (WARD, NEIGHBOUR):
        retired = UnitRetired(
            unit_id=source, effective_date=MERGED_ON, valid_to=LAST_DAY, successor_id=NEW_WARD,
            parents=[ParentLink(parent_id=DISTRICT, valid_from=FOUNDED, valid_to=LAST_DAY)], operation_id=OP,
        )  # fmt: skip
        events.append(_event("unit.retired", [CITY, DISTRICT, source], retired))
    moved = UnitMoved(
        unit_id=GROUP, from_parent_id=WARD, to_parent_id=NEW_WARD, effective_date=MERGED_ON,
        parents=[
            ParentLink(parent_id=WARD, valid_from=FOUNDED, valid_to=LAST_DAY),
            ParentLink(parent_id=NEW_WARD, valid_from=MERGED_ON),
        ],
        operation_id=OP,
    )  # fmt: skip
    events.append(_event("unit.moved", [CITY, NEW_WARD, GROUP], moved))
    district = UnitRetired(
        unit_id=DISTRICT, effective_date=MERGED_ON, valid_to=LAST_DAY,
        parents=[ParentLink(parent_id=CITY, valid_from=FOUNDED, valid_to=LAST_DAY)], operation_id=OP,
    )  # fmt: skip
    events.append(_event("unit.retired", [CITY, DISTRICT], district))
    return events


def proposal() -> Envelope:
    """Tổ dân phố số 1 proposes itself to its ward for Tập thể lao động xuất sắc (decided above the ward)."""
    payload = NominationSubmitted(
        dossier_id="hs-tdp", round_id="kt-2025-p-kim-giang", year=2025, proposing_unit_id=GROUP,
        proposing_unit_name="Tổ dân phố số 1", receiving_unit_id=WARD, subject_kind="collective",
        subject_name="Tổ dân phố số 1", subject_unit_id=GROUP, award_code="tap_the_lao_dong_xuat_sac",
        award_name="Tập thể lao động xuất sắc", dossier_kind="exceptional",
        summary="Hoàn thành xuất sắc nhiệm vụ 6 tháng đầu năm 2025.", attachments=[],
        submitted_at=datetime(2025, 3, 3, 2, 0, tzinfo=UTC),
    )  # fmt: skip
    return _event("nomination.submitted", [CITY, DISTRICT, WARD, GROUP], payload)


@pytest.fixture
async def review(service_env: Any) -> Any:
    now = {"at": datetime(2025, 3, 10, 3, 0, tzinfo=UTC)}
    deps = bootstrap.deps(Settings(), clock=lambda: now["at"])
    on = bootstrap.event_handlers(deps)
    tree = [
        (CITY, "Thành phố Hà Nội", "city", []),
        (DISTRICT, "Quận Thanh Xuân", "district", [CITY]),
        (WARD, "Phường Kim Giang", "ward", [CITY, DISTRICT]),
        (NEIGHBOUR, "Phường Khương Đình", "ward", [CITY, DISTRICT]),
        (GROUP, "Tổ dân phố số 1", "residential_group", [CITY, DISTRICT, WARD]),
    ]
    for unit in tree:
        await on["unit.created"](samples.unit_created(*unit), POS)
    await on["nomination.submitted"](proposal(), POS)
    app = create_app(Settings(), deps)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://review") as http:
        yield on, now, http


async def passed_at_the_ward(http: httpx.AsyncClient, token: Any) -> None:
    """Kim Giang's office appraises and accepts the dossier; its council passes it (spring 2025)."""
    office = bearer(token("standing_office", WARD))
    appraised = await http.post(f"/nominations/{AT_WARD}/appraisal", headers=office)
    assert appraised.status_code == 200, appraised.text
    accepted = await http.post(
        f"/nominations/{AT_WARD}/accept",
        json={"override_reason": "Đã đối chiếu hồ sơ gốc tại tổ dân phố"},
        headers=office,
    )
    assert accepted.status_code == 200, accepted.text
    council = {"members": [{"member_id": m, "name": m} for m in ("m1", "m2", "m3")], "chair_id": "m1"}
    assert (await http.put(f"/councils/{WARD}", json=council, headers=office)).status_code == 200
    session = await http.post(
        "/sessions",
        json={"level_unit_id": WARD, "held_on": "2025-03-10", "name": "Phiên họp"},
        headers=office,
    )
    sid = session.json()["session_id"]
    assert (
        await http.post(f"/sessions/{sid}/agenda", json={"nomination_id": AT_WARD}, headers=office)
    ).status_code == 200
    await http.put(f"/sessions/{sid}/attendance", json={"present": ["m1", "m2", "m3"]}, headers=office)
    assert (await http.post(f"/sessions/{sid}/open", headers=office)).status_code == 200
    for m in ("m1", "m2", "m3"):
        role = "council_chair" if m == "m1" else "council_member"
        cast = await http.post(
            f"/sessions/{sid}/items/{AT_WARD}/votes",
            json={"choice": "yes"},
            headers=bearer(token(role, WARD, subject=m)),
        )
        assert cast.status_code == 201, cast.text
    closed = await http.post(f"/sessions/{sid}/close", headers=office)
    assert closed.json()["agenda"][0]["result"]["passed"] is True


async def test_a_merged_wards_nomination_is_forwarded_up_the_tree_of_the_day(
    review: Any, token: Any, mongo: Any, namespace: str
) -> None:
    on, now, http = review
    await passed_at_the_ward(http, token)
    for event in restructure_2025():
        await on[event.event_type](event, POS)
    now["at"] = datetime(2025, 8, 4, 3, 0, tzinfo=UTC)

    new_office = bearer(token("standing_office", NEW_WARD))
    assert (await http.get(f"/nominations/{AT_WARD}", headers=new_office)).status_code == 200
    inbox = (await http.get(f"/nominations?level_unit_id={WARD}", headers=new_office)).json()
    assert [n["nomination_id"] for n in inbox["items"]] == [AT_WARD]  # Kim Giang's files are the new ward's
    forwarded = await http.post(f"/nominations/{AT_WARD}/forward", headers=new_office)
    assert forwarded.status_code == 200, forwarded.text
    assert forwarded.json()["status"] == "forwarded"

    city = bearer(token("standing_office", CITY))
    inbox = (await http.get(f"/nominations?level_unit_id={CITY}", headers=city)).json()
    assert [n["nomination_id"] for n in inbox["items"]] == [AT_CITY]
    returned = await http.post(
        f"/nominations/{AT_CITY}/return", json={"reasons": ["Bổ sung biên bản họp tổ dân phố"]}, headers=city
    )
    assert returned.status_code == 200, returned.text
    assert (await http.get(f"/nominations?level_unit_id={DISTRICT}", headers=city)).json()["total"] == 0

    nominations = mongo[f"{namespace}_review"]["nominations"]
    at_city = await nominations.find_one({"_id": AT_CITY})
    assert at_city["level_path"] == [CITY]
    steps = [e["envelope"] for e in (await nominations.find_one({"_id": AT_WARD}))["_outbox"]]
    assert steps[0]["unit_path"] == [CITY, DISTRICT, WARD, GROUP]  # received in March: the tree of then
    forward_step = steps[-1]
    assert (forward_step["payload"]["status"], forward_step["payload"]["reasons"]) == (
        "forwarded",
        ["Trình Thành phố Hà Nội"],
    )
    assert forward_step["unit_path"] == [CITY, NEW_WARD, GROUP]
    arrived = [e["envelope"] for e in at_city["_outbox"]]
    assert [(e["payload"]["status"], e["unit_path"]) for e in arrived] == [
        ("received", [CITY, NEW_WARD, GROUP]),
        ("returned", [CITY, NEW_WARD, GROUP]),
    ]
