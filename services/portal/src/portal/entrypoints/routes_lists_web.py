"""What the unit's list pages share: the file a person chose, spreadsheet downloads, a query kept short."""

# No `from __future__ import annotations`: FastAPI must see the real types of the routes.

from collections.abc import Callable
from typing import Any

from fastapi import Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel

from portal.adapters.api import ApiError
from portal.entrypoints.web import Caller, page
from portal.usecases.lists_files import FORWARD_AT_MOST, Sender, Upload

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_QUERY = 100  # what the services' searches accept


class UploadForm(BaseModel):
    """What an upload form posts besides its file: the unit, the form's CSRF token and key."""

    unit_id: str
    csrf: str = ""
    key: str = ""


class Shown(BaseModel):
    """What a list page shows: the unit's list, searched for `q`, from the item `skip`."""

    unit_id: str
    q: str = ""
    skip: int = 0

    @property
    def search(self) -> str:
        """The search as typed, no longer than the services accept."""
        return self.q[:MAX_QUERY]

    @property
    def start(self) -> int:
        """Where the page starts (never before the first item)."""
        return max(0, self.skip)


def sender_of(me: Caller) -> Sender:
    """Files go to the registration service on the person's behalf."""
    return Sender(me.settings.registration_url, me.session.access_token)


async def upload_of(file: UploadFile | None) -> Upload:
    """The chosen file (an empty one when none was chosen), read no further than the portal forwards."""
    if file is None:
        return Upload("", b"", "")
    content = await file.read(FORWARD_AT_MOST + 1)
    return Upload(file.filename or "", content, file.content_type or "application/octet-stream")


async def spreadsheet(
    request: Request, me: Caller, path: Callable[[], str], filename: str, **params: Any
) -> Response:
    """An .xlsx of the registration service as a download under an ASCII file name (or why not)."""
    try:
        content, _ = await me.api("registration").get_bytes(path(), **params)
    except ApiError as error:
        return page(request, "problem.html", me, status=error.status, error=error)
    finally:
        await me.close()
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(content, media_type=XLSX, headers=headers)
