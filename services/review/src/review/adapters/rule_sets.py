"""MongoDB queries of the award rule sets: the shipped defaults until the standing office revises them."""

from __future__ import annotations

from collections.abc import Sequence

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from emutrack_kit.mongo import Document
from emutrack_kit.repository import Repository
from emutrack_kit.unit_of_work import Duplicate
from review.domain.rules import RuleSet, parse_rule_set, rule_set_to_dict


class RuleSetRepository(Repository):
    """Versions per award (`_id` = "<award>@<version>"); an award never revised uses the defaults."""

    collection_name = "rule_sets"

    def __init__(self, db: AsyncDatabase[Document], defaults: Sequence[RuleSet]) -> None:
        super().__init__(db)
        self._defaults = tuple(defaults)

    async def versions(self, award: str) -> list[RuleSet]:
        """Every version of the award's rules, oldest first."""
        stored = await self.collection.find({"award": award}).to_list(None)
        if not stored:
            return sorted((rs for rs in self._defaults if rs.award == award), key=lambda rs: rs.version)
        return sorted((parse_rule_set(d["rule_set"]) for d in stored), key=lambda rs: rs.version)

    async def all(self) -> list[RuleSet]:
        """Every version of every award (stored ones replace the defaults of their award)."""
        stored = [parse_rule_set(d["rule_set"]) for d in await self.collection.find({}).to_list(None)]
        revised = {rs.award for rs in stored}
        return [*stored, *(rs for rs in self._defaults if rs.award not in revised)]

    async def add_revision(self, versions: Sequence[RuleSet], new: RuleSet, by: str) -> None:
        """Store all versions of the award with the new one; `Duplicate` if that version was taken."""
        for rs in versions:  # the defaults (or the closed version) become stored versions
            doc = {"award": rs.award, "version": rs.version, "rule_set": rule_set_to_dict(rs)}
            await self.collection.update_one({"_id": f"{rs.award}@{rs.version}"}, {"$set": doc}, upsert=True)
        key = f"{new.award}@{new.version}"
        try:
            await self.collection.insert_one(
                {
                    "_id": key,
                    "award": new.award,
                    "version": new.version,
                    "rule_set": rule_set_to_dict(new),
                    "by": by,
                }
            )
        except DuplicateKeyError as exc:
            raise Duplicate(self.collection_name, key) from exc
