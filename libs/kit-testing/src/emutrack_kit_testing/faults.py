"""Fault injection for crash tests: a consumer process that dies right after storing an event's effects."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from emutrack_contracts import Envelope

log = logging.getLogger(__name__)
CRASH_EXIT_CODE = 86


def crash_after(event_type: str) -> Callable[[Envelope], None]:
    """A hook that ends the process (no cleanup, no offset commit) once an event of this type is stored."""

    def crash_if_asked(envelope: Envelope) -> None:
        if envelope.event_type == event_type:
            log.warning("fault injection: exiting after the effects of %s", envelope.event_id)
            os._exit(CRASH_EXIT_CODE)

    return crash_if_asked
