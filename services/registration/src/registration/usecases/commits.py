"""Committing a unit of work whose first write may find its record already there (seeding, imports)."""

from __future__ import annotations

from emutrack_kit.unit_of_work import Duplicate, UnitOfWork


async def commit_if_new(uow: UnitOfWork) -> bool:
    """Apply the staged writes; False (nothing written) if the record exists already."""
    try:
        await uow.commit()
    except Duplicate:
        return False
    return True
