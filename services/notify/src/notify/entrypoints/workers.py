"""The consumer process' background loops: delivery workers per channel, the reminder and digest sweeps."""

from __future__ import annotations

from datetime import timedelta

from emutrack_kit.outbox import PollingLoop
from notify.usecases.context import Context
from notify.usecases.deliveries import Batch, Sender, deliver_due
from notify.usecases.digests import send_digests
from notify.usecases.reminders import send_due_reminders


class DeliveryWorker(PollingLoop):
    """Claims due deliveries of one channel, sends them, records the outcomes (several may run)."""

    def __init__(
        self,
        ctx: Context,
        channel: str,
        send: Sender,
        *,
        batch: int = 200,
        idle: float = 0.5,
        lease_seconds: float = 600.0,
    ) -> None:
        super().__init__(idle)
        self._ctx, self._send = ctx, send
        self.batch = Batch(channel, batch, timedelta(seconds=lease_seconds))

    async def publish_pending(self) -> int:
        """One batch; returns how many deliveries were tried (0 = idle)."""
        return await deliver_due(self._ctx, self.batch, self._send)


class ReminderSweeper(PollingLoop):
    """Sends the day's reminders every `interval` seconds (idempotent: each is delivered once)."""

    def __init__(self, ctx: Context, interval: float = 300.0) -> None:
        super().__init__(interval)
        self._ctx = ctx

    async def publish_pending(self) -> int:
        """One pass over the open rounds."""
        await send_due_reminders(self._ctx, self._ctx.clock())
        return 0  # then wait a full interval: reminders are daily


class DigestSweeper(PollingLoop):
    """Queues the digests due every `interval` seconds (idempotent)."""

    def __init__(self, ctx: Context, hour: int, interval: float = 300.0) -> None:
        super().__init__(interval)
        self._ctx, self._hour = ctx, hour

    async def publish_pending(self) -> int:
        """One pass."""
        await send_digests(self._ctx, self._ctx.clock(), self._hour)
        return 0
