"""Public lists (công khai): decisions with their awardees, candidates under public comment — no sign-in."""

from __future__ import annotations

from emutrack_kit.org_tree import Tree
from emutrack_kit.repository import Page
from review.domain.decision_record import IssuedDecision
from review.domain.history import label
from review.domain.nomination_record import NominationRecord
from review.domain.public_lists import PublicAwardee, PublicCandidate, PublicDecision
from review.usecases.context import Context
from review.usecases.tree import name_of


async def published_decisions(
    ctx: Context, level_unit_id: str | None, year: int | None, limit: int, skip: int
) -> Page[PublicDecision]:
    """A page of decisions as published: the latest first, each awardee with its unit's name."""
    page = await ctx.decisions.published(level_unit_id, year, limit, skip)
    tree = await ctx.tree.tree()
    return Page([_public(tree, issued) for issued in page.items], page.total)


def _public(tree: Tree, issued: IssuedDecision) -> PublicDecision:
    d = issued.decision
    awardees = tuple(
        PublicAwardee(a.subject_name, name_of(tree, a.proposing_unit_id), a.subject_kind) for a in d.awardees
    )
    return PublicDecision(
        issued.decision_id,
        d.number,
        d.signed_on,
        issued.central_body or name_of(tree, d.level_unit_id),
        issued.award_name,
        awardees,
    )


async def under_comment(ctx: Context) -> list[PublicCandidate]:
    """The candidates whose public-comment period runs today, the soonest ending first."""
    tree = await ctx.tree.tree()
    found = [_candidate(tree, r) for r in await ctx.nominations.under_comment(ctx.today())]
    return sorted(found, key=lambda c: (c.ends_on, c.name))


def _candidate(tree: Tree, record: NominationRecord) -> PublicCandidate:
    period = record.public_comment
    assert period is not None
    return PublicCandidate(
        record.subject_name, name_of(tree, record.proposing_unit_id), label(record.award_code),
        name_of(tree, record.level_unit_id), period.published_on, period.ends_on, period.channel,
    )  # fmt: skip
