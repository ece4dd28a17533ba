"""Wires the review service's adapters into its use cases."""

from __future__ import annotations

import functools

from pymongo.asynchronous.database import AsyncDatabase

from emutrack_kit.clock import Clock, system_clock
from emutrack_kit.consumer import Handler
from emutrack_kit.mongo import Document, database, make_client
from emutrack_kit.runtime import ServiceRuntime
from review import chain_handlers, decision_handlers, handlers, nomination_handlers
from review.adapters.chain import ChainRepository
from review.adapters.clusters import ClusterRepository
from review.adapters.councils import BallotRepository, CouncilRepository, SessionRepository
from review.adapters.decisions import AwardHistory, DecisionRepository, QuotaSnapshots, UnitDirectory
from review.adapters.nominations import NominationRepository
from review.adapters.repositories import EvaluationRegister, RegisteredPeople
from review.adapters.rule_sets import RuleSetRepository
from review.config import SERVICE, Settings
from review.handlers import Deps
from review.rules import load_default_rule_sets


def deps_on(db: AsyncDatabase[Document], clock: Clock = system_clock) -> Deps:
    """Repositories on the service's database."""
    return Deps(
        EvaluationRegister(db),
        RegisteredPeople(db),
        NominationRepository(db),
        CouncilRepository(db),
        SessionRepository(db),
        BallotRepository(db),
        ChainRepository(db),
        UnitDirectory(db),
        DecisionRepository(db),
        AwardHistory(db),
        ClusterRepository(db),
        QuotaSnapshots(db),
        RuleSetRepository(db, load_default_rule_sets()),
        clock,
    )


def deps(settings: Settings, clock: Clock = system_clock) -> Deps:
    """Repositories on a fresh client (HTTP process)."""
    return deps_on(database(make_client(settings.mongodb_url), settings.database_prefix, SERVICE), clock)


def event_handlers(d: Deps) -> dict[str, Handler]:
    """Event type -> use case."""
    return {
        "registration.submitted": functools.partial(handlers.on_registration_submitted, d),
        "registration.status_changed": functools.partial(handlers.on_registration_status_changed, d),
        "individual_registrations.submitted": functools.partial(
            handlers.on_individual_registrations_submitted, d
        ),
        "nomination.submitted": functools.partial(nomination_handlers.on_nomination_submitted, d),
        "nomination.status_changed": functools.partial(chain_handlers.on_review_step, d),
        "decision.issued": functools.partial(chain_handlers.on_review_step, d),
        "unit.created": functools.partial(decision_handlers.on_unit_created, d),
    }


def runtime(settings: Settings) -> tuple[ServiceRuntime, Deps]:
    """The consumer-side runtime."""
    rt = ServiceRuntime(SERVICE, settings)
    d = deps_on(rt.db)
    rt.with_relay(
        [d.nominations.collection, d.decisions.collection, d.clusters.collection, d.sessions.collection]
    )
    return rt, d
