"""Journey 4: the clusters a person takes part in, and one cluster as they see it (names, their powers)."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from portal.adapters.api import ApiError, ServiceApi
from portal.domain.clusters import Powers, named, powers, stage_of, vietnamese
from portal.usecases import home

PAGE = 20
SEE_FIELDS = "Một số ô chưa hợp lệ; xem hướng dẫn ngay bên cạnh từng ô."


@dataclass(frozen=True)
class ClusterRow:
    """A cluster in the person's list."""

    cluster_id: str
    name: str
    year: int
    level_name: str
    head_name: str
    stage: str


@dataclass(frozen=True)
class ClusterList:
    """One page of the person's clusters, as searched."""

    items: list[ClusterRow]
    total: int
    q: str
    skip: int
    limit: int = PAGE


async def unit_names(registration: ServiceApi, unit_ids: Iterable[str]) -> dict[str, str]:
    """Each unit's name (its id if the tree does not know it)."""
    wanted = list(dict.fromkeys(unit_ids))

    async def name(unit_id: str) -> str:
        try:
            return str((await registration.get(f"/units/{unit_id}"))["name"])
        except ApiError:
            return unit_id

    return dict(zip(wanted, await asyncio.gather(*(name(u) for u in wanted)), strict=True))


async def cluster_list(review: ServiceApi, registration: ServiceApi, q: str, skip: int) -> ClusterList:
    """The clusters the person may read (their units' and their levels'), newest year first."""
    found = await review.get("/clusters", q=q or None, limit=PAGE, skip=skip)
    items = found["items"]
    names = await unit_names(registration, [u for c in items for u in (c["level_unit_id"], c["head_id"])])
    rows = [
        ClusterRow(
            c["cluster_id"], c["name"], c["year"], names[c["level_unit_id"]], names[c["head_id"]], c["stage"]
        )
        for c in items
    ]
    return ClusterList(rows, found["total"], q, skip)


@dataclass(frozen=True)
class ClusterView:
    """A cluster as review shows it, its units' names, and what the person may do in it."""

    cluster: dict[str, Any]
    names: dict[str, str]
    powers: Powers

    @property
    def cluster_id(self) -> str:
        """The cluster's id."""
        return str(self.cluster["cluster_id"])

    @property
    def stage(self) -> str:
        """How far its year has gone."""
        return stage_of(self.cluster)

    @property
    def members(self) -> list[str]:
        """Member unit ids in the charter's order."""
        return list(self.cluster["member_ids"])

    def name(self, unit_id: str) -> str:
        """A unit's name."""
        return self.names.get(unit_id, unit_id)


async def cluster_view(
    review: ServiceApi, registration: ServiceApi, access: ServiceApi, cluster_id: str, now: datetime
) -> ClusterView:
    """The cluster, the names of its members and level, and the person's powers in it."""
    cluster = await review.get(f"/clusters/{cluster_id}")
    names, places = await asyncio.gather(
        unit_names(registration, [*cluster["member_ids"], cluster["level_unit_id"]]),
        home.workplaces(access, now),
    )
    return ClusterView(cluster, names, powers(cluster, [(p.unit_id, p.roles) for p in places]))


def as_read(error: ApiError, names: Mapping[str, str], placed: Mapping[str, str] | None = None) -> ApiError:
    """A refusal as the person reads it: names for unit ids, field errors keyed by the form's inputs."""
    fields = {k: vietnamese(named(v, names)) for k, v in (error.fields if placed is None else placed).items()}
    message = SEE_FIELDS if error.code == "VALIDATION_ERROR" else named(error.message, names)
    return dataclasses.replace(error, message=message, fields=fields)
