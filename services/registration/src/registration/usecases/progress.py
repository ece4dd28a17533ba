"""What review does with a dossier reaches its submitter: every step shown on the dossier."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from registration.domain.history import HistoryEntry
from registration.usecases.context import Context

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReviewStep:
    """A step review took on a dossier (received, returned, appraised, ...), told by one event."""

    dossier_id: str
    event_id: str
    step: HistoryEntry


async def follow_review(ctx: Context, step: ReviewStep) -> None:
    """Record the review's step on the dossier, once per event (a dossier of another service is skipped)."""
    if not await ctx.dossiers.follow(step.dossier_id, step.event_id, step.step):
        log.info("dossier %s: step %s already shown or dossier unknown", step.dossier_id, step.step.status)
