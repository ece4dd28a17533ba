"""The evaluation register: who may be evaluated at year end, followed from registration's events."""

from __future__ import annotations

from emutrack_contracts.events.registration import (
    IndividualRegistrationsSubmitted,
    RegistrationStatusChanged,
    RegistrationSubmitted,
)
from emutrack_kit.auth import Principal, Reach
from review.domain.evaluation import ListedPerson, PeopleList, RegisterEntry, RegistrationChange
from review.usecases.context import Context
from review.usecases.delivery import Delivery


async def record_registration(ctx: Context, submitted: RegistrationSubmitted, delivery: Delivery) -> None:
    """Record the registered unit as eligible for year-end evaluation (once per event)."""
    entry = RegisterEntry(
        registration_id=submitted.registration_id,
        round_id=submitted.round_id,
        year=submitted.year,
        subject_kind=submitted.subject_kind,
        unit_id=submitted.subject_unit_id,
        unit_name=submitted.subject_name,
        unit_path=delivery.unit_path,
        title_code=submitted.title_code,
        title_name=submitted.title_name,
        registered_at=submitted.submitted_at,
        status="submitted",
        changed_at=submitted.submitted_at,
    )
    await ctx.register.add(delivery.event_id, entry)


async def follow_registration(ctx: Context, changed: RegistrationStatusChanged) -> None:
    """A withdrawn registration is no longer eligible; an amended one follows its new title."""
    change = RegistrationChange(
        changed.registration_id, changed.to_status, changed.title_code, changed.title_name, changed.changed_at
    )
    await ctx.register.follow(change)


async def replace_people(ctx: Context, listed: IndividualRegistrationsSubmitted, delivery: Delivery) -> None:
    """Only people on a unit's latest list may be evaluated at year end."""
    people = tuple(ListedPerson(**p.model_dump(mode="json")) for p in listed.people)
    await ctx.people.replace(
        PeopleList(
            listed.list_id, listed.version, listed.year, listed.round_id, listed.unit_id, listed.unit_name,
            delivery.unit_path, people,
        )
    )  # fmt: skip


async def evaluation_register(
    ctx: Context, principal: Principal, year: int, limit: int, skip: int
) -> list[RegisterEntry]:
    """Who may be evaluated at the end of `year`, within the caller's reach."""
    return await ctx.register.within(Reach.of(principal), year, limit, skip)


async def registered_people(ctx: Context, principal: Principal, year: int) -> list[PeopleList]:
    """People registered for individual titles in `year`, within the caller's reach."""
    return await ctx.people.within(Reach.of(principal), year)
