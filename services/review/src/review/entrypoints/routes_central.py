"""HTTP routes of what comes back from above the city: one outcome, or the sheet of them (issue 18.5)."""

from typing import Annotated

from fastapi import APIRouter, File, Query, Response, UploadFile

from emutrack_kit.auth import Principal
from emutrack_kit.spreadsheets import XLSX_MEDIA_TYPE, read_spreadsheet, xlsx_response
from review.domain.central import CentralOutcome
from review.entrypoints.guards import Guards
from review.entrypoints.nomination_schemas import CentralOutcomeIn, NominationOut
from review.usecases import access, central

LevelId = Annotated[str, Query(min_length=1, max_length=100)]


def central_router(guards: Guards) -> APIRouter:
    """One outcome (`/nominations/{id}/central-outcome`), or the sheet of them (`/central-outcomes…`)."""
    ctx, router = guards.ctx, APIRouter(tags=["nominations"])
    Recorder = Annotated[Principal, guards.first(central.authorize_recorder, "nomination_id")]
    Office = Annotated[Principal, guards.first(access.authorize_office, "level_unit_id")]

    @router.post("/nominations/{nomination_id}/central-outcome")
    async def central_outcome(nomination_id: str, body: CentralOutcomeIn, caller: Recorder) -> NominationOut:
        """The sending level records the decision taken above the city (award or not) when it arrives."""
        outcome = CentralOutcome(body.number, body.signed_on, body.decided_by, body.awarded, body.reason)
        return NominationOut.of(await central.record_outcome(ctx, caller, nomination_id, outcome))

    @router.get("/central-outcomes.xlsx", responses={200: {"content": {XLSX_MEDIA_TYPE: {}}}})
    async def outcomes_sheet(caller: Office, level_unit_id: LevelId) -> Response:
        """The level's nominations waiting above the city, as a sheet to fill with the outcomes."""
        content = await central.outcomes_sheet(ctx, caller, level_unit_id)
        return xlsx_response(content, f"ket-qua-trung-uong-{level_unit_id}.xlsx")

    @router.post("/central-outcomes/xlsx")
    async def import_outcomes(
        caller: Office, level_unit_id: LevelId, file: Annotated[UploadFile, File()]
    ) -> dict[str, int]:
        """The filled sheet: every filled row recorded, or none (each error named with its row)."""
        return await central.import_outcomes(ctx, caller, level_unit_id, await read_spreadsheet(file))

    return router
