"""HTTP routes of the award rule sets (quy tắc xét khen thưởng): read, and revised by the city's office."""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from emutrack_kit.auth import Principal
from review.domain.rules import rule_set_to_dict
from review.entrypoints.guards import Guards
from review.usecases import rule_sets


class RevisionIn(BaseModel):
    """What changes from a day on: whole fields (rules, legal basis, threshold...) or rule parameters."""

    model_config = ConfigDict(extra="forbid")

    effective_from: date
    changes: dict[str, Any] = Field(
        min_length=1,
        examples=[{"rule_params": {"han-muc-15-phan-tram": {"max_share": 0.2}}, "legal_basis": "NĐ 98/2023"}],
    )


def rules_router(guards: Guards) -> APIRouter:
    """Routes under /rule-sets."""
    ctx, router = guards.ctx, APIRouter(tags=["rule sets"])
    Caller = Annotated[Principal, guards.caller()]

    @router.get("/rule-sets")
    async def list_rule_sets(caller: Caller) -> list[dict[str, Any]]:
        return [rule_set_to_dict(rs) for rs in await rule_sets.list_rule_sets(ctx)]

    @router.get("/rule-sets/{award}")
    async def award_rules(award: str, caller: Caller) -> list[dict[str, Any]]:
        return [rule_set_to_dict(rs) for rs in await rule_sets.award_rules(ctx, award)]

    @router.post("/rule-sets/{award}/revisions", status_code=201)
    async def revise(award: str, body: RevisionIn, caller: Caller) -> dict[str, Any]:
        revision = rule_sets.Revision(award, body.effective_from, body.changes)
        return rule_set_to_dict(await rule_sets.revise_rules(ctx, caller, revision))

    return router
