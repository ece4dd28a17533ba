"""What the access service's use cases work through."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from access.adapters.bindings import BindingRepository
from emutrack_kit.clock import HANOI, Clock, system_clock
from emutrack_kit.org_replica import OrgReplica


@dataclass
class Context:
    """The bindings, the organisation tree (replica), the clock."""

    bindings: BindingRepository
    tree: OrgReplica
    clock: Clock = field(default=system_clock)

    def today(self) -> date:
        """Today in Hà Nội."""
        return self.clock().astimezone(HANOI).date()
