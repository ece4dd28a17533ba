"""The papers of an issued decision: the chair's decision and the submission that asked for it (ADR 0027)."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Literal

from emutrack_kit.auth import SUBTREE_ROLES, Principal
from emutrack_kit.errors import AppError, Conflict, Forbidden, NotFound
from emutrack_kit.org_tree import Tree
from review.adapters import papers_docx
from review.domain.decision_record import IssuedDecision
from review.domain.papers import IssuedFacts, Row, decision_paper, submission_paper
from review.domain.rule_versions import rule_set_for
from review.usecases.context import Context
from review.usecases.tree import as_successor, name_of

PaperKind = Literal["decision", "submission"]


async def paper(ctx: Context, principal: Principal, decision_id: str, kind: PaperKind) -> bytes:
    """The decision or the submission as DOCX, for the deciding level's roles and those above it."""
    issued = await ctx.decisions.get(decision_id)
    if issued is None:
        message = f"Không tìm thấy quyết định '{decision_id}'."
        raise NotFound("UNKNOWN_DECISION", message, field="decision_id")
    tree = await ctx.tree.tree()
    level_path = issued.level_path or (issued.decision.level_unit_id,)
    if not as_successor(principal, tree).may(SUBTREE_ROLES, level_path):
        message = "Tài khoản của bạn không xem được giấy tờ của quyết định này."
        raise Forbidden("FORBIDDEN_UNIT", message, field="decision_id")
    if issued.central_body:
        message = (
            f"Quyết định này do {issued.central_body} ban hành: hệ thống chỉ ghi nhận, không lập văn bản."
        )
        raise Conflict("CENTRAL_DECISION", message, field="decision_id")
    facts = await _facts(ctx, issued, tree)
    written = decision_paper(facts) if kind == "decision" else submission_paper(facts)
    return await asyncio.to_thread(papers_docx.build, written)  # python-docx is CPU work: off the loop


async def paper_pdf(ctx: Context, principal: Principal, decision_id: str, kind: PaperKind) -> bytes:
    """The same paper as PDF (LibreOffice lays the DOCX out), after the same check of the caller."""
    return await ctx.pdf.from_docx(await paper(ctx, principal, decision_id, kind))


async def _facts(ctx: Context, issued: IssuedDecision, tree: Tree) -> IssuedFacts:
    d = issued.decision
    rows = []
    for awardee in d.awardees:
        record = await ctx.nominations.get(awardee.nomination_id)
        tally = record.tally.tally.explain() if record is not None and record.tally is not None else ""
        rows.append(Row(awardee.subject_name, name_of(tree, awardee.proposing_unit_id), tally))
    years = [y for y in issued.years.values() if y is not None]
    return IssuedFacts(
        number=d.number, signed_on=d.signed_on, level_name=name_of(tree, d.level_unit_id),
        award_code=d.award_code, award_name=issued.award_name, year=min(years) if years else None,
        legal_basis=await _basis(ctx, d.award_code, d.signed_on), rows=tuple(rows),
    )  # fmt: skip


async def _basis(ctx: Context, award_code: str, day: date) -> str | None:
    """The legal basis of the award's rule set in force on the signing day (None: the award has none)."""
    try:
        return rule_set_for(award_code, day, await ctx.rules.versions(award_code)).legal_basis
    except AppError:
        return None
