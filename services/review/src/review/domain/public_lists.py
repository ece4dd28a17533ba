"""What the law makes public of commendation (công khai): decisions' awardees, candidates under comment.

Public means a name, the unit it belongs to, the award, the deciding level, the decision's number
and day, or the comment period's days and channel — never an account, a ballot, an appraisal or a
person's identifiers (ADR 0026).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class PublicAwardee:
    """A collective or person named in a decision, and its unit."""

    name: str
    unit_name: str
    kind: str  # collective | individual


@dataclass(frozen=True)
class PublicDecision:
    """A decision as published: number, day, the level that decided, the award, the awardees."""

    decision_id: str
    number: str
    signed_on: date
    level_name: str
    award_name: str
    awardees: tuple[PublicAwardee, ...]


@dataclass(frozen=True)
class PublicCandidate:
    """A candidate under public comment: who, which award, where published, until when."""

    name: str
    unit_name: str
    award_name: str
    level_name: str
    published_on: date
    ends_on: date
    channel: str
