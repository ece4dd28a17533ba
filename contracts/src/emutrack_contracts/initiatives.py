"""The scopes an initiative is recognised at, and the widest each level's council may recognise.

Shared vocabulary: registration refuses a claim its receiving council could not grant, review
refuses a recognition above its council's level, with the same table.
"""

from __future__ import annotations

from typing import Literal

InitiativeScope = Literal["co_so", "cap_huyen", "cap_thanh_pho"]
SCOPES: tuple[InitiativeScope, ...] = ("co_so", "cap_huyen", "cap_thanh_pho")  # from the base up
_WIDEST: dict[str, InitiativeScope] = {"city": "cap_thanh_pho", "district": "cap_huyen"}


def council_scope(level_kind: str | None) -> InitiativeScope:
    """The widest scope a level's council recognises: a ward's its base, a district's, the city's."""
    return _WIDEST.get(level_kind or "", "co_so")


def above(scope: InitiativeScope, limit: InitiativeScope) -> bool:
    """True if `scope` is wider than `limit`."""
    return SCOPES.index(scope) > SCOPES.index(limit)
