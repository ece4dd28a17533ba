"""Counts follow registrations through withdrawal, amendment and resubmitted lists, exactly once."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from emutrack_contracts import new_event
from emutrack_contracts.events.registration import (
    IndividualRegistrationsSubmitted,
    RegisteredPerson,
    RegistrationStatusChanged,
    RegistrationSubmitted,
)
from emutrack_kit.consumer import Position
from reporting import bootstrap, handlers
from reporting.config import Settings

PATH = ["ha-noi", "q-thanh-xuan", "p-kim-giang"]
NOW = datetime(2020, 1, 30, 3, 0, tzinfo=UTC)
TOPIC = "emt.registration.registrations"


def _submitted(title: str) -> Any:
    return new_event(
        "registration.submitted",
        producer="test",
        unit_path=PATH,
        actor="t",
        payload=RegistrationSubmitted(
            registration_id="reg-1",
            round_id="r",
            year=2020,
            subject_kind="collective",
            subject_unit_id="p-kim-giang",
            subject_name="Phường Kim Giang",
            title_code=title,
            title_name=title,
            receiving_unit_id="q-thanh-xuan",
            submitted_at=NOW,
        ),
    )


def _changed(from_status: str, to_status: str, title: str, previous: str | None = None) -> Any:
    return new_event(
        "registration.status_changed",
        producer="test",
        unit_path=PATH,
        actor="t",
        payload=RegistrationStatusChanged(
            registration_id="reg-1",
            round_id="r",
            year=2020,
            subject_kind="collective",
            subject_unit_id="p-kim-giang",
            subject_name="Phường Kim Giang",
            title_code=title,
            title_name=title,
            previous_title_code=previous,
            receiving_unit_id="q-thanh-xuan",
            from_status=from_status,
            to_status=to_status,
            changed_at=NOW,
        ),
    )


def _people(version: int, titles: list[str]) -> Any:
    people = [
        RegisteredPerson(
            person_key=f"p{i}",
            full_name=f"Người {i}",
            birth_date=date(1990, 1, 1),
            title_code=t,
            title_name=t,
        )
        for i, t in enumerate(titles)
    ]
    counts: dict[str, int] = {}
    for t in titles:
        counts[t] = counts.get(t, 0) + 1
    return new_event(
        "individual_registrations.submitted",
        producer="test",
        unit_path=PATH,
        actor="t",
        payload=IndividualRegistrationsSubmitted(
            list_id="r|p-kim-giang",
            round_id="r",
            round_name="R",
            year=2020,
            unit_id="p-kim-giang",
            unit_name="Phường Kim Giang",
            receiving_unit_id="q-thanh-xuan",
            version=version,
            people=people,
            counts_by_title=counts,
            submitted_at=NOW,
        ),
    )


async def _city(deps: Any) -> dict[str, Any]:
    return dict(await deps.counters.get("ha-noi", "2020") or {})


async def test_withdrawal_and_amendment_keep_counts_exact_even_when_redelivered(service_env: Any) -> None:
    deps = bootstrap.deps(Settings())
    on = bootstrap.event_handlers(deps)
    log = [
        _submitted("ttldtt"),
        _changed("submitted", "submitted", "ttldxs", previous="ttldtt"),
        _submitted("co_tp"),
        _changed("submitted", "withdrawn", "co_tp"),
    ]
    for offset, event in enumerate(log):
        await on[event.event_type](event, Position(TOPIC, 0, offset))
    for offset, event in enumerate(log):  # redelivered from the start, as after a crash
        await on[event.event_type](event, Position(TOPIC, 0, offset))
    await on[log[0].event_type](log[0], Position(TOPIC, 0, 99))  # republished by the outbox relay
    city = await _city(deps)
    assert city["registrations_total"] == 1
    assert {k: v for k, v in city["registrations_by_title"].items() if v} == {"ttldxs": 1}


async def test_a_resubmitted_list_of_people_replaces_the_earlier_counts(service_env: Any) -> None:
    deps = bootstrap.deps(Settings())
    first, second = _people(1, ["ldtt", "ldtt", "cstd"]), _people(2, ["ldtt", "cstd", "cstd", "cstd"])
    await handlers.on_individual_registrations_submitted(deps, first, Position(TOPIC, 1, 0))
    await handlers.on_individual_registrations_submitted(deps, second, Position(TOPIC, 1, 1))
    await handlers.on_individual_registrations_submitted(deps, second, Position(TOPIC, 1, 1))  # redelivered
    await handlers.on_individual_registrations_submitted(deps, first, Position(TOPIC, 1, 7))  # republished
    city = await _city(deps)
    assert city["individuals_total"] == 4
    assert city["individuals_by_title"] == {"ldtt": 1, "cstd": 3}
