"""Spreadsheet uploads and downloads shared by the routes."""

from fastapi import UploadFile
from fastapi.responses import Response

from emutrack_kit.errors import TooLarge
from registration.adapters import xlsx

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def xlsx_response(content: bytes, filename: str) -> Response:
    """An .xlsx download."""
    return Response(
        content,
        media_type=xlsx.XLSX_MEDIA_TYPE,
        headers={"Content-Disposition": f"attachment; filename={filename}"},
    )


async def read_spreadsheet(file: UploadFile) -> bytes:
    """An uploaded spreadsheet's bytes, refused with 413 beyond the limit."""
    content = await file.read(MAX_UPLOAD_BYTES + 1)
    if len(content) > MAX_UPLOAD_BYTES:
        raise TooLarge(
            "FILE_TOO_LARGE",
            f"Tệp lớn hơn {MAX_UPLOAD_BYTES // (1024 * 1024)} MB; hãy chia nhỏ danh sách.",
            field="file",
        )
    return content
