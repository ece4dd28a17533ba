"""MongoDB queries of emulation clusters: one document per cluster and year, changed by compare-and-set."""

from __future__ import annotations

from collections.abc import Sequence

from emutrack_contracts import Envelope
from emutrack_kit.mongo import Document
from emutrack_kit.repository import Page, Repository
from emutrack_kit.text import fold
from emutrack_kit.unit_of_work import UnitOfWork
from review.domain.cluster_record import ClusterRecord, HonouringVote, InspectionDraw, PublishedRanking
from review.domain.clusters import Cluster, ConflictOfInterest
from review.domain.criteria import CriteriaSet, Criterion, Item, Section, new_criteria_set
from review.domain.scoring import HeadAdjustment, Mark, ScoreSheet


class ClusterRepository(Repository):
    """Clusters with their criteria set, inspection assignment, score sheets, adjustments and results."""

    collection_name = "clusters"

    async def get(self, cluster_id: str) -> ClusterRecord | None:
        """One cluster, or None."""
        doc = await self.document(cluster_id)
        return None if doc is None else cluster_of(doc)

    def stage_new(self, uow: UnitOfWork, record: ClusterRecord) -> None:
        """Stage a new cluster (version 1); `Duplicate` at commit if its id exists."""
        shown = {"_id": record.cluster_id, **record.public(), "version": 1}
        uow.insert(self.collection, {**shown, "name_folded": fold(record.cluster.name)})

    async def readable(
        self, member_of: Sequence[str], levels: Sequence[str], year: int | None, q: str, limit: int, skip: int
    ) -> Page[ClusterRecord]:
        """Clusters with a member among `member_of` or organised by one of `levels`; newest year first."""
        query: Document = {
            "$or": [{"member_ids": {"$in": list(member_of)}}, {"level_unit_id": {"$in": list(levels)}}]
        }
        if year is not None:
            query["year"] = year
        words = [word for word in fold(q).split() if word.isalnum()]
        if words:
            query["$and"] = [{"name_folded": {"$regex": word}} for word in words]
        page = await self.page(query, [("year", -1), ("name", 1), ("_id", 1)], limit, skip)
        return Page([cluster_of(d) for d in page.items], page.total)

    def stage_change(
        self, uow: UnitOfWork, after: ClusterRecord, parts: Sequence[str], events: Sequence[Envelope] = ()
    ) -> None:
        """Stage the changed `parts` with their events if the cluster is still at `after`'s version.

        `StaleWrite` at commit if somebody changed it meanwhile.
        """
        shown = after.public()
        update = {"$set": {p: shown[p] for p in parts}, "$inc": {"version": 1}}
        uow.update(self.collection, {"_id": after.cluster_id, "version": after.version}, update, events)


def cluster_of(doc: Document) -> ClusterRecord:
    """The cluster a stored document holds."""
    conflicts = tuple(
        ConflictOfInterest(c["first_id"], c["second_id"], c.get("reason", "")) for c in doc["conflicts"]
    )
    cluster = Cluster(
        doc["_id"], doc["name"], doc["level_unit_id"], doc["year"], tuple(doc["member_ids"]), doc["head_id"],
        doc["deputy_id"], doc.get("charter_ref"), doc.get("covenant_ref"), conflicts,
    )  # fmt: skip
    criteria, assignment, results, honouring = (
        doc.get(k) for k in ("criteria", "assignment", "results", "honouring")
    )
    return ClusterRecord(
        cluster,
        criteria=None if criteria is None else stored_criteria(criteria, cluster.cluster_id, cluster.year),
        assignment=None if assignment is None else _draw(assignment),
        sheets={key: _sheet(s) for key, s in doc["sheets"].items()},
        adjustments=tuple(HeadAdjustment(**a) for a in doc["adjustments"]),
        results=None if results is None else _ranking(results),
        honouring=None
        if honouring is None
        else HonouringVote(**{**honouring, "candidates": tuple(honouring["candidates"])}),
        version=doc["version"],
    )


def stored_criteria(raw: Document, cluster_id: str, year: int) -> CriteriaSet:
    """A cluster's criteria set from its stored shape."""
    sections = tuple(
        Section(s["section_id"], s["title"], tuple(Criterion(**c) for c in s["criteria"]))
        for s in raw["sections"]
    )
    return new_criteria_set(
        CriteriaSet(
            set_id=f"{cluster_id}-tieu-chi",
            cluster_id=cluster_id,
            year=year,
            version=raw["version"],
            sections=sections,
            bonus_items=tuple(Item(**i) for i in raw.get("bonus_items", [])),
            penalty_items=tuple(Item(**i) for i in raw.get("penalty_items", [])),
            declared_total=raw.get("declared_total"),
        )
    )


def _draw(doc: Document) -> InspectionDraw:
    return InspectionDraw(
        doc["k"], doc["seed"], tuple((p["inspector"], p["inspected"]) for p in doc["pairs"])
    )


def _sheet(doc: Document) -> ScoreSheet:
    marks = {k: tuple(Mark(**m) for m in doc[k]) for k in ("marks", "bonuses", "penalties")}
    return ScoreSheet(
        doc["kind"], doc["scorer_id"], doc["scored_id"], doc["set_id"], doc["set_version"], **marks
    )


def _ranking(doc: Document) -> PublishedRanking:
    return PublishedRanking(
        tuple(doc["ranking"]),
        tuple(doc["suspicious_pairs"]),
        doc["method"],
        doc["content_hash"],
        doc["normalised"],
    )
