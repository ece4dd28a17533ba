"""The one place reporting is wired: settings -> the unit of work of each path, the clock -> Context."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from emutrack_kit.clock import Clock, system_clock
from emutrack_kit.consumer import EffectsStored, EventDispatcher, Handler
from emutrack_kit.mongo import Document, database, make_client
from emutrack_kit.pdf import PdfConverter
from emutrack_kit.runtime import ServiceRuntime
from reporting.adapters.held import BatchUnitOfWork
from reporting.adapters.live import LiveUnitOfWork
from reporting.adapters.rebuilt import RebuildUnitOfWork
from reporting.adapters.snapshots import SnapshotPublisher
from reporting.adapters.swap import CollectionSwap
from reporting.config import SERVICE, Settings
from reporting.entrypoints.batches import BatchCounting
from reporting.entrypoints.subscribers import SUBSCRIBERS
from reporting.usecases.context import Context


def _database(settings: Settings) -> AsyncDatabase[Document]:
    """The service's database through a fresh client."""
    return database(make_client(settings.mongodb_url), settings.database_prefix, SERVICE)


def live_work(settings: Settings) -> LiveUnitOfWork:
    """The read models on the service's database."""
    return LiveUnitOfWork(_database(settings))


def deps(settings: Settings, clock: Clock = system_clock) -> Context:
    """The live context (the HTTP process; tests counting record by record)."""
    return Context(live_work(settings), clock, PdfConverter(settings.soffice))


def rebuild_work(settings: Settings, *, keep_replaced: bool = False) -> RebuildUnitOfWork:
    """The rebuild's read models in memory, written fresh and swapped in over the live ones at commit."""
    return RebuildUnitOfWork(CollectionSwap(_database(settings)), keep_replaced=keep_replaced)


def deps_in_memory(work: RebuildUnitOfWork) -> Context:
    """The context a rebuild folds the log into (in memory until `work.commit()`)."""
    return Context(work)


def event_handlers(ctx: Context) -> dict[str, Handler]:
    """Event type -> its subscriber, bound to the context (what the dispatcher and the replay call)."""
    return SUBSCRIBERS.bind(ctx)


def batch_counting(
    live: LiveUnitOfWork, dispatcher: EventDispatcher, effects_stored: EffectsStored | None = None
) -> BatchCounting:
    """Batches counted with one write per counter, each through a fresh batch unit of work over `live`.

    `dispatcher` counts a batch again one record at a time when it cannot be counted as a batch.
    """
    return BatchCounting(lambda: Context(BatchUnitOfWork(live)), dispatcher, effects_stored=effects_stored)


def runtime(settings: Settings) -> tuple[ServiceRuntime, BatchCounting]:
    """The consumer process: its runtime, the batches it counts, the snapshot publisher beside them."""
    rt = ServiceRuntime(SERVICE, settings)
    live = LiveUnitOfWork(rt.db)
    # The same counters the batches write: the publisher learns from them what changed.
    rt.with_loop(
        SnapshotPublisher(live.counters, live.tree, rt.publisher, settings.snapshot_interval_seconds)
    )
    dispatcher = rt.dispatcher(event_handlers(Context(live)))
    return rt, batch_counting(live, dispatcher, rt.effects_stored())
