"""Follow the organisation tree: fold the `unit.*` events into the replica (docs/decisions/0019)."""

from __future__ import annotations

from emutrack_contracts import Envelope
from notify.usecases.context import Context


async def follow_tree(ctx: Context, change: Envelope) -> None:
    """Fold one `unit.*` event into the dated tree (names, paths, the units a round expects)."""
    await ctx.tree.apply(change)
