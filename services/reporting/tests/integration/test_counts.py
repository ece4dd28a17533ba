"""Counts follow registrations through withdrawal, amendment and resubmitted lists, exactly once."""

from __future__ import annotations

from typing import Any

from emutrack_contracts import samples
from emutrack_kit.consumer import Position
from reporting import bootstrap
from reporting.config import Settings

TOPIC = "emt.registration.registrations"
_submitted = samples.registration_submitted
_people = samples.people_listed


def _changed(from_status: str, to_status: str, title: str, previous: str | None = None) -> Any:
    return samples.registration_changed(from_status, to_status, title, previous_title_code=previous)


async def _city(deps: Any) -> dict[str, Any]:
    return dict(await deps.work.counters.document("ha-noi:2020") or {})


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
    on = bootstrap.event_handlers(deps)
    first, second = _people(1, ["ldtt", "ldtt", "cstd"]), _people(2, ["ldtt", "cstd", "cstd", "cstd"])
    await on[first.event_type](first, Position(TOPIC, 1, 0))
    await on[second.event_type](second, Position(TOPIC, 1, 1))
    await on[second.event_type](second, Position(TOPIC, 1, 1))  # redelivered
    await on[first.event_type](first, Position(TOPIC, 1, 7))  # republished
    city = await _city(deps)
    assert city["individuals_total"] == 4
    assert city["individuals_by_title"] == {"ldtt": 1, "cstd": 3}
