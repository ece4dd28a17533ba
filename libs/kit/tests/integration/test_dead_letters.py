"""A poison message goes to the service's dead-letter topic and the consumer keeps going."""

from __future__ import annotations

from typing import Any

from emutrack_contracts import new_event, topics
from emutrack_contracts.events.registration import UnitCreated
from emutrack_kit.consumer import Position
from emutrack_kit.runtime import ServiceRuntime
from emutrack_kit.settings import CommonSettings
from emutrack_kit_testing.helpers import eventually, read_topic


async def test_poison_is_parked_and_the_next_event_is_handled(service_env: dict[str, str]) -> None:
    seen: list[str] = []

    async def on_unit_created(envelope: Any, position: Position) -> None:
        seen.append(UnitCreated.model_validate(envelope.payload).unit_id)

    runtime = ServiceRuntime("reporting", CommonSettings())
    runtime.subscribe([topics.UNITS], {"unit.created": on_unit_created})
    app = runtime.asgi_app(title="test")
    good = new_event(
        "unit.created",
        producer="test",
        unit_path=["ha-noi", "q-thanh-xuan", "p-kim-giang"],
        actor="test",
        payload=UnitCreated(
            unit_id="p-kim-giang", name="Phường Kim Giang", kind="ward", level=2, valid_from="2008-08-01"
        ),
    )
    async with app:
        topic = runtime.topic(topics.UNITS)
        await runtime.broker.publish(b"{not json", topic=topic, key=b"p-kim-giang")
        bad_payload = good.model_dump(mode="json") | {"payload": {"unit_id": "p-x"}}
        await runtime.broker.publish(bad_payload, topic=topic, key=b"p-kim-giang")
        await runtime.broker.publish(good.model_dump(mode="json"), topic=topic, key=b"p-kim-giang")
        await eventually(lambda: _value(seen), lambda s: s == ["p-kim-giang"])

    parked = await read_topic(
        service_env["KAFKA_BOOTSTRAP_SERVERS"],
        runtime.topic(runtime.dead_letter_topic),
        expected=2,
        json_values=False,
    )
    assert len(parked) == 2
    errors = [p["headers"]["error"].decode() for p in parked]
    assert errors[0].startswith("invalid envelope")
    assert "ValidationError" in errors[1]


async def _value(seen: list[str]) -> list[str]:
    return list(seen)
