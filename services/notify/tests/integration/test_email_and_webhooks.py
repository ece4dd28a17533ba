"""E-mails reach a real SMTP server, webhooks a real HTTP receiver: once, signed, retried, dead-lettered."""

from __future__ import annotations

import json
from typing import Any

import pytest

from emutrack_contracts import new_event
from emutrack_contracts.events.review import CouncilSessionScheduled, DecisionIssued
from emutrack_kit_testing.helpers import bearer
from emutrack_kit_testing.receivers import free_port, smtp_receiver, webhook_receiver
from notify.domain.delivery import SIGNATURE_HEADER, TIMESTAMP_HEADER, signature_valid
from notify.domain.examples import example_payload

from .conftest import POS, NotifyWorld

HANG = {"name": "Nguyễn Thị Hằng", "email": "hang@kimgiang.hanoi.gov.vn"}
DUC = {"name": "Trần Văn Đức", "email": "duc@kimgiang.hanoi.gov.vn"}
DUNG = {"name": "Lê Thị Dung", "email": "dung.congdoan@kimgiang.hanoi.gov.vn", "kinds": ["decision"]}


def decision() -> Any:
    payload = DecisionIssued.model_validate(example_payload("decision.issued"))
    return new_event(
        "decision.issued",
        unit_path=["ha-noi", "q-thanh-xuan"],
        actor="chair",
        payload=payload,
    )


async def kim_giang_subscribes(world: NotifyWorld, token: Any, url: str) -> str:
    officer = bearer(token("unit_officer", "p-kim-giang"))
    contacts = {"roles": {"unit_officer": [HANG], "unit_head": [DUC]}, "extra": [DUNG]}
    response = await world.http.put("/units/p-kim-giang/contacts", json=contacts, headers=officer)
    assert response.status_code == 200, response.text
    response = await world.http.post("/units/p-kim-giang/webhooks", json={"url": url}, headers=officer)
    assert response.status_code == 201, response.text
    return str(response.json()["secret"])


@pytest.fixture
def smtp() -> Any:
    with smtp_receiver() as receiver:
        yield receiver


@pytest.fixture
def portal() -> Any:
    with webhook_receiver() as receiver:
        yield receiver


async def test_a_decision_reaches_each_address_and_the_portal_once_in_vietnamese(
    smtp: Any, portal: Any, token: Any, open_notify: Any
) -> None:
    world: NotifyWorld = await open_notify(smtp_port=smtp.port)
    secret = await kim_giang_subscribes(world, token, portal.url())
    event = decision()
    for _ in range(3):  # redelivered
        await world.on["decision.issued"](event, POS)
    await world.deliver_all()
    await world.on["decision.issued"](event, POS)  # and once more after it was sent
    await world.deliver_all()

    received = {m["To"].addresses[0].addr_spec: m for m in smtp.messages}
    assert sorted(received) == sorted([HANG["email"], DUC["email"], DUNG["email"]])  # Hạ Đình set no address
    mail = received[HANG["email"]]
    assert mail["Subject"] == "Quyết định khen thưởng số 2150/QĐ-UBND: Tập thể lao động xuất sắc"
    assert mail["To"].addresses[0].display_name == "Nguyễn Thị Hằng"
    text = mail.get_body(("plain",)).get_content()
    assert "tặng “Tập thể lao động xuất sắc” cho: Phường Kim Giang, Phường Hạ Đình." in text
    assert "Phường Kim Giang" in mail.get_body(("html",)).get_content()
    assert mail["Message-ID"]
    assert mail["X-Emutrack-Delivery"].endswith(":unit_officer@p-kim-giang:email")

    [call] = portal.received()  # one webhook for the unit, whatever roles it reached
    assert signature_valid(
        secret, call.headers[SIGNATURE_HEADER.lower()], int(call.headers[TIMESTAMP_HEADER.lower()]),
        call.body, now=call.at,
    )  # fmt: skip
    assert not signature_valid("another secret", call.headers[SIGNATURE_HEADER.lower()], 0, call.body, now=0)
    body = json.loads(call.body)
    assert body["event_type"] == "decision.issued"
    assert body["roles"] == ["unit_officer"]  # the portal hears what its subscriber (the officer) may
    assert body["payload"]["number"] == "2150/QĐ-UBND"
    assert body["subject"] == "Quyết định 2150/QĐ-UBND: Tập thể lao động xuất sắc"

    # News for the ward's council members is not the officer's: it does not go to the officer's portal.
    session = CouncilSessionScheduled.model_validate(
        {**example_payload("council_session.scheduled"), "level_unit_id": "p-kim-giang"}
    )
    await world.on["council_session.scheduled"](
        new_event("council_session.scheduled", unit_path=["ha-noi"], actor="o", payload=session),
        POS,
    )
    await world.deliver_all()
    assert len(portal.received()) == 1

    office = bearer(token("standing_office", "q-thanh-xuan"))
    log = (await world.http.get("/units/p-kim-giang/deliveries", headers=office)).json()
    assert sorted((d["channel"], d["status"], len(d["attempts"])) for d in log) == [
        ("email", "sent", 1), ("email", "sent", 1), ("email", "sent", 1), ("webhook", "sent", 1),
    ]  # fmt: skip
    assert len(await world.deps.delivery_events.collection.find({"_outbox_pending": True}).to_list(None)) == 4
    forbidden = await world.http.get(
        "/units/p-kim-giang/deliveries", headers=bearer(token("unit_officer", "p-kim-giang"))
    )
    assert forbidden.status_code == 403


async def test_a_dead_smtp_server_is_retried_then_dead_lettered_while_the_webhook_goes_through(
    portal: Any, token: Any, open_notify: Any
) -> None:
    world: NotifyWorld = await open_notify(smtp_port=free_port())  # nobody listens there
    await kim_giang_subscribes(world, token, portal.url())
    portal.answer(500, 503)  # the portal is down twice, then answers
    await world.on["decision.issued"](decision(), POS)
    await world.deliver_all()

    assert len(portal.received()) == 3
    office = bearer(token("standing_office", "q-thanh-xuan"))
    log = (await world.http.get("/units/p-kim-giang/deliveries", headers=office)).json()
    webhook = next(d for d in log if d["channel"] == "webhook")
    assert webhook["status"] == "sent"
    assert [a["outcome"] for a in webhook["attempts"]] == ["error", "error", "ok"]
    assert webhook["attempts"][0]["error"] == "HTTP 500"
    emails = [d for d in log if d["channel"] == "email"]
    assert len(emails) == 3
    for mail in emails:
        assert mail["status"] == "dead_lettered"
        assert [a["outcome"] for a in mail["attempts"]] == ["error"] * 3
        assert (
            "Connect" in mail["attempts"][-1]["error"] or "refused" in mail["attempts"][-1]["error"].lower()
        )
    dead = (
        await world.http.get("/units/q-thanh-xuan/deliveries?status=dead_lettered", headers=office)
    ).json()
    assert len(dead) == 3  # the district's office sees its wards' dead letters
    events = await world.deps.delivery_events.collection.find({}).to_list(None)
    outcomes = sorted(e["_outbox"][0]["envelope"]["payload"]["outcome"] for e in events)
    assert outcomes == ["dead_lettered"] * 3 + ["sent"]
