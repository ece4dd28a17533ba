"""A decision as review keeps and publishes it: its id, each awardee's year, its hash, its level's path."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass

from review.domain.decisions import Decision


@dataclass(frozen=True)
class IssuedDecision:
    """An issued decision: `years` gives the emulation year each awardee's award honours (by nomination)."""

    decision_id: str
    decision: Decision
    award_name: str
    years: Mapping[str, int | None]
    content_hash: str
    level_path: tuple[str, ...]
    central_body: str | None = None  # a decision taken above the city, recorded by the level that sent it

    def awardees(self) -> list[dict[str, object]]:
        """Each awardee as published, with the year its award honours."""
        return [{**asdict(a), "year": self.years.get(a.nomination_id)} for a in self.decision.awardees]

    def public(self) -> dict[str, object]:
        """As stored and shown (the signing day as an ISO date)."""
        d = self.decision
        return {
            "decision_id": self.decision_id,
            "number": d.number,
            "signed_on": d.signed_on.isoformat(),
            "signer_id": d.signer_id,
            "level_unit_id": d.level_unit_id,
            "award_code": d.award_code,
            "award_name": self.award_name,
            "awardees": self.awardees(),
            "ballot_ids": list(d.ballot_ids),
            "content_hash": self.content_hash,
            "level_path": list(self.level_path),
            "central_body": self.central_body,
        }
