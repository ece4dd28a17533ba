"""What the access service hears: the organisation tree (bindings end with their unit)."""

from __future__ import annotations

from typing import Any

from access.usecases.context import Context
from access.usecases.tree_changes import follow_tree
from emutrack_kit.messages import Message, Subscribers

SUBSCRIBERS: Subscribers[Context] = Subscribers()


@SUBSCRIBERS.on("unit.created", "unit.moved", "unit.retired", "unit.merged")
async def tree_changed(ctx: Context, m: Message[Any]) -> None:
    """A unit of the tree was created, moved, retired or merged."""
    await follow_tree(ctx, m.envelope)
