"""What every use case of review works through: its repositories, the clock and the tree replica."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from emutrack_kit.clock import HANOI, Clock, system_clock
from emutrack_kit.org_replica import MongoOrgReplica
from emutrack_kit.pdf import PdfConverter
from review.adapters.chain import ChainRepository
from review.adapters.clusters import ClusterRepository
from review.adapters.councils import BallotRepository, CouncilRepository, SessionRepository
from review.adapters.decisions import AwardHistory, DecisionRepository, QuotaSnapshots
from review.adapters.holidays import HolidayRepository
from review.adapters.initiatives import InitiativeRepository
from review.adapters.nominations import NominationRepository
from review.adapters.register import EvaluationRegister, RegisteredPeople
from review.adapters.rule_sets import RuleSetRepository


@dataclass(frozen=True)
class Context:
    """Review's repositories, its clock and its replica of the organisation tree (`tree`)."""

    register: EvaluationRegister
    people: RegisteredPeople
    nominations: NominationRepository
    councils: CouncilRepository
    sessions: SessionRepository
    ballots: BallotRepository
    chain: ChainRepository
    tree: MongoOrgReplica
    decisions: DecisionRepository
    awards: AwardHistory
    clusters: ClusterRepository
    quota_snapshots: QuotaSnapshots
    rules: RuleSetRepository
    initiatives: InitiativeRepository
    holidays: HolidayRepository
    clock: Clock = system_clock
    pdf: PdfConverter = field(default_factory=PdfConverter)

    def today(self) -> date:
        """Today in Hà Nội: the day whose tree a step reads."""
        return self.clock().astimezone(HANOI).date()
