"""Journey 4's scoring: the criteria set, the cross-inspection draw, the head's adjustments, score sheets.

Each write sends what the person typed as they typed it; a refusal comes back with its field errors
keyed by the form's inputs (and unit ids replaced by names) for the page to show beside them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from portal.adapters.api import ApiError, ServiceApi
from portal.domain.clusters import typed_points
from portal.domain.clusters_forms import Row, criteria_form, sheet_form
from portal.usecases.clusters import as_read


async def save_criteria(
    review: ServiceApi, cluster_id: str, rows: list[Row], declared_total: str, names: Mapping[str, str]
) -> None:
    """The head (or the office) saves the criteria set typed as rows: a new version."""
    form = criteria_form(rows, declared_total)
    try:
        await review.put(f"/clusters/{cluster_id}/criteria", form.body)
    except ApiError as error:
        raise as_read(error, names, form.errors(error.fields)) from None


async def copy_criteria(
    review: ServiceApi, cluster_id: str, from_cluster_id: str, names: Mapping[str, str]
) -> None:
    """Start the criteria from another (earlier) cluster's set."""
    if not from_cluster_id:
        raise ApiError(422, "NO_SOURCE", "Hãy chọn cụm có bộ tiêu chí để sao chép.", "from_cluster_id",
                       {"from_cluster_id": "Hãy chọn cụm có bộ tiêu chí để sao chép."})  # fmt: skip
    try:
        await review.post(f"/clusters/{cluster_id}/criteria/copy-from/{from_cluster_id}")
    except ApiError as error:
        raise as_read(error, names, {"from_cluster_id": error.message, **error.fields}) from None


async def earlier_sets(review: ServiceApi, cluster: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Clusters of earlier years the person reads, to copy the criteria from (those that have a set)."""
    found = await review.get("/clusters", limit=100)
    return [
        c
        for c in found["items"]
        if c["year"] < cluster["year"] and c["stage"] != "new" and c["cluster_id"] != cluster["cluster_id"]
    ]


def _typed_int(text: str) -> int | str:
    cleaned = text.strip()
    return int(cleaned) if cleaned.isdigit() else cleaned


async def draw(review: ServiceApi, cluster_id: str, k: str, seed: str, names: Mapping[str, str]) -> None:
    """The head draws the cross-inspection: k peers per member, from a seed anyone can replay."""
    try:
        await review.post(f"/clusters/{cluster_id}/inspections", {"k": _typed_int(k), "seed": seed})
    except ApiError as error:
        raise as_read(error, names, {"k": error.message} if error.field == "assignment" else None) from None


async def adjust(
    review: ServiceApi, cluster_id: str, form: Mapping[str, str], key: str, names: Mapping[str, str]
) -> None:
    """The head adjusts a member's result with a reason (the form's key: a double click adjusts once)."""
    body = {"unit_id": form.get("unit_id", ""), "delta": typed_points(form.get("delta", "")),
            "reason": form.get("reason", "")}  # fmt: skip
    try:
        await review.post(f"/clusters/{cluster_id}/adjustments", body, key=key)
    except ApiError as error:
        raise as_read(error, names) from None


async def submit_sheet(
    review: ServiceApi,
    cluster: Mapping[str, Any],
    scored_id: str,
    scorer_id: str,
    form: Mapping[str, str],
    names: Mapping[str, str],
) -> None:
    """A member's officer or head fills a sheet: its own (self-assessment) or an assigned peer's."""
    kind = "self" if scorer_id == scored_id else "cross"
    sheet = sheet_form(cluster["criteria"], scorer_id, kind, form)
    try:
        await review.put(f"/clusters/{cluster['cluster_id']}/sheets/{scored_id}", sheet.body)
    except ApiError as error:
        raise as_read(error, names, sheet.errors(error.fields)) from None
