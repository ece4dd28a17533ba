"""MongoDB queries of role bindings; each change is staged with its event on the unit of work."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from access.domain.bindings import Binding, BindingSearch
from emutrack_contracts import Envelope
from emutrack_kit.auth import Reach, Role
from emutrack_kit.mongo import Document
from emutrack_kit.repository import Page, Repository, reach_query
from emutrack_kit.text import fold
from emutrack_kit.unit_of_work import UnitOfWork

_ORDER = [("unit_id", 1), ("role", 1), ("subject", 1), ("_id", 1)]


class BindingRepository(Repository):
    """Role bindings, one document each, with the path of their unit (for admins' reach)."""

    collection_name = "bindings"

    async def ensure_indexes(self) -> None:
        """A subject's bindings, a unit's, and the ones a restructuring ended."""
        await self.collection.create_index("subject")
        await self.collection.create_index("unit_id")
        await self.collection.create_index("successor_id")
        async for doc in self.collection.find({"name_folded": None}, {"subject": 1, "subject_name": 1}):
            await self.collection.update_one({"_id": doc["_id"]}, {"$set": {"name_folded": _folded(doc)}})

    async def get(self, binding_id: str) -> Binding | None:
        """One binding."""
        doc = await self.document(binding_id)
        return None if doc is None else _binding(doc)

    async def with_digest(self, binding_id: str) -> tuple[Binding, str | None] | None:
        """A binding and the digest of the grant that created it (to answer a retried grant)."""
        doc = await self.document(binding_id)
        return None if doc is None else (_binding(doc), doc.get("request_digest"))

    async def revoke_mark(self, binding_id: str) -> str | None:
        """What identifies the revocation of a binding (its caller, key and reason), if revoked with a key."""
        doc = await self.collection.find_one({"_id": binding_id}, {"revoke_mark": 1})
        return None if doc is None else doc.get("revoke_mark")

    def add(
        self, uow: UnitOfWork, binding: Binding, unit_path: Sequence[str], event: Envelope, digest: str = ""
    ) -> None:
        """Stage a new binding with its `binding.granted` (and the digest of the grant asked)."""
        uow.insert(
            self.collection,
            {
                "_id": binding.binding_id,
                **_fields(binding),
                "unit_path": list(unit_path),
                "request_digest": digest,
            },
            [event],
        )

    def change(
        self, uow: UnitOfWork, before: Binding, after: Binding, event: Envelope, revoke_mark: str = ""
    ) -> None:
        """Stage a revoked or ended binding, if nobody changed it meanwhile."""
        guard = {"_id": before.binding_id, "revoked_at": before.revoked_at, "ended_on": _iso(before.ended_on)}
        mark = {"revoke_mark": revoke_mark} if revoke_mark else {}
        uow.update(self.collection, guard, {"$set": {**_fields(after), **mark}}, [event])

    async def of_subject(self, subject: str) -> list[Binding]:
        """Every binding of a subject."""
        docs = await self.collection.find({"subject": subject}, {"_outbox": 0}).sort(_ORDER).to_list(None)
        return [_binding(d) for d in docs]

    async def open_at(self, unit_id: str) -> list[Binding]:
        """The bindings of a unit not revoked or ended yet."""
        query = {"unit_id": unit_id, "revoked_at": None, "ended_on": None}
        return [_binding(d) for d in await self.collection.find(query, {"_outbox": 0}).to_list(None)]

    async def search(self, reach: Reach, wanted: BindingSearch, limit: int, skip: int) -> Page[Binding]:
        """Bindings within an admin's reach: of a unit's subtree, of a subject, named like `q` sans marks."""
        query: Document = reach_query(reach)
        if wanted.unit_id is not None:
            query = {"$and": [query, {"unit_path": wanted.unit_id}]}
        if wanted.subject is not None:
            query["subject"] = wanted.subject
        words = [{"name_folded": {"$regex": re.escape(word)}} for word in fold(wanted.q).split()]
        if words:
            query = {"$and": [query, *words]}
        page = await self.page(query, _ORDER, limit, skip)
        return Page([_binding(d) for d in page.items], page.total)

    async def ended_into(self, unit_ids: Sequence[str]) -> list[Binding]:
        """Bindings whose unit ended into one of these units (what their admins may grant again)."""
        docs = await self.collection.find({"successor_id": {"$in": list(unit_ids)}}, {"_outbox": 0}).to_list(
            None
        )
        return sorted((_binding(d) for d in docs), key=lambda b: (b.unit_id, b.role, b.subject))


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _folded(doc: Document) -> str:
    """The person's name and user name without marks, for searching (`tran van duc tvduc`)."""
    return fold(f"{doc['subject_name']} {doc['subject']}")


def _fields(b: Binding) -> dict[str, Any]:
    return {
        "subject": b.subject,
        "subject_name": b.subject_name,
        "name_folded": _folded({"subject": b.subject, "subject_name": b.subject_name}),
        "role": b.role.value,
        "unit_id": b.unit_id,
        "unit_name": b.unit_name,
        "valid_from": b.valid_from.isoformat(),
        "valid_to": _iso(b.valid_to),
        "granted_by": b.granted_by,
        "reason": b.reason,
        "granted_at": b.granted_at,
        "revoked_at": b.revoked_at,
        "revoked_by": b.revoked_by,
        "revoke_reason": b.revoke_reason,
        "ended_on": _iso(b.ended_on),
        "successor_id": b.successor_id,
    }


def _day(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _binding(doc: Document) -> Binding:
    valid_from = _day(doc["valid_from"])
    assert valid_from is not None
    return Binding(
        binding_id=str(doc["_id"]),
        subject=doc["subject"],
        subject_name=doc["subject_name"],
        role=Role(doc["role"]),
        unit_id=doc["unit_id"],
        unit_name=doc["unit_name"],
        valid_from=valid_from,
        valid_to=_day(doc.get("valid_to")),
        granted_by=doc["granted_by"],
        reason=doc["reason"],
        granted_at=doc["granted_at"],
        revoked_at=doc.get("revoked_at"),
        revoked_by=doc.get("revoked_by"),
        revoke_reason=doc.get("revoke_reason"),
        ended_on=_day(doc.get("ended_on")),
        successor_id=doc.get("successor_id"),
    )
