"""The typed message layer: subscribers by event type, decoded payloads, topics derived from them."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from emutrack_contracts import samples, topics
from emutrack_contracts.events.registration import NominationSubmitted, RegistrationSubmitted
from emutrack_kit.consumer import Position
from emutrack_kit.messages import Message, Subscribers

POS = Position("t", 0, 7)


async def test_a_subscriber_gets_the_decoded_payload_with_its_context() -> None:
    subscribers: Subscribers[list[Any]] = Subscribers()

    @subscribers.on("registration.submitted")
    async def registered(seen: list[Any], m: Message[RegistrationSubmitted]) -> None:
        seen.append((m.payload, m.position, m.event_id))

    seen: list[Any] = []
    event = samples.registration_submitted("tap_the_lao_dong_tien_tien")
    await subscribers.bind(seen)["registration.submitted"](event, POS)
    [(payload, position, event_id)] = seen
    assert isinstance(payload, RegistrationSubmitted)
    assert payload.title_code == "tap_the_lao_dong_tien_tien"
    assert (position, event_id) == (POS, str(event.event_id))


async def test_a_payload_that_breaks_its_contract_is_a_validation_error() -> None:
    subscribers: Subscribers[None] = Subscribers()

    @subscribers.on("nomination.submitted")
    async def proposed(_: None, m: Message[NominationSubmitted]) -> None:
        raise AssertionError("never called")

    broken = samples.nomination_submitted().model_copy(update={"payload": {"dossier_id": "hs-1"}})
    with pytest.raises(ValidationError):
        await subscribers.bind(None)["nomination.submitted"](broken, POS)


def test_the_topics_follow_the_event_types_handled() -> None:
    subscribers: Subscribers[None] = Subscribers()

    async def anything(_: None, m: Message[Any]) -> None:
        return None

    subscribers.on("decision.issued", "unit.created", "unit.moved")(anything)
    assert subscribers.topics() == [topics.UNITS, topics.REVIEW_NOMINATIONS]
    assert subscribers.event_types == {"decision.issued", "unit.created", "unit.moved"}
    assert subscribers.only(["unit.moved"]).topics() == [topics.UNITS]


def test_an_unknown_or_doubly_handled_event_type_is_refused_at_once() -> None:
    subscribers: Subscribers[None] = Subscribers()

    async def anything(_: None, m: Message[Any]) -> None:
        return None

    with pytest.raises(KeyError):
        subscribers.on("registration.submited")(anything)
    subscribers.on("unit.created")(anything)
    with pytest.raises(ValueError, match="already"):
        subscribers.on("unit.created")(anything)
