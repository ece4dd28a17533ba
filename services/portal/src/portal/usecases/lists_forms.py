"""Forms 1 and 2 (Mẫu 1, Mẫu 2) of a unit in a registration round: template, upload, the rows accepted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from portal.adapters.api import ServiceApi
from portal.domain.lists import Pager, matching, page_of
from portal.domain.lists_labels import FormView
from portal.usecases.lists import stored_or_none, unit_round
from portal.usecases.lists_files import Sender, Upload, send_spreadsheet


def form_path(form: FormView, round_id: str, unit_id: str) -> str:
    """The service's path of a unit's form in a round."""
    return f"/rounds/{round_id}/units/{unit_id}/forms/{form.code}"


def template_path(form: FormView) -> str:
    """The service's blank form (printed for a round's period with `round_id`)."""
    return f"/templates/forms/{form.code}.xlsx"


@dataclass(frozen=True)
class FormPage:
    """A round's page of one of the unit's forms: what was sent, and one page of its rows."""

    round: dict[str, Any]
    unit_id: str
    unit_name: str
    form: FormView
    sent: dict[str, Any] | None  # version, submitted_at, how many rows
    rows: list[Any]
    pages: Pager
    q: str


async def form_page(
    registration: ServiceApi, form: FormView, round_id: str, unit_id: str, q: str, skip: int
) -> FormPage:
    """The round, the unit's form as sent, and a page of its rows (searched here: forms are small)."""
    round_, unit_name = await unit_round(registration, round_id, unit_id)
    stored = await stored_or_none(registration, form_path(form, round_id, unit_id))
    rows, pages = page_of(matching(stored["rows"] if stored else [], q, form.searched), skip)
    sent = None
    if stored is not None:
        sent = {k: stored[k] for k in ("version", "submitted_at")} | {"rows": len(stored["rows"])}
    return FormPage(round_, unit_id, unit_name, form, sent, rows, pages, q)


async def send_form(
    sender: Sender, form: FormView, round_id: str, unit_id: str, upload: Upload, key: str
) -> dict[str, Any]:
    """Send the filled form: it replaces the unit's earlier one whole, or nothing is kept."""
    sent: dict[str, Any] = await send_spreadsheet(
        sender, f"{form_path(form, round_id, unit_id)}/xlsx", upload, key
    )
    return sent
