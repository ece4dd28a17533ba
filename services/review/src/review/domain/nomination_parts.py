"""What a nomination carries at its level besides its status: the dossier's parts and each step's result.

The dossier's parts (attachments, linked initiatives, declared awards) come with
`nomination.submitted`; the appraisal, the council's tally, the public-comment period and the lower
levels' endorsements are added by the level's steps. Each has a `public()` form: the JSON it is
stored and shown as (the tally's and the appraisal's are frozen with their content hash).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from fractions import Fraction
from typing import Any

from review.domain.ballots import Base, Tally, ThresholdRule, Turnout
from review.domain.integrity import JsonObject
from review.domain.sessions import ItemResult


@dataclass(frozen=True)
class Attachment:
    """A document of the dossier (the bytes stay in registration)."""

    attachment_id: str
    kind: str
    filename: str
    file_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class LinkedInitiative:
    """An initiative the dossier relies on."""

    submission_id: str
    title: str
    recognition_level: str


@dataclass(frozen=True)
class AppraisalRecord:
    """The latest appraisal of a nomination: the rules' answer, frozen with its inputs and hash."""

    verdict: str
    rule_set: str | None
    legal_basis: str | None
    results: tuple[JsonObject, ...]
    inputs: JsonObject
    method: str
    content_hash: str
    by: str
    at: datetime

    def public(self) -> dict[str, Any]:
        """As stored and shown."""
        return {**self.__dict__, "results": list(self.results)}


@dataclass(frozen=True)
class CouncilTally:
    """The council's published tally of a nomination at its level (never who voted what), with its hash."""

    session_id: str
    tally: Tally
    passed: bool
    content_hash: str

    def public(self) -> dict[str, object]:
        """As stored and shown: the tally's counts and rule, the session, the threshold, the hash."""
        rule = self.tally.rule
        return {
            **self.tally.public(),
            "passed": self.passed,
            "session_id": self.session_id,
            "threshold": {"share": str(rule.share), "of": rule.of},
            "content_hash": self.content_hash,
        }

    def result(self, nomination_id: str, level_unit_id: str, award_code: str) -> ItemResult:
        """The item result a decision or a forwarding rests on."""
        rule = self.tally.rule
        return ItemResult(
            self.session_id, level_unit_id, nomination_id, award_code, rule, self.tally, self.passed
        )


def council_tally(stored: JsonObject) -> CouncilTally:
    """A tally from its public form."""
    rule = ThresholdRule(Fraction(stored["rule"]["share"]), _base(stored["rule"]["of"]))
    turnout = Turnout(stored["members"], stored["present"], stored["written"], stored["votes_cast"])
    tally = Tally(
        stored["ballot_id"], stored["question"], turnout, stored["yes"], stored["no"], stored["abstain"], rule
    )
    return CouncilTally(stored["session_id"], tally, bool(stored["passed"]), stored["content_hash"])


def _base(of: str) -> Base:
    bases: dict[str, Base] = {"all_members": "all_members", "present": "present", "votes_cast": "votes_cast"}
    return bases[of]


@dataclass(frozen=True)
class EndorsementRecord:
    """A lower level's appraisal hash and council tally, carried up with the nomination it forwarded."""

    level_unit_id: str
    appraisal_hash: str
    tally: CouncilTally

    def public(self) -> dict[str, object]:
        """As stored and shown."""
        return {
            "level_unit_id": self.level_unit_id,
            "appraisal_hash": self.appraisal_hash,
            "tally": self.tally.public(),
        }


@dataclass(frozen=True)
class PublicComment:
    """The public-comment period of a voted nomination: from when, where, how many working days, until."""

    published_on: date
    channel: str
    working_days: int
    ends_on: date
    by: str
    at: datetime

    def public(self) -> dict[str, object]:
        """As stored and shown (days as ISO dates)."""
        return {
            **asdict(self),
            "published_on": self.published_on.isoformat(),
            "ends_on": self.ends_on.isoformat(),
        }


@dataclass(frozen=True)
class ClusterEvidence:
    """Why an honoured unit arrives as a nomination: its cluster, the ranking's hash, its score row."""

    cluster_id: str
    ranking_hash: str
    score: JsonObject
