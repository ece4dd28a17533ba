"""Notify benchmark: one deadline fanned out to N units on three channels, to real receivers.

On the local servers, in a namespace of its own: N units under one receiving unit, each with an
officer and a head (one e-mail address each) and one webhook subscription; a registration round
whose deadline is 7 days away. The reminder sweep tells every unit (in-app at once, e-mails and
webhook calls queued); then the two delivery workers send the queue, as in the consumer process,
to an SMTP server and an HTTP receiver running in another process. Reported: the sweep's time,
messages per second per channel, and the time from the sweep's start until the last message was
received. Usage: `python -m bench.notify_fanout --units 3000`.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import multiprocessing.sharedctypes
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo import AsyncMongoClient

from bench.workspace import KAFKA, MONGODB
from emutrack_contracts import new_event, samples
from emutrack_contracts.events.registration import RoundOpened
from emutrack_kit.consumer import Position
from emutrack_kit_testing.helpers import isolated_settings
from notify.domain.settings import Contact, WebhookSubscription

POS = Position("bench", 0, 0)
DEADLINE = datetime(2020, 2, 5, 16, 59, 59, tzinfo=UTC)


def receive(ports: Any, mails: Any, calls: Any, last: Any, stop: Any) -> None:
    """The receivers' process: count what arrives and when the last one did."""
    from emutrack_kit_testing.receivers import smtp_receiver, webhook_receiver

    with smtp_receiver() as smtp, webhook_receiver() as portal:
        ports[0], ports[1] = smtp.port, portal.port
        while not stop.is_set():
            m, c = len(smtp.messages), len(portal.received())
            if (m, c) != (mails.value, calls.value):
                mails.value, calls.value, last.value = m, c, time.time()
            time.sleep(0.01)


async def setup(deps: Any, on: Any, units: int, hook_url: str) -> None:
    """The tree, every unit's contacts and webhook, and the round."""
    await on["unit.created"](samples.unit_created("ha-noi", "Thành phố Hà Nội", "city", []), POS)
    for i in range(units):
        unit = f"u-{i:05d}"
        await on["unit.created"](samples.unit_created(unit, f"Đơn vị số {i}", "ward", ["ha-noi"]), POS)
        contacts = {
            "unit_officer": [Contact("Cán bộ thi đua", f"thidua@{unit}.hanoi.gov.vn")],
            "unit_head": [Contact("Thủ trưởng", f"thutruong@{unit}.hanoi.gov.vn")],
        }
        await deps.unit_settings.set_contacts(unit, contacts, [], datetime.now(UTC))
        hook = WebhookSubscription(f"h-{i}", hook_url, secret=uuid.uuid4().hex)
        await deps.unit_settings.add_webhook(unit, hook)
    opened = RoundOpened(
        round_id="dk-2020-ha-noi", name="Đăng ký thi đua năm 2020", kind="registration", year=2020,
        receiving_unit_id="ha-noi", deadline=DEADLINE,
    )  # fmt: skip
    await on["round.opened"](new_event("round.opened", unit_path=["ha-noi"], actor="b", payload=opened), POS)


async def run(args: argparse.Namespace) -> None:
    """Set up, fan out, deliver, report."""
    from notify import bootstrap
    from notify.adapters.webhook_client import WebhookClient
    from notify.config import Settings
    from notify.usecases.reminders import send_due_reminders

    ctx = multiprocessing.get_context("spawn")
    ports = ctx.Array("i", 2)
    mails, calls, last = ctx.Value("i", 0), ctx.Value("i", 0), ctx.Value("d", 0.0)
    stop = ctx.Event()
    receivers = ctx.Process(target=receive, args=(ports, mails, calls, last, stop), daemon=True)
    receivers.start()
    while ports[1] == 0:  # noqa: ASYNC110 - set by the receivers' process, not an asyncio task
        await asyncio.sleep(0.05)
    namespace = f"bench{uuid.uuid4().hex[:8]}"
    settings = Settings(
        **isolated_settings(KAFKA, MONGODB, namespace), smtp_port=ports[0], worker_idle_seconds=0.05
    )
    deps = bootstrap.deps(settings)
    await deps.inbox.ensure_indexes()
    await deps.deliveries.ensure_indexes()
    on = bootstrap.event_handlers(deps)
    webhooks = WebhookClient(timeout=10)
    try:
        t = time.perf_counter()
        await setup(deps, on, args.units, f"http://127.0.0.1:{ports[1]}/hook")
        print(f"setup of {args.units} units: {time.perf_counter() - t:.1f} s", flush=True)

        started = time.time()
        sweep_at = DEADLINE - timedelta(days=7)
        new = await send_due_reminders(deps, sweep_at)
        swept = time.time() - started
        in_app, queued = await deps.inbox.count(), await deps.deliveries.queued()
        print(f"sweep: {swept:.1f} s, {new} new deliveries ({in_app} in-app, {queued} queued)", flush=True)

        workers = bootstrap.delivery_workers(deps, settings, webhooks)
        tasks = [asyncio.create_task(w.run()) for w in workers]
        expected_mails, expected_calls = 2 * args.units, args.units
        while mails.value < expected_mails or calls.value < expected_calls:
            await asyncio.sleep(0.05)
            if time.time() - started > args.timeout:
                raise SystemExit(f"timed out: {mails.value} e-mails, {calls.value} webhook calls received")
        for w in workers:
            w.stop()
        await asyncio.gather(*tasks)
        total = last.value - started
        messages = in_app + mails.value + calls.value
        print(
            f"delivered: {in_app} in-app + {mails.value} e-mails + {calls.value} webhook calls = {messages} "
            f"messages; last received {total:.1f} s after the sweep started", flush=True,
        )  # fmt: skip
        outside = (mails.value + calls.value) / (total - swept)
        print(
            f"rates: in-app {in_app / swept:.0f}/s (sweep), e-mail + webhook {outside:.0f}/s "
            f"(after the sweep), overall {messages / total:.0f} messages/s", flush=True,
        )  # fmt: skip
    finally:
        stop.set()
        receivers.join(timeout=10)
        await webhooks.close()
        mongo: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(MONGODB)
        await mongo.drop_database(f"{namespace}_notify")
        await mongo.close()


def main() -> None:
    """CLI entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=3000)
    parser.add_argument("--timeout", type=float, default=1800)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
