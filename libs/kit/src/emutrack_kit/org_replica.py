"""A service's replica of the organisation tree, folded from registration's `unit.*` events.

Every service that needs the tree (authorization, paths, names, drill-down) keeps this one
replica rather than a copy of its own. Applying an event is idempotent: the same event sets the
same units, and a unit's first `unit.created` is never overwritten by a redelivered one.
"""

from __future__ import annotations

import uuid
from typing import Protocol

from pymongo.asynchronous.database import AsyncDatabase

from emutrack_contracts import Envelope
from emutrack_kit.mongo import Document, insert_new
from emutrack_kit.org_tree import Tree, TreeUnit, changed_units, involved_ids, stored, tree_of, unit_of

_STAMP = {"_id": "org_tree"}


class OrgReplica(Protocol):
    """The tree as this service knows it."""

    async def apply(self, envelope: Envelope) -> None: ...

    async def tree(self) -> Tree: ...


class MongoOrgReplica:
    """The replica in the service's database; readers keep the tree cached until it changes."""

    def __init__(self, db: AsyncDatabase[Document], collection: str = "org_units") -> None:
        self._units = db[collection]
        self._stamps = db[f"{collection}_stamp"]
        self._cached: Tree | None = None
        self._token: str | None = None

    async def apply(self, envelope: Envelope) -> None:
        """Fold one `unit.*` event into the stored tree."""
        known: dict[str, TreeUnit] = {}
        for unit_id in involved_ids(envelope):
            doc = await self._units.find_one({"_id": unit_id})
            if doc is not None:
                known[unit_id] = unit_of(doc)
        changed = changed_units(envelope, known)
        for unit in changed:
            if envelope.event_type == "unit.created":
                # Inserted if absent (not an upsert with $setOnInsert: FerretDB drops its nulls and [])
                await insert_new(self._units, [stored(unit)])
            else:
                await self._units.replace_one({"_id": unit.unit_id}, stored(unit), upsert=True)
        if changed:
            # Written after the units: a reader that saw this token also sees them.
            await self._stamps.update_one(_STAMP, {"$set": {"token": uuid.uuid4().hex}}, upsert=True)

    async def tree(self) -> Tree:
        """The whole tree, read again only when a change was stored since the last read."""
        stamp = await self._stamps.find_one(_STAMP)
        token = None if stamp is None else str(stamp["token"])
        if self._cached is None or token != self._token:
            docs = await self._units.find().to_list(None)
            self._cached, self._token = tree_of(unit_of(d) for d in docs), token
        return self._cached


class MemoryOrgReplica:
    """The replica in memory (a rebuild's replay, unit tests)."""

    def __init__(self) -> None:
        self.units: dict[str, TreeUnit] = {}

    async def apply(self, envelope: Envelope) -> None:
        """Fold one `unit.*` event into the tree."""
        known = {i: self.units[i] for i in involved_ids(envelope) if i in self.units}
        for unit in changed_units(envelope, known):
            if envelope.event_type != "unit.created" or unit.unit_id not in self.units:
                self.units[unit.unit_id] = unit

    async def tree(self) -> Tree:
        """The whole tree."""
        return tree_of(self.units.values())

    def documents(self) -> list[Document]:
        """The units in their stored form (a rebuild writes them)."""
        return [stored(u) for u in self.units.values()]
