"""Who hears of what: routing rules as data, resolved against an event's payload.

A rule names a role and where in the payload its units are: `"receiving_unit_id"` (one unit),
`"member_ids[]"` (each unit of a list) or `"awardees[].proposing_unit_id"` (a field of each item).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Recipient:
    """A role at a unit (the people holding it share one inbox)."""

    role: str
    unit_id: str

    @property
    def key(self) -> str:
        """Stable text key, e.g. 'standing_office@q-thanh-xuan'."""
        return f"{self.role}@{self.unit_id}"


@dataclass(frozen=True)
class Route:
    """One routing rule: this role at the units found at `units` in the payload."""

    role: str
    units: str


@dataclass(frozen=True)
class Message:
    """One message for one recipient on one channel (`template_error` when the fallback was used)."""

    recipient: Recipient
    channel: str
    subject: str
    body: str
    template_error: str | None = None


def parse_routes(raw: Mapping[str, Any]) -> dict[str, tuple[Route, ...]]:
    """Routing rules from their JSON shape: event type → [{role, units}]."""
    return {
        event_type: tuple(Route(str(r["role"]), str(r["units"])) for r in rules)
        for event_type, rules in raw.items()
    }


def _units_at(payload: Mapping[str, Any], path: str) -> list[str]:
    head, _, rest = path.partition(".")
    if head.endswith("[]"):
        items = payload.get(head[:-2]) or []
        if not rest:
            return [str(i) for i in items if i]
        return [u for item in items if isinstance(item, Mapping) for u in _units_at(item, rest)]
    value = payload.get(head)
    if rest:
        return _units_at(value, rest) if isinstance(value, Mapping) else []
    return [str(value)] if value else []


def recipients_for(routes: Iterable[Route], payload: Mapping[str, Any]) -> list[Recipient]:
    """Every recipient the rules name for this payload, each once, in rule order."""
    found = [Recipient(route.role, unit) for route in routes for unit in _units_at(payload, route.units)]
    return list(dict.fromkeys(found))
