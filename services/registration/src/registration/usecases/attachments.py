"""Use cases of a dossier's documents: attach one (checked by its content), download one (ADR 0007)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

from emutrack_kit.auth import Principal
from emutrack_kit.errors import NotFound, Unprocessable
from emutrack_kit.idempotency import ensure_same_request, new_id, request_digest
from emutrack_kit.text import nfc
from registration.domain import attachments
from registration.domain.attachments import Attachment
from registration.domain.dossiers import Dossier, ensure_editable
from registration.usecases.access import READERS, SUBMITTERS, readable_dossier
from registration.usecases.context import Context


@dataclass(frozen=True)
class Attach:
    """A document to list on a dossier: its kind, the file's name and bytes."""

    dossier_id: str
    kind: str
    filename: str
    content: bytes
    idempotency_key: str | None = None


async def add_attachment(ctx: Context, principal: Principal, command: Attach) -> Dossier:
    """Check a document by its content, store it, and list it on the dossier (or store nothing).

    Under an Idempotency-Key, a retried upload (a double click) answers the dossier with it listed once.
    """
    dossier = await readable_dossier(ctx, principal, command.dossier_id, SUBMITTERS)
    ensure_editable(dossier.status)
    if command.kind not in attachments.ATTACHMENT_KINDS:
        raise Unprocessable(
            "UNKNOWN_ATTACHMENT_KIND",
            "Loại tài liệu phải là một trong: " + ", ".join(attachments.ATTACHMENT_KINDS),
            field="kind",
        )
    checked = attachments.check(nfc(command.filename), command.content)
    key = command.idempotency_key
    request_id = new_id("att", principal.subject, key) if key else None
    if _listed(dossier, request_id, command.kind, checked.sha256):
        return dossier
    file_id = await ctx.files.put(checked, command.content, command.dossier_id)
    entry = Attachment(
        attachment_id=file_id,
        kind=command.kind,
        filename=checked.filename,
        file_type=checked.file_type,
        media_type=checked.media_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=principal.subject,
        uploaded_at=ctx.now(),
        request_id=request_id,
    )
    try:
        attached = await ctx.dossiers.attach(command.dossier_id, entry)
    except Exception:
        await ctx.files.delete(file_id)
        raise
    stored = await ctx.dossiers.get(command.dossier_id)
    assert stored is not None
    if not attached:
        await ctx.files.delete(file_id)  # nothing half-stored: submitted meanwhile, or a retry came first
        if not _listed(stored, request_id, command.kind, checked.sha256):
            ensure_editable("submitted")
    return stored


def _listed(dossier: Dossier, request_id: str | None, kind: str, sha256: str) -> bool:
    """True if the upload under this key is already listed (the same document; another one is refused)."""
    same = next((a for a in dossier.attachments if request_id and a.request_id == request_id), None)
    if same is None:
        return False
    ensure_same_request(request_digest([same.kind, same.sha256]), request_digest([kind, sha256]))
    return True


async def download(
    ctx: Context, principal: Principal, dossier_id: str, attachment_id: str
) -> tuple[Attachment, AsyncIterator[bytes]]:
    """An attachment's metadata and bytes, for callers who may read the dossier."""
    dossier = await readable_dossier(ctx, principal, dossier_id, READERS)
    entry = next((a for a in dossier.attachments if a.attachment_id == attachment_id), None)
    if entry is None:
        raise NotFound("UNKNOWN_ATTACHMENT", "Không tìm thấy tài liệu này trong hồ sơ.")
    return entry, ctx.files.read(attachment_id)
