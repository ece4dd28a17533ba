"""Use cases of registration forms: Form 1, Form 2 and emulation models, as JSON or XLSX (ADR 0009)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from emutrack_contracts import Envelope, new_event
from emutrack_contracts.events.registration import FormRow, NamedAward, RegistrationFormSubmitted
from emutrack_kit.auth import Principal
from emutrack_kit.errors import NotFound, Unprocessable
from emutrack_kit.unit_of_work import UnitOfWork
from registration.domain.forms import FilledRow, FormList, FormSpec, validate_form
from registration.domain.people import Cells
from registration.domain.rounds import Round
from registration.usecases.access import READERS, Scope, scope
from registration.usecases.context import Context
from registration.usecases.lists import commit_list, refuse_rows
from registration.usecases.lookups import known_round


@dataclass(frozen=True)
class SubmitForm:
    """A unit's whole form for a round, as numbered rows (JSON or the XLSX template), unchecked."""

    spec: FormSpec
    round_id: str
    unit_id: str
    rows: Sequence[tuple[int, Cells]]


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


async def submit_form(ctx: Context, principal: Principal, command: SubmitForm) -> FormList:
    """Validate every row, then store the whole form (replacing an earlier one) with its event."""
    spec = command.spec
    found = await scope(ctx, principal, command.round_id, command.unit_id)
    _ensure_registration_round(found.round)
    now = ctx.now()
    found.round.ensure_open(now, found.unit.unit_id)
    first, last = found.round.period
    accepted, errors = validate_form(spec, command.rows, first, last)
    if errors:
        raise refuse_rows(errors, spec.label)
    identifier = form_list_id(spec, command.round_id, command.unit_id)
    form = FormList(
        list_id=identifier,
        form=spec.code,
        round_id=command.round_id,
        year=found.round.year,
        unit_id=command.unit_id,
        unit_name=found.unit.name,
        unit_path=found.path,
        version=await ctx.forms.version(identifier) + 1,
        rows=tuple(accepted),
        submitted_by=principal.subject,
        submitted_at=now,
    )
    uow = UnitOfWork()
    ctx.forms.replace(uow, form, _submitted_event(form, spec, found))
    await commit_list(uow)
    stored = await ctx.forms.get(identifier)
    assert stored is not None
    return stored


def _submitted_event(form: FormList, spec: FormSpec, found: Scope) -> Envelope:
    first, last = found.round.period
    rows = [_event_row(row) for row in form.rows]
    return new_event(
        "registration_form.submitted",
        unit_path=list(form.unit_path),
        actor=form.submitted_by,
        occurred_at=form.submitted_at,
        payload=RegistrationFormSubmitted(
            list_id=form.list_id,
            form=spec.code,
            round_id=form.round_id,
            round_name=found.round.name,
            year=form.year,
            period_from_year=first,
            period_to_year=last,
            unit_id=form.unit_id,
            unit_name=form.unit_name,
            receiving_unit_id=found.round.receiving_unit_id,
            subject_kind=spec.subject_kind,
            version=form.version,
            rows=rows,
            submitted_at=form.submitted_at,
        ),
    )


def _event_row(row: FilledRow) -> FormRow:
    awards = row.get("target_awards")
    return FormRow(
        fields={k: v for k, v in row.items() if not isinstance(v, list)},
        target_awards=[NamedAward(**a) for a in awards] if isinstance(awards, list) else [],
    )


async def get_form(
    ctx: Context, principal: Principal, spec: FormSpec, round_id: str, unit_id: str
) -> tuple[FormList, Round]:
    """A unit's form for a round (and the round, for its period), if the caller reaches the unit."""
    found = await scope(ctx, principal, round_id, unit_id, READERS)
    stored = await ctx.forms.get(form_list_id(spec, round_id, unit_id))
    if stored is None:
        raise NotFound("NO_FORM", f"Đơn vị chưa gửi {spec.label} cho đợt này.", field="form")
    return stored, found.round


async def round_period(ctx: Context, round_id: str | None) -> tuple[int, int]:
    """The years a template is printed for: the round's period, or the current year without a round."""
    if round_id is None:
        year = ctx.now().year
        return year, year
    return (await known_round(ctx, round_id)).period
