"""Wires the registration service's adapters into its use cases."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from emutrack_kit.clock import Clock, system_clock
from emutrack_kit.mongo import Document, database, make_client
from emutrack_kit.runtime import ServiceRuntime
from registration.adapters.dossiers import AttachmentStore, DossierRepository
from registration.adapters.people import IndividualListRepository
from registration.adapters.repositories import RegistrationRepository, RoundRepository
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
        dossiers=DossierRepository(db),
        files=AttachmentStore(db),
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
            d.dossiers.collection,
        ]
    )
    return rt, d
