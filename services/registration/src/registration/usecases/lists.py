"""What submitting a whole list shares (people, forms): row errors, the version, the compare-and-set."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict

from emutrack_kit.errors import Conflict, Unprocessable
from emutrack_kit.unit_of_work import Duplicate, StaleWrite, UnitOfWork
from registration.domain.people import RowError


def refuse_rows(errors: Sequence[RowError], what: str) -> Unprocessable:
    """`422 INVALID_ROWS`: every problem with its row and column; nothing of the list is stored."""
    return Unprocessable(
        "INVALID_ROWS",
        f"{what} có {len(errors)} lỗi; không dòng nào được lưu. Sửa các dòng được nêu và gửi lại.",
        details={"errors": [asdict(e) for e in errors]},
    )


async def commit_list(uow: UnitOfWork) -> None:
    """Store a list's new version; another submission of it stored first is a 409 the officer retries."""
    try:
        await uow.commit()
    except (Duplicate, StaleWrite):
        raise Conflict(
            "CONCURRENT_CHANGE", "Danh sách vừa được gửi từ một nơi khác; hãy tải lại và thử lại."
        ) from None
