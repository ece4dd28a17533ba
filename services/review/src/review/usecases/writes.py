"""Committing a use case's staged writes: a guarded write that lost a race is a conflict to retry."""

from __future__ import annotations

from emutrack_kit.errors import Conflict
from emutrack_kit.unit_of_work import StaleWrite, UnitOfWork

_CHANGED = {
    "nominations": "Hồ sơ vừa được thay đổi; hãy tải lại và thử lại.",
    "council_sessions": "Phiên họp vừa được thay đổi; hãy tải lại và thử lại.",
    "clusters": "Cụm thi đua vừa được thay đổi; hãy tải lại và thử lại.",
    "initiatives": "Sáng kiến vừa được Hội đồng xét xong; hãy tải lại để xem kết quả.",
}


async def commit(uow: UnitOfWork) -> list[bool]:
    """Apply the staged writes; one whose document changed meanwhile is CONCURRENT_CHANGE."""
    try:
        return await uow.commit()
    except StaleWrite as exc:
        raise Conflict("CONCURRENT_CHANGE", _CHANGED[exc.collection]) from None
