"""What every use case of reporting works through."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from emutrack_kit.clock import HANOI, Clock, system_clock
from emutrack_kit.pdf import PdfConverter
from reporting.usecases.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Context:
    """The unit of work of the path counting (live, batch or rebuild: docs/decisions/0017) and the clock."""

    work: UnitOfWork
    clock: Clock = field(default=system_clock)
    pdf: PdfConverter = field(default_factory=PdfConverter)

    def today(self) -> date:
        """Today in Hà Nội."""
        return self.clock().astimezone(HANOI).date()
