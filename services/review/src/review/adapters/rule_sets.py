"""MongoDB queries of the award rule sets: the shipped defaults until the standing office revises them."""

from __future__ import annotations

from collections.abc import Sequence

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from emutrack_kit.mongo import Document
from review.domain.rules import RuleSet, parse_rule_set, rule_set_to_dict


class ConcurrentRevision(Exception):
    """Another revision of the same award was stored first."""


class RuleSetRepository:
    """Versions per award (`_id` = "<award>@<version>"); an award never revised uses the defaults."""

    def __init__(self, db: AsyncDatabase[Document], defaults: Sequence[RuleSet]) -> None:
        self._sets = db["rule_sets"]
        self._defaults = tuple(defaults)

    async def versions(self, award: str) -> list[RuleSet]:
        """Every version of the award's rules, oldest first."""
        stored = await self._sets.find({"award": award}).to_list(None)
        if not stored:
            return sorted((rs for rs in self._defaults if rs.award == award), key=lambda rs: rs.version)
        return sorted((parse_rule_set(d["rule_set"]) for d in stored), key=lambda rs: rs.version)

    async def all(self) -> list[RuleSet]:
        """Every version of every award (stored ones replace the defaults of their award)."""
        stored = [parse_rule_set(d["rule_set"]) for d in await self._sets.find({}).to_list(None)]
        revised = {rs.award for rs in stored}
        return [*stored, *(rs for rs in self._defaults if rs.award not in revised)]

    async def add_revision(self, versions: Sequence[RuleSet], new: RuleSet, by: str) -> None:
        """Store all versions of the award with the new one; ConcurrentRevision if it was taken."""
        for rs in versions:  # the defaults (or the closed version) become stored versions
            doc = {"award": rs.award, "version": rs.version, "rule_set": rule_set_to_dict(rs)}
            await self._sets.update_one({"_id": f"{rs.award}@{rs.version}"}, {"$set": doc}, upsert=True)
        try:
            await self._sets.insert_one(
                {"_id": f"{new.award}@{new.version}", "award": new.award, "version": new.version,
                 "rule_set": rule_set_to_dict(new), "by": by}
            )  # fmt: skip
        except DuplicateKeyError as exc:
            raise ConcurrentRevision(new.award) from exc
