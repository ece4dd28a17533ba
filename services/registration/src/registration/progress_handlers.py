"""What review does with a dossier reaches its submitter: every step shown on the dossier."""

from __future__ import annotations

import logging

from emutrack_contracts import Envelope
from emutrack_contracts.events.review import NominationStatusChanged
from emutrack_kit.consumer import Position
from registration.handlers import Deps

log = logging.getLogger(__name__)


async def on_nomination_status_changed(deps: Deps, envelope: Envelope, _: Position) -> None:
    """Record the review's step on the dossier (received, returned with reasons, appraised, ...)."""
    payload = NominationStatusChanged.model_validate(envelope.payload)
    history = {
        "status": payload.status,
        "at": payload.changed_at,
        "by": envelope.actor,
        "reason": "; ".join(payload.reasons) or None,
        "level_unit_id": payload.level_unit_id,
    }
    if not await deps.dossiers.follow(payload.dossier_id, str(envelope.event_id), payload.status, history):
        log.info("dossier %s: step %s already shown or dossier unknown", payload.dossier_id, payload.status)
