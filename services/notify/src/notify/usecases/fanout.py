"""Fan news out to its recipients on every channel they chose, each delivery once (docs/decisions/0014).

In-app messages are stored at once. E-mails and webhook calls are logged and queued (or held for
the recipient's digest); the delivery workers send them, so a slow or dead channel never holds up
the consumer or the other channels. A recipient's unit is placed on the tree of the news' day.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Sequence

from emutrack_kit.clock import HANOI
from notify.domain.outgoing import News, Outgoing, Place, plan
from notify.domain.routing import Recipient
from notify.domain.settings import UnitSettings
from notify.usecases.context import Context
from notify.usecases.rendering import Renderer

Telling = tuple[News, Sequence[Recipient]]  # a piece of news and who hears of it


async def fan_out(ctx: Context, news: News, recipients: Sequence[Recipient]) -> int:
    """Deliver the news to every recipient on its channels; returns how many deliveries were new."""
    return await fan_out_all(ctx, [(news, recipients)])


async def fan_out_all(ctx: Context, items: Sequence[Telling], reads: int = 32) -> int:
    """Deliver several pieces of news at once: units' settings read concurrently, writes in bulk."""
    by_unit: dict[tuple[int, str], list[Recipient]] = {}
    for index, (_, recipients) in enumerate(items):
        for r in recipients:
            by_unit.setdefault((index, r.unit_id), []).append(r)
    if not by_unit:
        return 0
    settings = await _settings_of(ctx, sorted({unit for _, unit in by_unit}), reads)
    tree = await ctx.tree.tree()
    overrides = await ctx.overrides.all()
    renderers = [Renderer(ctx.templates, overrides, news) for news, _ in items]
    out = Outgoing()
    for (index, unit_id), roles in by_unit.items():
        news = items[index][0]
        path = tree.path_on(unit_id, news.occurred_at.astimezone(HANOI).date()) or (unit_id,)
        render = functools.partial(renderers[index].render, path=path)
        plan(news, roles, settings[unit_id], Place(unit_id, path), render, out)
    new = await ctx.inbox.deliver(out.inbox)
    return new + await ctx.deliveries.record(out.queued, out.held)


async def _settings_of(ctx: Context, unit_ids: Sequence[str], reads: int) -> dict[str, UnitSettings]:
    gate = asyncio.Semaphore(reads)

    async def read(unit_id: str) -> UnitSettings:
        async with gate:
            return await ctx.unit_settings.of(unit_id)

    return dict(zip(unit_ids, await asyncio.gather(*(read(u) for u in unit_ids)), strict=True))
