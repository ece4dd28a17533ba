"""Who calls reporting's routes: authenticated, and allowed to read before the input is validated."""

from dataclasses import dataclass
from typing import Any

from emutrack_kit.auth import Principal
from emutrack_kit.http import authorized_first, principal_dependency, verifier_for
from reporting.config import Settings
from reporting.usecases import access
from reporting.usecases.context import Context


@dataclass(frozen=True)
class Readers:
    """`Depends` giving a caller who may read the unit (or the round) of the path (docs/decisions/0006).

    Each refuses an outsider (403) or names an unknown unit or round (404) before any query parameter
    is validated, so a caller learns nothing from how its input would have been judged.
    """

    unit: Any
    round: Any


def readers(ctx: Context, settings: Settings) -> Readers:
    """The routes' callers, authenticated by the settings' verifier and authorized by the use cases."""
    authenticated = principal_dependency(verifier_for(settings))

    async def may_read_unit(caller: Principal, unit_id: str) -> None:
        await access.may_read_unit(ctx, caller, unit_id)

    async def may_read_round(caller: Principal, round_id: str) -> None:
        await access.may_read_round(ctx, caller, round_id)

    return Readers(
        authorized_first(authenticated, may_read_unit, "unit_id"),
        authorized_first(authenticated, may_read_round, "round_id"),
    )
