"""Wires the registration service's adapters into its use cases."""

from __future__ import annotations

from emutrack_kit.clock import Clock, system_clock
from emutrack_kit.mongo import database, make_client
from emutrack_kit.runtime import ServiceRuntime
from registration.adapters.repositories import RegistrationRepository, RoundRepository
from registration.adapters.units import UnitRepository
from registration.config import SERVICE, Settings
from registration.handlers import Deps


def deps(settings: Settings, clock: Clock = system_clock) -> Deps:
    """Repositories on the service's own database."""
    db = database(make_client(settings.mongodb_url), settings.database_prefix, SERVICE)
    return Deps(UnitRepository(db), RoundRepository(db), RegistrationRepository(db), clock)


async def ensure_indexes(d: Deps) -> None:
    """Create the indexes the repositories rely on (idempotent)."""
    await d.units.ensure_indexes()
    await d.registrations.ensure_indexes()


def runtime(settings: Settings) -> tuple[ServiceRuntime, Deps]:
    """The consumer-side runtime, relaying the outbox of every collection that has one."""
    rt = ServiceRuntime(SERVICE, settings)
    d = Deps(UnitRepository(rt.db), RoundRepository(rt.db), RegistrationRepository(rt.db), system_clock)
    rt.with_relay([d.units.collection, d.rounds.collection, d.registrations.collection])
    return rt, d
