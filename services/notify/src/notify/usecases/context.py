"""What every use case of notify works through: repositories, the tree replica, clock, routes, templates."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from importlib import resources

from emutrack_kit.clock import HANOI, Clock, system_clock
from emutrack_kit.org_replica import OrgReplica
from notify.adapters.deadlines import Dossiers, Rounds, SentReminders, Submissions
from notify.adapters.deliveries import DeliveryBook
from notify.adapters.delivery_events import DeliveryEvents
from notify.adapters.digest_queue import DigestQueue
from notify.adapters.inbox import Inbox
from notify.adapters.templates import Templates
from notify.adapters.unit_settings import TemplateOverrides, UnitSettingsBook
from notify.domain.delivery import RetryPolicy
from notify.domain.routing import Route, parse_routes

Routes = dict[str, tuple[Route, ...]]


def default_routes() -> Routes:
    """The shipped routing rules (notify/routes.json, docs/decisions/0013)."""
    return parse_routes(json.loads(resources.files("notify").joinpath("routes.json").read_text("utf-8")))


@dataclass
class Context:
    """Notify's repositories, the organisation tree (the kit's replica, `org_units`), clock and rules."""

    inbox: Inbox
    rounds: Rounds
    submissions: Submissions
    sent_reminders: SentReminders
    dossiers: Dossiers
    deliveries: DeliveryBook
    delivery_events: DeliveryEvents
    digests: DigestQueue
    unit_settings: UnitSettingsBook
    overrides: TemplateOverrides
    tree: OrgReplica
    clock: Clock = system_clock
    templates: Templates = field(default_factory=Templates)
    routes: Routes = field(default_factory=default_routes)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    production: bool = False  # webhook hosts must resolve to public addresses only

    def today(self) -> date:
        """Today in Hà Nội."""
        return self.clock().astimezone(HANOI).date()
