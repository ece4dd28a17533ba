"""Sample levels, nominations and council votes of the review domain, for the tests of several modules."""

from __future__ import annotations

from datetime import UTC, date, datetime

from review.domain.ballots import BallotBox, ThresholdRule, VoterRoll, cast_vote, close_ballot, tally
from review.domain.decisions import Decision, DecisionDraft, Level, issue_decision
from review.domain.sessions import (
    AppraisalSummary,
    ItemResult,
    Nomination,
    add_item,
    item_ballot,
    open_session,
    plan_session,
    record_attendance,
    record_result,
)

AT = datetime(2024, 3, 20, 9, 0, tzinfo=UTC)
WARD = Level("p-kim-giang", "ward", "UBND phường Kim Giang", frozenset({"ct-kim-giang"}))
DISTRICT = Level("q-thanh-xuan", "district", "UBND quận Thanh Xuân", frozenset({"ct-thanh-xuan"}))
CITY = Level("tp-ha-noi", "city", "UBND Thành phố Hà Nội", frozenset({"ct-ha-noi", "pct-ha-noi"}))
CENTRAL = Level("trung-uong", "central", "Trung ương")


def nomination(
    award: str, level: Level = CITY, dossier: str = "hs-1", name: str = "Nguyễn Thị A"
) -> Nomination:
    """An individual nomination at a level (dossier `hs-1` of Kim Giang unless told)."""
    nid = f"{dossier}@{level.unit_id}"
    return Nomination(nid, dossier, award, "individual", f"cn-{dossier}", name, "p-kim-giang", level.unit_id)


def appraisal(nomination: Nomination, verdict: str = "eligible") -> AppraisalSummary:
    """Its appraisal, eligible unless told."""
    return AppraisalSummary(nomination.nomination_id, verdict, 1, "cd" * 32, date(2024, 3, 1))  # type: ignore[arg-type]


def voted(
    nomination: Nomination, yes: int, members: int = 15, rule: ThresholdRule | None = None
) -> tuple[AppraisalSummary, ItemResult]:
    """The nomination put to its level's council of `members`, all present, `yes` of them in favour."""
    people = [f"{nomination.level_unit_id}-tv-{i:02d}" for i in range(members)]
    summary = appraisal(nomination)
    session = plan_session(
        f"hd-{nomination.level_unit_id}", nomination.level_unit_id, AT.date(), people, people[0]
    )
    session = open_session(record_attendance(add_item(session, nomination, summary, rule=rule), people))
    ballot = item_ballot(session, nomination.nomination_id)
    roll, box = VoterRoll(ballot.ballot_id), BallotBox(ballot.ballot_id)
    for i, member in enumerate(people):
        entry, paper = cast_vote(ballot, roll, member, ["yes" if i < yes else "no"], mode="in_person", at=AT)
        roll, box = roll.with_entry(entry), box.with_entry(paper)
    result_tally = tally(close_ballot(ballot, AT), roll, box, session.agenda[0].rule)
    return summary, record_result(session, nomination.nomination_id, result_tally)


def decide(nomination: Nomination, result: ItemResult | None, level: Level = CITY) -> Decision:
    """Decision 123/QĐ-UBND on it, signed by the level's first signer."""
    results = {} if result is None else {nomination.nomination_id: result}
    signer = sorted(level.signers)[0]
    draft = DecisionDraft("123/QĐ-UBND", date(2024, 4, 1), signer, level, nomination.award_code, [nomination])
    return issue_decision(draft, results)
