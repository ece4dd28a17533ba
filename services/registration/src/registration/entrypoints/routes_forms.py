"""HTTP routes of registration forms: Form 1, Form 2, emulation models (JSON, XLSX templates and uploads)."""

from dataclasses import asdict
from datetime import datetime
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Query, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from emutrack_kit.auth import Principal
from emutrack_kit.http import authorized_first
from registration.adapters import xlsx_forms
from registration.domain.forms import FormList, form_for
from registration.entrypoints.common import Authenticated
from registration.entrypoints.files import read_spreadsheet, xlsx_response
from registration.usecases import access, forms
from registration.usecases.context import Context
from registration.usecases.forms import SubmitForm

FormName = Literal["collective-exemplars", "individual-exemplars", "emulation-models"]
FORM_PATH = "/rounds/{round_id}/units/{unit_id}/forms/{form}"


class FormIn(BaseModel):
    """A unit's whole form, replacing any earlier one of the round; awards by name or code, ';'-separated."""

    model_config = ConfigDict(extra="forbid")

    rows: list[dict[str, Annotated[str, Field(max_length=5000)] | None]] = Field(max_length=1000)


class FormOut(BaseModel):
    """A unit's stored form."""

    form: str
    round_id: str
    unit_id: str
    unit_name: str
    version: int
    submitted_by: str
    submitted_at: datetime
    rows: list[dict[str, Any]]

    @classmethod
    def of(cls, stored: FormList) -> "FormOut":
        """From the domain."""
        return cls(**{k: v for k, v in asdict(stored).items() if k in cls.model_fields})


def forms_router(ctx: Context, authenticated: Authenticated) -> APIRouter:
    """Routes of registration forms."""
    Caller = Annotated[Principal, Depends(authenticated)]
    Submitter = Annotated[
        Principal,
        authorized_first(authenticated, partial(access.authorize_submitter, ctx), "round_id", "unit_id"),
    ]
    Reader = Annotated[
        Principal,
        authorized_first(authenticated, partial(access.authorize_reader, ctx), "round_id", "unit_id"),
    ]
    router = APIRouter(tags=["registration forms"])

    @router.get("/templates/forms/{form}.xlsx")
    async def template(
        form: FormName,
        _: Caller,
        round_id: Annotated[str | None, Query(description="prints the round's period")] = None,
    ) -> Response:
        spec = form_for(form)
        first, last = await forms.round_period(ctx, round_id)
        return xlsx_response(xlsx_forms.form_template(spec, "", first, last), f"mau-{form}.xlsx")

    @router.put(FORM_PATH)
    async def submit_json(
        round_id: str, unit_id: str, form: FormName, body: FormIn, caller: Submitter
    ) -> FormOut:
        rows = [(i, row) for i, row in enumerate(body.rows, start=1)]
        command = SubmitForm(form_for(form), round_id, unit_id, rows)
        return FormOut.of(await forms.submit_form(ctx, caller, command))

    @router.post(FORM_PATH + "/xlsx")
    async def submit_xlsx(
        round_id: str, unit_id: str, form: FormName, caller: Submitter, file: Annotated[UploadFile, File()]
    ) -> FormOut:
        spec = form_for(form)
        content = await read_spreadsheet(file)
        first, last = await forms.round_period(ctx, round_id)
        rows = xlsx_forms.read_form_rows(spec, content, first, last)
        return FormOut.of(await forms.submit_form(ctx, caller, SubmitForm(spec, round_id, unit_id, rows)))

    # the export is declared first: `{form}` would otherwise swallow the '.xlsx' suffix
    @router.get(FORM_PATH + ".xlsx")
    async def export_form(round_id: str, unit_id: str, form: FormName, caller: Reader) -> Response:
        spec = form_for(form)
        stored, round_ = await forms.get_form(ctx, caller, spec, round_id, unit_id)
        first, last = round_.period
        content = xlsx_forms.filled_form(spec, stored.unit_name, first, last, stored.rows)
        return xlsx_response(content, f"{form}-{unit_id}.xlsx")

    @router.get(FORM_PATH)
    async def get_form(round_id: str, unit_id: str, form: FormName, caller: Reader) -> FormOut:
        stored, _ = await forms.get_form(ctx, caller, form_for(form), round_id, unit_id)
        return FormOut.of(stored)

    return router
