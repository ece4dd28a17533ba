"""Spreadsheets a unit sends: the file passed to the service as uploaded, its refusal kept row by row."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import httpx

from portal.adapters.api import UNAVAILABLE, ApiError
from portal.domain.lists import RowProblem, row_problems

# More than any spreadsheet the services accept (5 MB): a larger file is cut here and the service
# refuses it as too large, in its own words, without the portal holding the rest.
FORWARD_AT_MOST = 10 * 1024 * 1024
NO_FILE = "Hãy chọn tệp bảng tính (.xlsx) đã điền theo mẫu."


@dataclass
class ListRefused(ApiError):
    """A spreadsheet refused: the service's message, the file's name and every row's problem."""

    filename: str = ""
    rows: list[RowProblem] = dataclasses.field(default_factory=list)


@dataclass(frozen=True)
class Sender:
    """Where files go and on whose behalf: the registration service, the person's token."""

    base_url: str
    token: str


@dataclass(frozen=True)
class Upload:
    """A file as the person chose it."""

    filename: str
    content: bytes
    media_type: str


def _refusal(response: httpx.Response, filename: str) -> ApiError:
    try:
        body = response.json()["error"]
        message = str(body["message"])
    except (ValueError, KeyError, TypeError):
        return ApiError(response.status_code, "UNAVAILABLE", UNAVAILABLE)
    rows = row_problems(body.get("details") or {})
    fields = {str(f["field"]): str(f["message"]) for f in body.get("fields", [])}
    if body.get("field"):
        fields.setdefault(str(body["field"]), message)
    if rows:  # a list refused row by row: its summary belongs beside the file input
        fields.setdefault("file", message)
    code = str(body.get("code"))
    return ListRefused(response.status_code, code, message, body.get("field"), fields, filename, rows)


async def send_spreadsheet(sender: Sender, path: str, upload: Upload, key: str) -> Any:
    """POST the file to the service (multipart `file`); its answer, or its refusal with the rows at fault."""
    if not upload.filename or not upload.content:
        raise ListRefused(422, "NO_FILE", NO_FILE, "file", {"file": NO_FILE}, upload.filename)
    headers = {"Authorization": f"Bearer {sender.token}", "Idempotency-Key": key}
    async with httpx.AsyncClient(base_url=sender.base_url, headers=headers, timeout=60) as client:
        try:
            files = {"file": (upload.filename, upload.content, upload.media_type)}
            response = await client.post(path, files=files)
        except httpx.HTTPError as exc:
            raise ApiError(503, "UNAVAILABLE", UNAVAILABLE) from exc
    if response.status_code >= 400:
        raise _refusal(response, upload.filename)
    return response.json()
