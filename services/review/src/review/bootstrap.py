"""The one place that wires review: settings -> repositories, the tree replica, the clock -> Context."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from emutrack_kit.clock import Clock, system_clock
from emutrack_kit.consumer import Handler
from emutrack_kit.mongo import Document, database, make_client
from emutrack_kit.org_replica import MongoOrgReplica
from emutrack_kit.pdf import PdfConverter
from emutrack_kit.runtime import ServiceRuntime
from review.adapters.chain import ChainRepository
from review.adapters.clusters import ClusterRepository
from review.adapters.councils import BallotRepository, CouncilRepository, SessionRepository
from review.adapters.decisions import AwardHistory, DecisionRepository, QuotaSnapshots
from review.adapters.holidays import HolidayRepository
from review.adapters.initiatives import InitiativeRepository
from review.adapters.nominations import NominationRepository
from review.adapters.register import EvaluationRegister, RegisteredPeople
from review.adapters.rule_sets import RuleSetRepository
from review.config import SERVICE, Settings
from review.entrypoints.subscribers import SUBSCRIBERS
from review.rules import load_default_rule_sets
from review.usecases.context import Context


def context_on(
    db: AsyncDatabase[Document], clock: Clock = system_clock, pdf: PdfConverter | None = None
) -> Context:
    """The use cases' context on the service's database."""
    return Context(
        register=EvaluationRegister(db),
        people=RegisteredPeople(db),
        nominations=NominationRepository(db),
        councils=CouncilRepository(db),
        sessions=SessionRepository(db),
        ballots=BallotRepository(db),
        chain=ChainRepository(db),
        tree=MongoOrgReplica(db),
        decisions=DecisionRepository(db),
        awards=AwardHistory(db),
        clusters=ClusterRepository(db),
        quota_snapshots=QuotaSnapshots(db),
        rules=RuleSetRepository(db, load_default_rule_sets()),
        initiatives=InitiativeRepository(db),
        holidays=HolidayRepository(db),
        clock=clock,
        pdf=pdf or PdfConverter(),
    )


def deps(settings: Settings, clock: Clock = system_clock) -> Context:
    """The context on a fresh client (HTTP process, command-line tools, tests)."""
    db = database(make_client(settings.mongodb_url), settings.database_prefix, SERVICE)
    return context_on(db, clock, PdfConverter(settings.soffice))


def event_handlers(ctx: Context) -> dict[str, Handler]:
    """Event type -> the dispatcher's handler (decoded, then the subscriber's use case)."""
    return SUBSCRIBERS.bind(ctx)


def runtime(settings: Settings) -> tuple[ServiceRuntime, Context]:
    """The consumer process's runtime, its context, and the outbox relay over review's collections."""
    rt = ServiceRuntime(SERVICE, settings)
    ctx = context_on(rt.db)
    rt.with_relay(
        [
            ctx.nominations.collection,
            ctx.decisions.collection,
            ctx.clusters.collection,
            ctx.sessions.collection,
            ctx.initiatives.collection,
        ]
    )
    return rt, ctx
