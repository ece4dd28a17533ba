"""The in-memory store a rebuild writes holds exactly the collections the live repositories use."""

from __future__ import annotations

from typing import Any

from reporting.adapters.live import LiveUnitOfWork
from reporting.adapters.rebuilt import RebuildUnitOfWork


class RecordingDatabase:
    """Remembers which collections the repositories open."""

    def __init__(self) -> None:
        self.names: set[str] = set()

    def __getitem__(self, name: str) -> Any:
        self.names.add(name)
        return object()


def test_the_rebuild_writes_every_collection_the_live_service_reads() -> None:
    db = RecordingDatabase()
    LiveUnitOfWork(db)  # type: ignore[arg-type]
    assert set(RebuildUnitOfWork().documents()) == db.names
