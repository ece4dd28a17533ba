"""The one place that wires the registration service: settings -> repositories, clock -> Context."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from emutrack_kit.clock import Clock, system_clock
from emutrack_kit.consumer import Handler
from emutrack_kit.mongo import Document, database, make_client
from emutrack_kit.runtime import ServiceRuntime
from registration.adapters.conferences import ConferenceRepository
from registration.adapters.dossiers import AttachmentStore, DossierRepository
from registration.adapters.movements import CalendarRepository, MovementRepository
from registration.adapters.people import FormLists, PeopleLists
from registration.adapters.people_index import PeopleIndex
from registration.adapters.registrations import RegistrationRepository
from registration.adapters.rounds import RoundRepository
from registration.adapters.submissions import SubmissionRepository
from registration.adapters.units import UnitRepository
from registration.config import SERVICE, Settings
from registration.entrypoints.subscribers import SUBSCRIBERS
from registration.usecases.context import Context


def context_on(db: AsyncDatabase[Document], clock: Clock) -> Context:
    """Repositories on the service's own database."""
    return Context(
        units=UnitRepository(db),
        rounds=RoundRepository(db),
        registrations=RegistrationRepository(db),
        people=PeopleLists(db),
        forms=FormLists(db),
        people_index=PeopleIndex(db),
        dossiers=DossierRepository(db),
        files=AttachmentStore(db),
        movements=MovementRepository(db),
        calendars=CalendarRepository(db),
        submissions=SubmissionRepository(db),
        conferences=ConferenceRepository(db),
        clock=clock,
    )


def deps(settings: Settings, clock: Clock = system_clock) -> Context:
    """The use cases' context on a fresh client (HTTP process, CLI, tests)."""
    return context_on(database(make_client(settings.mongodb_url), settings.database_prefix, SERVICE), clock)


async def ensure_indexes(ctx: Context) -> None:
    """Create the indexes the repositories rely on (idempotent)."""
    await ctx.units.ensure_indexes()
    await ctx.registrations.ensure_indexes()


def runtime(settings: Settings) -> tuple[ServiceRuntime, Context]:
    """The consumer-side runtime, relaying the outbox of every collection that has one."""
    rt = ServiceRuntime(SERVICE, settings)
    ctx = context_on(rt.db, system_clock)
    rt.with_relay(
        [
            ctx.units.collection,
            ctx.rounds.collection,
            ctx.registrations.collection,
            ctx.people.collection,
            ctx.forms.collection,
            ctx.dossiers.collection,
            ctx.movements.collection,
            ctx.calendars.collection,
            ctx.submissions.collection,
            ctx.conferences.collection,
        ]
    )
    return rt, ctx


def event_handlers(ctx: Context) -> dict[str, Handler]:
    """Event type -> the consumer's handler (people index; review's steps on dossiers)."""
    return SUBSCRIBERS.bind(ctx)
