"""Wires the notify service's adapters into its use cases."""

from __future__ import annotations

import functools

from pymongo.asynchronous.database import AsyncDatabase

from emutrack_kit.clock import system_clock
from emutrack_kit.consumer import Handler
from emutrack_kit.mongo import Document, database, make_client
from emutrack_kit.runtime import ServiceRuntime
from notify import handlers, reminder_handlers
from notify.adapters.deadlines import DeadlineBook
from notify.adapters.deliveries import DeliveryBook
from notify.adapters.repositories import Inbox
from notify.adapters.smtp import SmtpConfig, SmtpMailer
from notify.adapters.unit_settings import TemplateOverrides, UnitSettings
from notify.adapters.webhook_client import WebhookClient
from notify.config import SERVICE, Settings
from notify.delivery_workers import DeliveryWorker, email_sender, webhook_sender
from notify.digest_handlers import DigestSweeper
from notify.domain.channels import EMAIL, WEBHOOK
from notify.domain.delivery import RetryPolicy
from notify.handlers import Deps


def deps_on(db: AsyncDatabase[Document], settings: Settings) -> Deps:
    """Repositories on a database, with the settings' retry policy."""
    retry = RetryPolicy(
        settings.retry_max_attempts,
        settings.retry_initial_seconds,
        settings.retry_max_seconds,
        settings.retry_jitter_seconds,
    )
    return Deps(
        Inbox(db),
        DeadlineBook(db),
        DeliveryBook(db),
        UnitSettings(db),
        TemplateOverrides(db),
        retry=retry,
        production=settings.environment == "production",
    )


def deps(settings: Settings) -> Deps:
    """Repositories on a fresh client (HTTP process)."""
    return deps_on(database(make_client(settings.mongodb_url), settings.database_prefix, SERVICE), settings)


def event_handlers(d: Deps) -> dict[str, Handler]:
    """Event type -> use case: every event type the routing rules name, and what reminders learn from."""
    routed = {event_type: functools.partial(handlers.on_event, d) for event_type in d.routes}
    return {
        **routed,
        **{
            t: functools.partial(reminder_handlers.on_submission, d)
            for t in reminder_handlers.SUBMITTER_FIELD
        },
        "round.opened": functools.partial(reminder_handlers.on_round_opened, d),
        "round.extension_granted": functools.partial(reminder_handlers.on_round_extension_granted, d),
        "unit.created": functools.partial(reminder_handlers.on_unit_created, d),
        "unit.moved": functools.partial(reminder_handlers.on_unit_moved, d),
        "unit.retired": functools.partial(reminder_handlers.on_unit_retired, d),
        "unit.merged": functools.partial(reminder_handlers.on_unit_merged, d),
    }


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


def delivery_workers(d: Deps, settings: Settings, webhooks: WebhookClient) -> list[DeliveryWorker]:
    """Workers per outside channel (a dead SMTP server never holds up webhooks, nor the reverse)."""
    senders = {
        EMAIL: email_sender(SmtpMailer(smtp_config(settings)), settings.smtp_connections),
        WEBHOOK: webhook_sender(d, webhooks),
    }
    return [
        DeliveryWorker(
            d,
            channel,
            send,
            system_clock,
            idle=settings.worker_idle_seconds,
            lease_seconds=settings.delivery_lease_seconds,
        )
        for channel, send in senders.items()
        for _ in range(settings.workers_per_channel)
    ]


def runtime(settings: Settings) -> tuple[ServiceRuntime, Deps]:
    """The consumer-side runtime: the consumer, the sweepers, the delivery workers, the relay."""
    rt = ServiceRuntime(SERVICE, settings)
    d = deps_on(rt.db, settings)
    rt.with_loop(reminder_handlers.ReminderSweeper(d, system_clock, settings.sweep_seconds))
    rt.with_loop(DigestSweeper(d, system_clock, settings.digest_hour, settings.sweep_seconds))
    for worker in delivery_workers(d, settings, WebhookClient(settings.webhook_timeout_seconds)):
        rt.with_loop(worker)
    rt.with_relay([d.deliveries.events], delete_published=True)
    return rt, d
