"""Use cases of registration forms: Form 1, Form 2 and emulation models, as JSON or XLSX."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from emutrack_contracts import new_event
from emutrack_contracts.events.registration import FormRow, NamedAward, RegistrationFormSubmitted
from emutrack_kit.auth import Principal
from emutrack_kit.errors import NotFound, Unprocessable
from registration.domain.forms import FormSpec, validate_form
from registration.domain.registrations import PRODUCER
from registration.domain.rounds import Round
from registration.handlers import READERS, SUBMITTERS, Deps
from registration.people_handlers import _scope as list_scope


def form_list_id(spec: FormSpec, round_id: str, unit_id: str) -> str:
    """The id of a unit's form in a round."""
    return f"{spec.code}|{round_id}|{unit_id}"


def _ensure_registration_round(round_: Round) -> None:
    if round_.kind != "registration":
        raise Unprocessable(
            "ROUND_NOT_FOR_REGISTRATION",
            f"Đợt '{round_.name}' không nhận đăng ký thi đua; hãy chọn một đợt đăng ký.",
            field="round_id",
        )


async def submit_form(
    deps: Deps,
    principal: Principal,
    spec: FormSpec,
    *,
    round_id: str,
    unit_id: str,
    rows: list[tuple[int, dict[str, Any]]],
) -> dict[str, Any]:
    """Validate every row, then store the whole form (replacing an earlier one) with its event."""
    round_, unit, path = await list_scope(deps, principal, round_id, unit_id, SUBMITTERS)
    _ensure_registration_round(round_)
    now = deps.clock()
    round_.ensure_open(now, unit.unit_id)
    first, last = round_.period
    accepted, errors = validate_form(spec, rows, first, last)
    if errors:
        raise Unprocessable(
            "INVALID_ROWS",
            f"{spec.label} có {len(errors)} lỗi; không dòng nào được lưu. Sửa các dòng được nêu và gửi lại.",
            details={"errors": [asdict(e) for e in errors]},
        )
    identifier = form_list_id(spec, round_id, unit_id)
    previous = await deps.forms.get(identifier)
    version = (previous["version"] + 1) if previous else 1
    event_rows = [
        FormRow(
            fields={k: v for k, v in row.items() if not isinstance(v, list)},
            target_awards=[NamedAward(**a) for a in row.get("target_awards", [])],
        )
        for row in accepted
    ]
    event = new_event(
        "registration_form.submitted",
        producer=PRODUCER,
        unit_path=list(path),
        actor=principal.subject,
        occurred_at=now,
        payload=RegistrationFormSubmitted(
            list_id=identifier,
            form=spec.code,
            round_id=round_id,
            round_name=round_.name,
            year=round_.year,
            period_from_year=first,
            period_to_year=last,
            unit_id=unit_id,
            unit_name=unit.name,
            receiving_unit_id=round_.receiving_unit_id,
            subject_kind=spec.subject_kind,
            version=version,
            rows=event_rows,
            submitted_at=now,
        ),
    )
    fields = {
        "form": spec.code,
        "round_id": round_id,
        "year": round_.year,
        "unit_id": unit_id,
        "unit_name": unit.name,
        "unit_path": list(path),
        "rows": accepted,
        "submitted_by": principal.subject,
        "submitted_at": now,
    }
    return await deps.forms.replace_list(identifier, fields, version, event)


async def get_form(
    deps: Deps, principal: Principal, spec: FormSpec, *, round_id: str, unit_id: str
) -> tuple[dict[str, Any], Round]:
    """A unit's form for a round (and the round, for its period), if the caller reaches the unit."""
    round_, _, _ = await list_scope(deps, principal, round_id, unit_id, READERS)
    stored = await deps.forms.get(form_list_id(spec, round_id, unit_id))
    if stored is None:
        raise NotFound("NO_FORM", f"Đơn vị chưa gửi {spec.label} cho đợt này.", field="form")
    return stored, round_


async def round_period(deps: Deps, round_id: str | None) -> tuple[int, int]:
    """The years a template is printed for: the round's period, or the current year without a round."""
    if round_id is None:
        year = deps.clock().year
        return year, year
    round_ = await deps.rounds.get(round_id)
    if round_ is None:
        raise NotFound("UNKNOWN_ROUND", f"Không tìm thấy đợt '{round_id}'.", field="round_id")
    return round_.period
