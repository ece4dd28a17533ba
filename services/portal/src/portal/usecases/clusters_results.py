"""Journey 4's results: the frozen ranking and its verification, the honouring vote and its result."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from portal.adapters.api import ApiError, ServiceApi
from portal.usecases.clusters import as_read


async def publish(review: ServiceApi, cluster_id: str, normalise: bool, names: Mapping[str, str]) -> None:
    """The head publishes the ranking: combined by the documented method, frozen with its hash."""
    try:
        await review.post(f"/clusters/{cluster_id}/ranking", {"normalise": normalise})
    except ApiError as error:
        raise as_read(error, names, {"normalise": error.message}) from None


@dataclass(frozen=True)
class Check:
    """Review recomputed the ranking from the stored sheets: the hash published and the one recomputed."""

    content_hash: str
    recomputed_hash: str
    matches: bool


async def verify(review: ServiceApi, cluster_id: str) -> Check:
    """Ask review to recompute the ranking from its frozen inputs and compare the hashes."""
    found = await review.get(f"/clusters/{cluster_id}/ranking/verification")
    return Check(found["content_hash"], found["recomputed_hash"], bool(found["recomputed_matches"]))


def _count(text: str, default: int) -> int | str:
    cleaned = text.strip()
    if not cleaned:
        return default
    return int(cleaned) if cleaned.isdigit() else cleaned


async def open_vote(
    review: ServiceApi, cluster_id: str, form: Mapping[str, str], names: Mapping[str, str]
) -> None:
    """The head opens the honouring vote: the award, approvals per paper, how many units lead."""
    body = {
        "award_code": form.get("award_code", ""),
        "max_approvals": _count(form.get("max_approvals", ""), 1),
        "top_n": _count(form.get("top_n", ""), 1),
    }
    try:
        await review.post(f"/clusters/{cluster_id}/honouring", body)
    except ApiError as error:
        placed = {"award_code": error.message} if error.field == "cluster_id" else None
        raise as_read(error, names, placed) from None


async def vote(
    review: ServiceApi, cluster_id: str, voter_unit_id: str, approvals: list[str], names: Mapping[str, str]
) -> None:
    """A member unit's head approves candidates (secret: only that the unit voted is kept)."""
    body = {"voter_unit_id": voter_unit_id, "approvals": approvals}
    try:
        await review.post(f"/clusters/{cluster_id}/honouring/votes", body)
    except ApiError as error:  # whatever it names (marks, the voter, the ballot): beside the choices
        raise as_read(error, names, {"approvals": next(iter(error.fields.values()), error.message)}) from None


async def close_vote(review: ServiceApi, cluster_id: str, names: Mapping[str, str]) -> None:
    """The head closes the vote: the leading units become nominations at the cluster's level."""
    try:
        await review.post(f"/clusters/{cluster_id}/honouring/close")
    except ApiError as error:
        raise as_read(error, names, {"close": error.message}) from None


@dataclass(frozen=True)
class Candidate:
    """A candidate's line in the honouring result."""

    unit_id: str
    name: str
    approvals: int
    rank: int
    leading: bool


def honouring_result(honouring: Mapping[str, Any] | None, names: Mapping[str, str]) -> list[Candidate]:
    """The closed vote's candidates in rank order, named."""
    result: Mapping[str, Any] = (honouring or {}).get("result") or {}
    return [
        Candidate(
            c["unit_id"], names.get(c["unit_id"], c["unit_id"]), c["approvals"], c["rank"], c["leading"]
        )
        for c in sorted(result.get("candidates", []), key=lambda c: int(c["rank"]))
    ]


def ranking_rows(results: Mapping[str, Any] | None, names: Mapping[str, str]) -> list[dict[str, Any]]:
    """The published ranking's rows with each unit's and each inspector's name."""
    rows = []
    for row in (results or {}).get("ranking", []):
        crosses = [
            {**c, "name": names.get(c["inspector"], c["inspector"])} for c in row.get("cross_totals", [])
        ]
        rows.append({**row, "name": names.get(row["unit_id"], row["unit_id"]), "crosses": crosses})
    return rows
