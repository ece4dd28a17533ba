"""Wires notify: settings -> repositories, the tree replica, clock -> the use cases' Context; the loops."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from emutrack_kit.clock import Clock, system_clock
from emutrack_kit.consumer import Handler
from emutrack_kit.mongo import Document, database, make_client
from emutrack_kit.org_replica import MongoOrgReplica
from emutrack_kit.runtime import ServiceRuntime
from notify.adapters.deadlines import Dossiers, Rounds, SentReminders, Submissions
from notify.adapters.deliveries import DeliveryBook
from notify.adapters.delivery_events import DeliveryEvents
from notify.adapters.digest_queue import DigestQueue
from notify.adapters.inbox import Inbox
from notify.adapters.smtp import SmtpConfig, SmtpMailer
from notify.adapters.unit_settings import TemplateOverrides, UnitSettingsBook
from notify.adapters.webhook_client import WebhookClient
from notify.config import SERVICE, Settings
from notify.domain.channels import EMAIL, WEBHOOK
from notify.domain.delivery import RetryPolicy
from notify.entrypoints.subscribers import SUBSCRIBERS
from notify.entrypoints.workers import DeliveryWorker, DigestSweeper, ReminderSweeper
from notify.usecases.context import Context
from notify.usecases.sending import email_sender, webhook_sender


def context_on(db: AsyncDatabase[Document], settings: Settings, clock: Clock = system_clock) -> Context:
    """Repositories and the tree replica on a database, with the settings' retry policy."""
    retry = RetryPolicy(
        settings.retry_max_attempts,
        settings.retry_initial_seconds,
        settings.retry_max_seconds,
        settings.retry_jitter_seconds,
    )
    digests = DigestQueue(db)
    return Context(
        inbox=Inbox(db),
        rounds=Rounds(db),
        submissions=Submissions(db),
        sent_reminders=SentReminders(db),
        dossiers=Dossiers(db),
        deliveries=DeliveryBook(db, digests),
        delivery_events=DeliveryEvents(db),
        digests=digests,
        unit_settings=UnitSettingsBook(db),
        overrides=TemplateOverrides(db),
        tree=MongoOrgReplica(db),
        clock=clock,
        retry=retry,
        production=settings.environment == "production",
    )


def deps(settings: Settings, clock: Clock = system_clock) -> Context:
    """Notify's Context on a fresh client (HTTP process, tests)."""
    db = database(make_client(settings.mongodb_url), settings.database_prefix, SERVICE)
    return context_on(db, settings, clock)


def event_handlers(ctx: Context) -> dict[str, Handler]:
    """Event type -> the dispatcher's handler, for every event type notify subscribes to."""
    return SUBSCRIBERS.bind(ctx)


def smtp_config(settings: Settings) -> SmtpConfig:
    """The SMTP server and account from the settings."""
    return SmtpConfig(
        host=settings.smtp_host,
        port=settings.smtp_port,
        sender_address=settings.smtp_sender,
        username=settings.smtp_username,
        password=settings.smtp_password,
        use_tls=settings.smtp_use_tls,
        start_tls=settings.smtp_start_tls,
        ca_file=settings.smtp_ca_file,
        validate_certs=settings.smtp_validate_certs,
    )


def delivery_workers(ctx: Context, settings: Settings, webhooks: WebhookClient) -> list[DeliveryWorker]:
    """Workers per outside channel (a dead SMTP server never holds up webhooks, nor the reverse)."""
    senders = {
        EMAIL: email_sender(SmtpMailer(smtp_config(settings)), settings.smtp_connections),
        WEBHOOK: webhook_sender(ctx, webhooks),
    }
    return [
        DeliveryWorker(
            ctx,
            channel,
            send,
            idle=settings.worker_idle_seconds,
            lease_seconds=settings.delivery_lease_seconds,
        )
        for channel, send in senders.items()
        for _ in range(settings.workers_per_channel)
    ]


def runtime(settings: Settings) -> tuple[ServiceRuntime, Context]:
    """The consumer-side runtime: the consumer, the sweepers, the delivery workers, the relay."""
    rt = ServiceRuntime(SERVICE, settings)
    ctx = context_on(rt.db, settings)
    rt.with_loop(ReminderSweeper(ctx, settings.sweep_seconds))
    rt.with_loop(DigestSweeper(ctx, settings.digest_hour, settings.sweep_seconds))
    for worker in delivery_workers(ctx, settings, WebhookClient(settings.webhook_timeout_seconds)):
        rt.with_loop(worker)
    rt.with_relay([ctx.delivery_events.collection], delete_published=True)
    return rt, ctx
