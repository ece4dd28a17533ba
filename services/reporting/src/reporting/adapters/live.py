"""The live unit of work: reporting's read models in its database, written through record by record."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from emutrack_kit.mongo import Document
from emutrack_kit.org_replica import MongoOrgReplica
from reporting.adapters.awardees import AwardeeBook
from reporting.adapters.calendars import CalendarBook
from reporting.adapters.counters import CounterRepository
from reporting.adapters.facts import FactRepository
from reporting.adapters.lists import ListRepository
from reporting.adapters.parked import ParkedEvents
from reporting.adapters.progress import NominationProgress
from reporting.adapters.rankings import RankingBook
from reporting.adapters.rounds import RoundBook
from reporting.adapters.submissions import SubmissionKinds


class LiveUnitOfWork:
    """Every read model on the service's database; each write goes through as the use case makes it.

    A use case orders its writes so that a crash between two is safe: the fact first, whose stored
    delta a redelivery applies, then the state, then the guarded counters (docs/decisions/0003).
    """

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.facts = FactRepository(db)
        self.counters = CounterRepository(db)
        self.lists = ListRepository(db)
        self.rounds = RoundBook(db)
        self.parked = ParkedEvents(db)
        self.awardees = AwardeeBook(db)
        self.submissions = SubmissionKinds(db)
        self.progress = NominationProgress(db)
        self.rankings = RankingBook(db)
        self.calendars = CalendarBook(db)
        self.tree = MongoOrgReplica(db)

    async def commit(self) -> None:
        """Nothing is held: every write already went through, in the order the use case made it."""
