"""Remind now: the receiving standing office reminds the units still to submit to a round, at once.

The daily sweep reminds units 7, 3 and 1 days before the deadline and on the day; an office may
also remind them whenever it sees fit (before the window, or after the deadline for the late).
Each call is one reminder per unit: the same Idempotency-Key again reminds nobody twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from emutrack_kit.auth import Principal
from emutrack_kit.errors import NotFound, Unprocessable
from notify.domain.outgoing import News
from notify.domain.reminders import RoundDeadline, expected_units
from notify.domain.routing import Recipient
from notify.domain.settings import UNIT_ROLES
from notify.usecases.access import authorize_office
from notify.usecases.context import Context
from notify.usecases.fanout import Telling, fan_out_all


@dataclass(frozen=True)
class RemindNow:
    """Which round, which of its units still to submit (none named: all of them), the request's key."""

    round_id: str
    unit_ids: tuple[str, ...] = ()
    idempotency_key: str | None = None


@dataclass(frozen=True)
class Reminded:
    """The units reminded (id and name), in name order."""

    round_id: str
    round_name: str
    units: tuple[tuple[str, str], ...]


async def known_round(ctx: Context, round_id: str) -> RoundDeadline:
    """A round notify heard opened; UNKNOWN_ROUND otherwise."""
    round_ = await ctx.rounds.get(round_id)
    if round_ is None:
        raise NotFound("UNKNOWN_ROUND", "Không tìm thấy đợt này.", field="round_id")
    return round_


async def authorize_round_office(ctx: Context, principal: Principal, round_id: str) -> None:
    """The caller is a standing office (or admin) whose subtree holds the round's receiving unit."""
    round_ = await known_round(ctx, round_id)
    await authorize_office(ctx, principal, round_.receiving_unit_id)


async def still_to_submit(ctx: Context, round_: RoundDeadline) -> dict[str, str]:
    """Id -> name of the units the round expects that have not submitted yet."""
    expected = expected_units(await ctx.tree.tree(), round_, ctx.today())
    submitted = await ctx.submissions.of_round(round_.round_id)
    return {u: n for u, n in expected.items() if u not in submitted}


async def remind_now(ctx: Context, principal: Principal, command: RemindNow) -> Reminded:
    """Remind the named units still to submit (or all of them) now; each unit's officer and head hear."""
    await authorize_round_office(ctx, principal, command.round_id)
    round_ = await known_round(ctx, command.round_id)
    missing = await still_to_submit(ctx, round_)
    tree = await ctx.tree.tree()
    chosen = _chosen(missing, command.unit_ids, tree.name)
    now, key = ctx.clock(), command.idempotency_key or uuid.uuid4().hex
    items: list[Telling] = []
    for unit_id, unit_name in chosen:
        payload = {
            "round_name": round_.name,
            "round_kind": round_.kind,
            "deadline": round_.deadline_of(unit_id),
            "offset": (round_.day_of(unit_id) - ctx.today()).days,
            "unit_name": unit_name,
        }
        news = News(f"remind-now:{round_.round_id}|{unit_id}|{key}", "reminder", payload, now)
        items.append((news, [Recipient(role, unit_id) for role in UNIT_ROLES]))
    await fan_out_all(ctx, items)
    return Reminded(round_.round_id, round_.name, tuple(chosen))


def _chosen(
    missing: dict[str, str], unit_ids: Sequence[str], name_of: Callable[[str], str]
) -> list[tuple[str, str]]:
    if not unit_ids:
        return sorted(missing.items(), key=lambda u: u[1])
    submitted = [u for u in unit_ids if u not in missing]
    if submitted:
        raise Unprocessable(
            "NOT_MISSING",
            "Chỉ nhắc được đơn vị thuộc đợt mà chưa gửi; đơn vị đã gửi hoặc không thuộc đợt: "
            f"{', '.join(sorted(name_of(u) for u in submitted))}.",
            field="unit_ids",
        )
    return sorted(((u, missing[u]) for u in dict.fromkeys(unit_ids)), key=lambda u: u[1])
