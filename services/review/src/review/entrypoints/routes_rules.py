"""HTTP routes of the award rule sets (quy tắc xét khen thưởng): read, and revised by the city's office."""

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from emutrack_kit.auth import Principal
from review import rule_handlers
from review.handlers import Deps


class RevisionIn(BaseModel):
    """What changes from a day on: whole fields (rules, legal basis, threshold...) or rule parameters."""

    model_config = ConfigDict(extra="forbid")

    effective_from: date
    changes: dict[str, Any] = Field(
        min_length=1,
        examples=[{"rule_params": {"han-muc-15-phan-tram": {"max_share": 0.2}}, "legal_basis": "NĐ 98/2023"}],
    )


def rules_router(d: Deps, authenticated: Callable[..., Awaitable[Principal]]) -> APIRouter:
    """Routes under /rule-sets."""
    Caller = Annotated[Principal, Depends(authenticated)]
    router = APIRouter(tags=["rule sets"])

    @router.get("/rule-sets")
    async def list_rule_sets(caller: Caller) -> list[dict[str, Any]]:
        return await rule_handlers.list_rule_sets(d)

    @router.get("/rule-sets/{award}")
    async def award_rules(award: str, caller: Caller) -> list[dict[str, Any]]:
        return await rule_handlers.award_rules(d, award)

    @router.post("/rule-sets/{award}/revisions", status_code=201)
    async def revise(award: str, body: RevisionIn, caller: Caller) -> dict[str, Any]:
        return await rule_handlers.revise_rules(d, caller, award, body.changes, body.effective_from)

    return router
