"""Role bindings as data: every service keeps a replica of the access service's bindings.

A binding is (subject, role, unit, valid from, valid to), granted and revoked by the admins of each
level in the access service, published on `emt.access.bindings` keyed by subject. Each service
folds them into its own collection (`role_bindings`); the HTTP processes read a caller's bindings
from it, cached for a few seconds, so a revocation holds everywhere within a minute (ADR 0021).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from pymongo.asynchronous.database import AsyncDatabase

from emutrack_contracts import Envelope
from emutrack_contracts.events.access import BindingEnded, BindingGranted, BindingRevoked
from emutrack_kit.auth import Role, RoleBinding
from emutrack_kit.clock import HANOI, Clock, system_clock
from emutrack_kit.messages import payload_of
from emutrack_kit.mongo import Document, insert_new

BINDING_EVENTS = ("binding.granted", "binding.revoked", "binding.ended")
_ROLES = frozenset(r.value for r in Role)


@dataclass(frozen=True)
class HeldBinding:
    """A binding as a service holds it: active from its first day to its last, unless revoked."""

    binding_id: str
    subject: str
    role: str
    unit_id: str
    valid_from: date
    valid_to: date | None = None
    revoked_at: datetime | None = None

    def active_at(self, moment: datetime) -> bool:
        """True if the binding holds at `moment` (its days are Hà Nội's)."""
        day = moment.astimezone(HANOI).date()
        if self.revoked_at is not None and moment >= self.revoked_at:
            return False
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def held_of(doc: Document) -> HeldBinding:
    """A binding from its stored form."""
    return HeldBinding(
        binding_id=str(doc["_id"]),
        subject=str(doc["subject"]),
        role=str(doc["role"]),
        unit_id=str(doc["unit_id"]),
        valid_from=date.fromisoformat(doc["valid_from"]),
        valid_to=None if doc.get("valid_to") is None else date.fromisoformat(doc["valid_to"]),
        revoked_at=doc.get("revoked_at"),
    )


class BindingReplica(Protocol):
    """The bindings this service knows."""

    async def apply(self, envelope: Envelope) -> None: ...

    async def of_subject(self, subject: str) -> list[HeldBinding]: ...


class MongoBindingReplica:
    """The replica in the service's database (collection `role_bindings`)."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._bindings = db["role_bindings"]

    async def ensure_indexes(self) -> None:
        """A caller's bindings are read by subject."""
        await self._bindings.create_index("subject")

    async def apply(self, envelope: Envelope) -> None:
        """Fold one `binding.*` event (idempotent: the same event sets the same binding)."""
        if envelope.event_type == "binding.granted":
            g = payload_of(envelope, BindingGranted)
            doc = {
                "_id": g.binding_id,
                "subject": g.subject,
                "role": g.role,
                "unit_id": g.unit_id,
                "valid_from": g.valid_from.isoformat(),
                "valid_to": None if g.valid_to is None else g.valid_to.isoformat(),
                "revoked_at": None,
            }
            await insert_new(self._bindings, [doc])
        elif envelope.event_type == "binding.revoked":
            r = payload_of(envelope, BindingRevoked)
            await self._bindings.update_one({"_id": r.binding_id}, {"$set": {"revoked_at": r.revoked_at}})
        elif envelope.event_type == "binding.ended":
            e = payload_of(envelope, BindingEnded)
            last = e.last_day.isoformat()
            await self._bindings.update_one(
                {"_id": e.binding_id, "$or": [{"valid_to": None}, {"valid_to": {"$gt": last}}]},
                {"$set": {"valid_to": last}},
            )

    async def of_subject(self, subject: str) -> list[HeldBinding]:
        """Every binding of a subject, active or not."""
        return [held_of(d) for d in await self._bindings.find({"subject": subject}).to_list(None)]


class BindingResolver:
    """A caller's active bindings, read from the replica and kept for `ttl` seconds per subject."""

    def __init__(
        self,
        replica: BindingReplica,
        clock: Clock = system_clock,
        ttl: float = 15.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._replica = replica
        self._clock = clock
        self._ttl = ttl
        self._monotonic = monotonic
        self._cache: dict[str, tuple[float, list[HeldBinding]]] = {}

    async def bindings_of(self, subject: str) -> tuple[RoleBinding, ...]:
        """The subject's bindings active now (a revocation is seen within `ttl` of reaching the replica)."""
        now = self._monotonic()
        cached = self._cache.get(subject)
        if cached is None or now - cached[0] > self._ttl:
            cached = (now, await self._replica.of_subject(subject))
            self._cache[subject] = cached
        moment = self._clock()
        return tuple(
            RoleBinding(Role(b.role), b.unit_id)
            for b in sorted(cached[1], key=lambda b: b.binding_id)
            if b.active_at(moment) and b.role in _ROLES
        )
