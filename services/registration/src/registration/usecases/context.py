"""What every use case works through: the service's repositories and its clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from emutrack_kit.clock import HANOI, Clock
from registration.adapters.conferences import ConferenceRepository
from registration.adapters.dossiers import AttachmentStore, DossierRepository
from registration.adapters.movements import CalendarRepository, MovementRepository
from registration.adapters.people import FormLists, PeopleLists
from registration.adapters.people_index import PeopleIndex
from registration.adapters.registrations import RegistrationRepository
from registration.adapters.rounds import RoundRepository
from registration.adapters.submissions import SubmissionRepository
from registration.adapters.units import UnitRepository

SYSTEM_ACTOR = "system:seed"  # the actor of what the seed writes


@dataclass  # not frozen: a test moves the clock of a running app between calls
class Context:
    """The registration service's repositories and clock; bootstrap wires real ones, tests may wire others."""

    units: UnitRepository
    rounds: RoundRepository
    registrations: RegistrationRepository
    people: PeopleLists
    forms: FormLists
    people_index: PeopleIndex
    dossiers: DossierRepository
    files: AttachmentStore
    movements: MovementRepository
    calendars: CalendarRepository
    submissions: SubmissionRepository
    conferences: ConferenceRepository
    clock: Clock

    def now(self) -> datetime:
        """The current moment, by the injected clock."""
        return self.clock()

    def today(self) -> date:
        """Today's date in Hà Nội, by the injected clock."""
        return self.clock().astimezone(HANOI).date()
