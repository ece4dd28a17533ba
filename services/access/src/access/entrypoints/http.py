"""HTTP API of the access service: admins grant and revoke roles in their subtree; everyone reads theirs."""

# No `from __future__ import annotations`: FastAPI must see the real Annotated[...] of the routes.

from dataclasses import asdict
from datetime import date, datetime
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Header, Query
from pydantic import BaseModel, ConfigDict, Field

from access import bootstrap
from access.config import Settings
from access.domain.bindings import ROLE_VI, Binding, BindingSearch, Grant
from access.usecases import grants, tree_changes
from access.usecases.access import authorize_admin
from access.usecases.context import Context
from emutrack_kit.auth import Principal, Role
from emutrack_kit.http import authorized_first, principal_dependency, service_app, verifier_for

UnitId = Annotated[str, Field(min_length=1, max_length=100, examples=["p-kim-giang"])]
IdempotencyKey = Annotated[
    str | None, Header(max_length=200, description="The same key again (a double click) does it once")
]


class GrantIn(BaseModel):
    """A role for a person (or a machine client) at a unit, over days, and why."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    subject: str = Field(
        min_length=1,
        max_length=200,
        description="The person's user name at the identity provider, or `client:<client id>`",
        examples=["q-thanh-xuan.standing-office"],
    )
    subject_name: str = Field(min_length=1, max_length=200, examples=["Nguyễn Thị Lan"])
    role: Role
    unit_id: UnitId
    valid_from: date
    valid_to: date | None = None
    reason: str = Field(
        min_length=3, max_length=1000, examples=["Phân công phụ trách công tác thi đua năm 2026"]
    )


class RevokeIn(BaseModel):
    """Why a binding ends now."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: str = Field(min_length=3, max_length=1000)


class BindingOut(BaseModel):
    """A binding with its whole story."""

    binding_id: str
    subject: str
    subject_name: str
    role: Role
    role_name: str
    unit_id: str
    unit_name: str
    valid_from: date
    valid_to: date | None
    granted_by: str
    reason: str
    granted_at: datetime
    revoked_at: datetime | None
    revoked_by: str | None
    revoke_reason: str | None
    ended_on: date | None
    successor_id: str | None

    @classmethod
    def of(cls, b: Binding) -> "BindingOut":
        """From the domain."""
        return cls(**asdict(b), role_name=ROLE_VI[b.role])


class BindingPageOut(BaseModel):
    """One page of bindings and how many there are."""

    items: list[BindingOut]
    total: int


def create_app(settings: Settings | None = None, ctx: Context | None = None) -> FastAPI:
    """The access HTTP app."""
    settings = settings or Settings()
    c = ctx or bootstrap.deps(settings)
    authenticated = principal_dependency(verifier_for(settings))
    Caller = Annotated[Principal, Depends(authenticated)]
    Admin = Annotated[Principal, authorized_first(authenticated, partial(authorize_admin, c), "unit_id")]
    app = service_app("emutrack access")
    router = APIRouter(tags=["bindings"])

    @router.post("/bindings", status_code=201)
    async def grant(body: GrantIn, caller: Admin, idempotency_key: IdempotencyKey = None) -> BindingOut:
        """An admin of the unit (or above) grants a role there, with a reason."""
        request = Grant(**body.model_dump())
        return BindingOut.of(await grants.grant(c, caller, request, idempotency_key))

    @router.post("/bindings/{binding_id}/revoke")
    async def revoke(
        binding_id: str, body: RevokeIn, caller: Caller, idempotency_key: IdempotencyKey = None
    ) -> BindingOut:
        """An admin of the binding's unit (or above) ends it now, with a reason."""
        return BindingOut.of(await grants.revoke(c, caller, binding_id, body.reason, idempotency_key))

    @router.get("/bindings")
    async def list_bindings(
        caller: Admin,
        unit_id: str | None = None,
        subject: str | None = None,
        q: Annotated[str, Query(max_length=100, description="Tên người hoặc tên đăng nhập, không dấu")] = "",
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        skip: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    ) -> BindingPageOut:
        """The bindings within the caller's subtrees (of one unit's subtree, of one subject, named like q)."""
        page = await grants.bindings_within(c, caller, BindingSearch(unit_id, subject, q), limit, skip)
        return BindingPageOut(items=[BindingOut.of(b) for b in page.items], total=page.total)

    @router.get("/bindings/{binding_id}")
    async def get_binding(binding_id: str, caller: Caller) -> BindingOut:
        """One binding, to its holder or an admin of its unit."""
        return BindingOut.of(await grants.get_binding(c, caller, binding_id))

    @router.get("/me/bindings")
    async def my_bindings(caller: Caller) -> list[BindingOut]:
        """The caller's own bindings."""
        return [BindingOut.of(b) for b in await grants.my_bindings(c, caller)]

    @router.get("/units/{unit_id}/to-grant-again")
    async def to_grant_again(unit_id: str, caller: Admin) -> list[BindingOut]:
        """Bindings that ended because their unit merged into this unit or one below it."""
        return [BindingOut.of(b) for b in await tree_changes.to_grant_again(c, caller, unit_id)]

    app.include_router(router)
    return app
