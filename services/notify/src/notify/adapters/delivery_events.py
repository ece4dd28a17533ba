"""MongoDB repository of the outbox of `delivery.completed` (docs/decisions/0014).

One document per event, under the event's id (derived from the delivery's), deleted by the relay
once published: the relay's scan stays as small as what is pending.
"""

from __future__ import annotations

from emutrack_contracts import Envelope
from emutrack_kit.repository import Repository
from emutrack_kit.unit_of_work import UnitOfWork


class DeliveryEvents(Repository):
    """The events of ended deliveries, until the relay has published them."""

    collection_name = "delivery_events"

    def stage(self, work: UnitOfWork, event: Envelope) -> None:
        """Stage the event under its own id (`Duplicate` at commit if it was stored before)."""
        work.insert(self.collection, {"_id": str(event.event_id)}, [event])
