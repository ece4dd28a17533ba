"""Initiatives (sáng kiến) and exemplars (gương điển hình) a unit proposes in a round; what it proposed."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal

from portal.adapters.api import ApiError, ServiceApi
from portal.domain.lists import PAGE, Pager, day_typed, inputs_of, share_typed
from portal.usecases.lists import unit_round

Kind = Literal["initiatives", "exemplars"]
NO_AUTHOR = "Cần ít nhất một tác giả (họ và tên)."
UNREADABLE = "Có thông tin chưa hợp lệ; xem ghi chú bên cạnh từng ô."


@dataclass(frozen=True)
class ProposalsPage:
    """A round's page of a unit's proposals of one kind: a page of those proposed, searched by name."""

    round: dict[str, Any]
    unit_id: str
    unit_name: str
    items: list[dict[str, Any]]
    pages: Pager
    q: str


async def proposals_page(
    registration: ServiceApi, kind: Kind, round_id: str, unit_id: str, q: str, skip: int
) -> ProposalsPage:
    """The round and a page of what the unit proposed in it (the service searches without accents)."""
    round_, unit_name = await unit_round(registration, round_id, unit_id)
    found = await registration.get(
        f"/{kind}", round_id=round_id, unit_id=unit_id, q=q.strip() or None, limit=PAGE, skip=skip
    )
    pages = Pager(skip, len(found["items"]), int(found["total"]))
    return ProposalsPage(round_, unit_id, unit_name, list(found["items"]), pages, q)


def _optional(text: str) -> str | None:
    return text.strip() or None


def initiative_body(unit_id: str, typed: dict[str, Any]) -> dict[str, Any]:
    """What the service takes from the typed form (a day dd/mm/yyyy, authors' lines), or ApiError."""
    problems: dict[str, str] = {}
    try:
        applied_since = day_typed(str(typed.get("applied_since", ""))).isoformat()
    except ValueError as exc:
        problems["applied_since"] = str(exc)
        applied_since = ""
    names, positions, shares = (list(typed.get(f"author_{k}") or []) for k in ("name", "position", "share"))
    authors = []
    for i, name in enumerate(names):
        position = positions[i] if i < len(positions) else ""
        share = shares[i] if i < len(shares) else ""
        if not (name.strip() or position.strip() or share.strip()):
            continue
        try:
            percent = share_typed(share)
        except ValueError as exc:
            problems[f"author_share-{i}"] = str(exc)
            percent = None
        authors.append({"full_name": name, "position": _optional(position), "contribution_percent": percent})
    if not any(a["full_name"].strip() for a in authors):
        problems["author_name-0"] = NO_AUTHOR
    if problems:
        raise ApiError(422, "INVALID_INPUT", UNREADABLE, None, problems)
    text = {k: str(typed.get(k, "")) for k in ("title", "field", "recognition_level", "summary", "benefits")}
    return {"unit_id": unit_id, **text, "applied_since": applied_since, "authors": authors}


def exemplar_body(unit_id: str, typed: dict[str, Any]) -> dict[str, Any]:
    """What the service takes from the typed exemplar form (empty choices left out)."""
    required = ("category", "subject_kind", "subject_name", "field", "achievement")
    body: dict[str, Any] = {"unit_id": unit_id, **{k: str(typed.get(k, "")) for k in required}}
    body["subject_position"] = _optional(str(typed.get("subject_position", "")))
    body["subject_gender"] = _optional(str(typed.get("subject_gender", "")))
    return body


async def propose(registration: ServiceApi, kind: Kind, round_id: str, body: dict[str, Any], key: str) -> Any:
    """Propose one item (the form's key makes a double click one proposal); refusals point at the inputs."""
    try:
        return await registration.post(f"/rounds/{round_id}/{kind}", body, key=key)
    except ApiError as error:
        raise dataclasses.replace(error, fields=inputs_of(error.fields)) from None
