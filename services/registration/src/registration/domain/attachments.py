"""Attachments of a dossier: only PDF, DOCX, XLSX, JPG and PNG, recognised by their content."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from datetime import datetime

from emutrack_kit.errors import TooLarge, Unprocessable

MAX_BYTES = 20 * 1024 * 1024
ATTACHMENT_KINDS = {
    "achievement_report": "Báo cáo thành tích",
    "council_minutes": "Biên bản họp Hội đồng TĐKT",
    "decision": "Quyết định khen thưởng đã có",
    "other": "Tài liệu khác",
}
_EXTENSIONS = {
    "pdf": ("pdf",),
    "docx": ("docx",),
    "xlsx": ("xlsx",),
    "jpg": ("jpg", "jpeg"),
    "png": ("png",),
}
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "png": "image/png",
}


@dataclass(frozen=True)
class Attachment:
    """A document listed on a dossier: its kind, the checked file, who uploaded it and when."""

    attachment_id: str
    kind: str
    filename: str
    file_type: str
    media_type: str
    size: int
    sha256: str
    uploaded_by: str
    uploaded_at: datetime
    request_id: str | None = None  # from the upload's Idempotency-Key: a retried upload is listed once


@dataclass(frozen=True)
class CheckedFile:
    """A file whose type was recognised from its bytes."""

    filename: str
    file_type: str
    media_type: str
    size: int
    sha256: str


_MAGIC = ((b"%PDF-", "pdf"), (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpg"))
_OFFICE_PARTS = (("word/document.xml", "docx"), ("xl/workbook.xml", "xlsx"))


def sniff(content: bytes) -> str | None:
    """The file type from its first bytes (and, for Office files, the parts inside the zip)."""
    for magic, file_type in _MAGIC:
        if content.startswith(magic):
            return file_type
    return _office_type(content) if content.startswith(b"PK\x03\x04") else None


def _office_type(content: bytes) -> str | None:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(content)).namelist())
    except zipfile.BadZipFile:
        return None
    return next((file_type for part, file_type in _OFFICE_PARTS if part in names), None)


def check(filename: str, content: bytes) -> CheckedFile:
    """Accept a file only if its content is an allowed type matching its extension."""
    if len(content) > MAX_BYTES:
        raise TooLarge(
            "FILE_TOO_LARGE",
            f"Tệp '{filename}' lớn hơn {MAX_BYTES // (1024 * 1024)} MB.",
            field="file",
        )
    if not content:
        raise Unprocessable("EMPTY_FILE", f"Tệp '{filename}' rỗng.", field="file")
    detected = sniff(content)
    if detected is None:
        raise Unprocessable(
            "FILE_TYPE_NOT_ALLOWED",
            f"Tệp '{filename}' không phải PDF, DOCX, XLSX, JPG hoặc PNG; chỉ các loại này được đính kèm.",
            field="file",
        )
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in _EXTENSIONS[detected]:
        raise Unprocessable(
            "FILE_EXTENSION_MISMATCH",
            f"Tệp '{filename}' có đuôi '.{extension}' nhưng nội dung là {detected.upper()}; "
            "hãy kiểm tra lại tệp.",
            field="file",
        )
    return CheckedFile(
        filename, detected, MEDIA_TYPES[detected], len(content), hashlib.sha256(content).hexdigest()
    )
