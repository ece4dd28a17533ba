"""Unit tests of emutrack_kit.consumer.EventDispatcher with a fake dead-letter publisher."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from pydantic import BaseModel, ValidationError
from pymongo.errors import AutoReconnect

from emutrack_contracts import Envelope, new_envelope
from emutrack_contracts.events.registration import RegistrationSubmitted, RoundOpened
from emutrack_kit.consumer import EventDispatcher, Handler, PoisonEvent, Position
from emutrack_kit.kafka import KafkaPublisher
from emutrack_kit_testing.helpers import FakePublisher

DEAD_LETTER = "u.emt.reporting.dead-letter"
POSITION = Position("u.emt.registration.registrations", 4, 17)
KEY = b"p-kim-giang"
PATH = ["ha-noi", "q-thanh-xuan", "p-kim-giang"]
SUBMITTED_AT = datetime(2020, 1, 30, 3, 0, tzinfo=UTC)


class Recorder:
    """A handler that records its calls and can fail a given number of times first."""

    def __init__(self, failures: list[BaseException] | None = None) -> None:
        self.calls: list[tuple[Envelope, Position]] = []
        self._failures = list(failures or [])

    async def __call__(self, envelope: Envelope, position: Position) -> None:
        self.calls.append((envelope, position))
        if self._failures:
            raise self._failures.pop(0)


def _dispatcher(
    handlers: dict[str, Handler], publisher: FakePublisher, *, retry_seconds: float = 5.0
) -> EventDispatcher:
    return EventDispatcher(
        "reporting",
        handlers,
        publisher,  # type: ignore[arg-type]  # duck-typed: only send_raw is used
        DEAD_LETTER,
        retry_seconds=retry_seconds,
    )


def _submitted() -> Envelope:
    return new_envelope(
        event_type="registration.submitted",
        schema_version=1,
        producer="registration",
        unit_id="p-kim-giang",
        unit_path=PATH,
        actor="can-bo-kim-giang",
        payload=RegistrationSubmitted(
            registration_id="reg-1",
            round_id="dk-2020-q-thanh-xuan",
            year=2020,
            subject_kind="collective",
            subject_unit_id="p-kim-giang",
            subject_name="Phường Kim Giang",
            title_code="tap_the_lao_dong_tien_tien",
            title_name="Tập thể lao động tiên tiến",
            receiving_unit_id="q-thanh-xuan",
            submitted_at=SUBMITTED_AT,
        ),
    )


def _round_opened() -> Envelope:
    return new_envelope(
        event_type="round.opened",
        schema_version=1,
        producer="registration",
        unit_id="q-thanh-xuan",
        unit_path=["ha-noi", "q-thanh-xuan"],
        actor="system",
        payload=RoundOpened(
            round_id="dk-2020-q-thanh-xuan",
            name="Đăng ký thi đua năm 2020",
            kind="registration",
            year=2020,
            receiving_unit_id="q-thanh-xuan",
            deadline=datetime(2020, 2, 5, 16, 59, 59, tzinfo=UTC),
        ),
    )


def _raw(envelope: Envelope) -> bytes:
    return envelope.model_dump_json().encode()


def test_fake_publisher_matches_the_real_send_raw_signature() -> None:
    import inspect

    real = inspect.signature(KafkaPublisher.send_raw)
    fake = inspect.signature(FakePublisher.send_raw)
    assert list(real.parameters) == list(fake.parameters)


async def test_valid_envelope_goes_to_the_handler_of_its_type() -> None:
    publisher = FakePublisher()
    submitted, other = Recorder(), Recorder()
    dispatcher = _dispatcher({"registration.submitted": submitted, "round.opened": other}, publisher)
    envelope = _submitted()

    await dispatcher.dispatch(_raw(envelope), KEY, POSITION)

    assert len(submitted.calls) == 1
    received, position = submitted.calls[0]
    assert received == envelope
    assert received.event_id == envelope.event_id
    assert RegistrationSubmitted.model_validate(received.payload).subject_name == "Phường Kim Giang"
    assert position == POSITION
    assert other.calls == []
    assert publisher.sent == []
    assert dispatcher.processed == 1


async def test_each_event_type_reaches_only_its_handler() -> None:
    publisher = FakePublisher()
    submitted, opened = Recorder(), Recorder()
    dispatcher = _dispatcher({"registration.submitted": submitted, "round.opened": opened}, publisher)
    envelope = _round_opened()

    await dispatcher.dispatch(_raw(envelope), b"q-thanh-xuan", POSITION)

    assert [e.event_id for e, _ in opened.calls] == [envelope.event_id]
    assert submitted.calls == []


async def test_unknown_fields_in_the_envelope_are_ignored() -> None:
    publisher = FakePublisher()
    handler = Recorder()
    dispatcher = _dispatcher({"registration.submitted": handler}, publisher)
    envelope = _submitted()
    doc = json.loads(_raw(envelope))
    doc["added_in_a_later_version"] = {"x": 1}

    await dispatcher.dispatch(json.dumps(doc).encode(), KEY, POSITION)

    assert [e.event_id for e, _ in handler.calls] == [envelope.event_id]
    assert publisher.sent == []


async def test_unknown_event_type_is_skipped_not_parked() -> None:
    publisher = FakePublisher()
    handler = Recorder()
    dispatcher = _dispatcher({"round.opened": handler}, publisher)

    await dispatcher.dispatch(_raw(_submitted()), KEY, POSITION)

    assert handler.calls == []
    assert publisher.sent == []
    assert dispatcher.processed == 0


@pytest.mark.parametrize(
    "raw",
    [
        b"{not json",
        b"",
        b"\xff\xfe garbage",
        b"[]",
        json.dumps({"event_type": "registration.submitted", "payload": {}}).encode(),
    ],
    ids=["broken-json", "empty", "not-utf8", "json-array", "missing-fields"],
)
async def test_invalid_records_are_parked_with_the_error(raw: bytes) -> None:
    publisher = FakePublisher()
    handler = Recorder()
    dispatcher = _dispatcher({"registration.submitted": handler}, publisher)

    await dispatcher.dispatch(raw, KEY, POSITION)

    assert handler.calls == []
    assert len(publisher.sent) == 1
    topic, value, key, headers = publisher.sent[0]
    assert topic == DEAD_LETTER
    assert value == raw
    assert key == KEY
    assert headers["error"].decode().startswith("invalid envelope:")
    assert headers["service"] == b"reporting"
    assert json.loads(headers["source"]) == {
        "topic": "u.emt.registration.registrations",
        "partition": 4,
        "offset": 17,
    }
    assert dispatcher.processed == 0


async def test_envelope_with_empty_unit_path_is_parked() -> None:
    publisher = FakePublisher()
    handler = Recorder()
    dispatcher = _dispatcher({"registration.submitted": handler}, publisher)
    doc = json.loads(_raw(_submitted()))
    doc["unit_path"] = []

    await dispatcher.dispatch(json.dumps(doc).encode(), KEY, POSITION)

    assert handler.calls == []
    assert [t for t, *_ in publisher.sent] == [DEAD_LETTER]
    assert b"unit_path" in publisher.sent[0][3]["error"]


def _payload_validation_error() -> ValidationError:
    class Strict(BaseModel):
        year: int

    try:
        Strict.model_validate({"year": "not a year"})
    except ValidationError as exc:
        return exc
    raise AssertionError("expected a ValidationError")


@pytest.mark.parametrize(
    ("exc", "error_prefix"),
    [
        (_payload_validation_error(), "ValidationError: "),
        (PoisonEvent("payload references an unknown round"), "PoisonEvent: payload references"),
    ],
    ids=["validation-error", "poison-event"],
)
async def test_poison_handler_errors_are_parked_not_raised(exc: Exception, error_prefix: str) -> None:
    publisher = FakePublisher()
    handler = Recorder(failures=[exc])
    dispatcher = _dispatcher({"registration.submitted": handler}, publisher)
    raw = _raw(_submitted())

    await dispatcher.dispatch(raw, KEY, POSITION)  # must not raise

    assert len(handler.calls) == 1, "a poison event is not retried"
    assert len(publisher.sent) == 1
    topic, value, key, headers = publisher.sent[0]
    assert (topic, value, key) == (DEAD_LETTER, raw, KEY)
    assert headers["error"].decode().startswith(error_prefix)
    assert dispatcher.processed == 0


async def test_long_errors_are_truncated_in_the_header() -> None:
    publisher = FakePublisher()
    handler = Recorder(failures=[PoisonEvent("x" * 5000)])
    dispatcher = _dispatcher({"registration.submitted": handler}, publisher)

    await dispatcher.dispatch(_raw(_submitted()), KEY, POSITION)

    assert len(publisher.sent[0][3]["error"]) == 2000


async def test_transient_database_errors_are_retried_until_success() -> None:
    publisher = FakePublisher()
    handler = Recorder(failures=[AutoReconnect("primary stepped down"), AutoReconnect("again")])
    dispatcher = _dispatcher({"registration.submitted": handler}, publisher, retry_seconds=10.0)
    envelope = _submitted()

    await dispatcher.dispatch(_raw(envelope), KEY, POSITION)

    assert len(handler.calls) == 3
    assert all(e.event_id == envelope.event_id and p == POSITION for e, p in handler.calls)
    assert publisher.sent == []
    assert dispatcher.processed == 1


async def test_transient_errors_beyond_the_retry_budget_are_re_raised() -> None:
    publisher = FakePublisher()
    handler = Recorder(failures=[AutoReconnect(f"down {i}") for i in range(1000)])
    dispatcher = _dispatcher({"registration.submitted": handler}, publisher, retry_seconds=0.01)

    with pytest.raises(AutoReconnect):
        await dispatcher.dispatch(_raw(_submitted()), KEY, POSITION)

    assert 1 <= len(handler.calls) < 1000
    assert publisher.sent == [], "a transient failure is redelivered, never parked"
    assert dispatcher.processed == 0


async def test_a_deterministic_handler_error_is_retried_then_parked_so_the_partition_moves_on() -> None:
    publisher = FakePublisher()
    handler = Recorder(failures=[RuntimeError("bug in handler")] * 3)
    dispatcher = _dispatcher({"registration.submitted": handler}, publisher)

    await dispatcher.dispatch(_raw(_submitted()), KEY, POSITION)

    assert len(handler.calls) == EventDispatcher.NON_TRANSIENT_ATTEMPTS == 3
    [(_, _, _, headers)] = publisher.sent
    assert "RuntimeError: bug in handler" in headers["error"].decode()
    assert dispatcher.processed == 0


async def test_a_non_transient_error_that_clears_on_retry_is_not_parked() -> None:
    publisher = FakePublisher()
    handler = Recorder(failures=[RuntimeError("race")])
    dispatcher = _dispatcher({"registration.submitted": handler}, publisher)
    await dispatcher.dispatch(_raw(_submitted()), KEY, POSITION)
    assert (len(handler.calls), publisher.sent, dispatcher.processed) == (2, [], 1)


async def test_processed_counts_every_handled_record() -> None:
    publisher = FakePublisher()
    dispatcher = _dispatcher({"registration.submitted": Recorder()}, publisher)
    for offset in range(3):
        await dispatcher.dispatch(_raw(_submitted()), KEY, Position(POSITION.topic, 0, offset))
    await dispatcher.dispatch(b"junk", KEY, Position(POSITION.topic, 0, 3))
    assert dispatcher.processed == 3


def test_position_stream_key_is_field_name_safe() -> None:
    assert POSITION.stream_key == "u_emt_registration_registrations:4"
    assert "." not in POSITION.stream_key
