"""Wires the reporting service's adapters into its use cases."""

from __future__ import annotations

import functools

from pymongo.asynchronous.database import AsyncDatabase

from emutrack_kit.consumer import Handler
from emutrack_kit.mongo import Document, database, make_client
from emutrack_kit.org_replica import MongoOrgReplica
from emutrack_kit.runtime import ServiceRuntime
from reporting import coverage_handlers, decision_handlers, handlers, review_handlers
from reporting.adapters.awardees import AwardeeBook
from reporting.adapters.memory import MemoryStore
from reporting.adapters.parked import ParkedEvents
from reporting.adapters.progress import NominationProgress
from reporting.adapters.rankings import RankingBook
from reporting.adapters.repositories import (
    CounterRepository,
    FactRepository,
    ListStateRepository,
)
from reporting.adapters.rounds import RoundBook
from reporting.adapters.snapshots import SnapshotPublisher
from reporting.adapters.submissions import SubmissionKinds
from reporting.batching import BatchCounting
from reporting.config import SERVICE, Settings
from reporting.handlers import Deps


def deps_on(db: AsyncDatabase[Document]) -> Deps:
    """Repositories on the service's database."""
    return Deps(
        FactRepository(db),
        CounterRepository(db),
        MongoOrgReplica(db),
        ListStateRepository(db),
        RoundBook(db),
        ParkedEvents(db),
        AwardeeBook(db),
        SubmissionKinds(db),
        NominationProgress(db),
        RankingBook(db),
    )


def deps_in_memory(store: MemoryStore) -> Deps:
    """The in-memory repositories a rebuild folds the log into."""
    return Deps(
        store.facts,
        store.counters,
        store.units,
        store.lists,
        store.rounds,
        store.parked,
        store.awardees,
        store.submissions,
        store.progress,
        store.rankings,
    )


def deps(settings: Settings) -> Deps:
    """Repositories on a fresh client (HTTP process)."""
    return deps_on(database(make_client(settings.mongodb_url), settings.database_prefix, SERVICE))


def event_handlers(d: Deps) -> dict[str, Handler]:
    """Event type -> use case."""
    return {
        "registration.submitted": functools.partial(handlers.on_registration_submitted, d),
        "unit.created": functools.partial(decision_handlers.on_unit_created, d),
        "nomination.submitted": functools.partial(handlers.on_nomination_submitted, d),
        "decision.issued": functools.partial(decision_handlers.on_decision_issued, d),
        "round.opened": functools.partial(coverage_handlers.on_round_opened, d),
        "round.extension_granted": functools.partial(coverage_handlers.on_round_extension_granted, d),
        "unit.moved": functools.partial(handlers.on_tree_changed, d),
        "initiative.submitted": functools.partial(handlers.on_initiative_submitted, d),
        "exemplar.submitted": functools.partial(handlers.on_exemplar_submitted, d),
        "submission.withdrawn": functools.partial(handlers.on_submission_withdrawn, d),
        "unit.retired": functools.partial(handlers.on_tree_changed, d),
        "unit.merged": functools.partial(handlers.on_tree_changed, d),
        "registration.status_changed": functools.partial(handlers.on_registration_status_changed, d),
        "nomination.status_changed": functools.partial(review_handlers.on_nomination_status_changed, d),
        "cluster_ranking.published": functools.partial(review_handlers.on_cluster_ranking_published, d),
        "individual_registrations.submitted": functools.partial(
            handlers.on_individual_registrations_submitted, d
        ),
    }


def batch_counting(rt: ServiceRuntime, d: Deps, settings: Settings) -> BatchCounting:
    """Batches counted with one write per counter, falling back to the per-record dispatcher."""
    # The same counters the snapshot publisher drains: it learns from them what changed.
    assert isinstance(d.facts, FactRepository)
    assert isinstance(d.counters, CounterRepository)
    return BatchCounting(
        d,
        d.facts,
        d.counters,
        event_handlers,
        rt.dispatcher(event_handlers(d)),
        effects_stored=rt.effects_stored(),
    )


def runtime(settings: Settings) -> tuple[ServiceRuntime, Deps]:
    """The consumer-side runtime with the snapshot publisher running beside the subscribers."""
    rt = ServiceRuntime(SERVICE, settings)
    d = deps_on(rt.db)
    assert isinstance(d.counters, CounterRepository)
    rt.with_loop(SnapshotPublisher(d.counters, d.units, rt.publisher, settings.snapshot_interval_seconds))
    return rt, d
