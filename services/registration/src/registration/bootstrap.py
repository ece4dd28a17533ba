"""Wires the registration service's adapters into its use cases."""

from __future__ import annotations

import functools

from pymongo.asynchronous.database import AsyncDatabase

from emutrack_kit.clock import Clock, system_clock
from emutrack_kit.consumer import Handler
from emutrack_kit.mongo import Document, database, make_client
from emutrack_kit.runtime import ServiceRuntime
from registration import index_handlers, progress_handlers
from registration.adapters.dossiers import AttachmentStore, DossierRepository
from registration.adapters.movements import CalendarRepository, MovementRepository
from registration.adapters.people import IndividualListRepository
from registration.adapters.people_index import PeopleIndex
from registration.adapters.repositories import RegistrationRepository
from registration.adapters.rounds import RoundRepository
from registration.adapters.submissions import SubmissionRepository
from registration.adapters.units import UnitRepository
from registration.config import SERVICE, Settings
from registration.handlers import Deps


def deps_on(db: AsyncDatabase[Document], clock: Clock) -> Deps:
    """Repositories on the service's own database."""
    return Deps(
        units=UnitRepository(db),
        rounds=RoundRepository(db),
        registrations=RegistrationRepository(db),
        people=IndividualListRepository(db),
        forms=IndividualListRepository(db, "form_lists"),
        people_index=PeopleIndex(db),
        dossiers=DossierRepository(db),
        files=AttachmentStore(db),
        movements=MovementRepository(db),
        calendars=CalendarRepository(db),
        submissions=SubmissionRepository(db),
        clock=clock,
    )


def deps(settings: Settings, clock: Clock = system_clock) -> Deps:
    """Repositories on a fresh client (HTTP process, CLI)."""
    return deps_on(database(make_client(settings.mongodb_url), settings.database_prefix, SERVICE), clock)


async def ensure_indexes(d: Deps) -> None:
    """Create the indexes the repositories rely on (idempotent)."""
    await d.units.ensure_indexes()
    await d.registrations.ensure_indexes()


def runtime(settings: Settings) -> tuple[ServiceRuntime, Deps]:
    """The consumer-side runtime, relaying the outbox of every collection that has one."""
    rt = ServiceRuntime(SERVICE, settings)
    d = deps_on(rt.db, system_clock)
    rt.with_relay(
        [
            d.units.collection,
            d.rounds.collection,
            d.registrations.collection,
            d.people.collection,
            d.forms.collection,
            d.dossiers.collection,
            d.movements.collection,
            d.calendars.collection,
            d.submissions.collection,
        ]
    )
    return rt, d


def event_handlers(d: Deps) -> dict[str, Handler]:
    """Event type -> use case of the registration consumer (people index; review's steps on dossiers)."""
    return {
        "individual_registrations.submitted": functools.partial(
            index_handlers.on_individual_registrations_submitted, d
        ),
        "nomination.status_changed": functools.partial(progress_handlers.on_nomination_status_changed, d),
    }
