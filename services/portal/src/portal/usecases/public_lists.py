"""The public lists (công khai): candidates under public comment and decisions, read without signing in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from portal.adapters.api import ServiceApi

PAGE = 20


@dataclass(frozen=True)
class PublicPage:
    """Candidates under comment today, and a page of decisions (the latest first)."""

    candidates: list[dict[str, Any]]
    decisions: list[dict[str, Any]]
    total: int
    skip: int


async def public_page(review: ServiceApi, skip: int) -> PublicPage:
    """What the law makes public, as review publishes it."""
    candidates = await review.get("/public/comments")
    found = await review.get("/public/decisions", limit=PAGE, skip=skip)
    return PublicPage(list(candidates), list(found["items"]), int(found["total"]), skip)
