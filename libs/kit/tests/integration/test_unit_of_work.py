"""The unit of work on the real server: staged writes with their events, one duplicate error, stale writes."""

from __future__ import annotations

from typing import Any

import pytest

from emutrack_contracts import samples
from emutrack_kit.errors import Unprocessable
from emutrack_kit.idempotency import create_once, new_id, request_digest
from emutrack_kit.repository import Repository
from emutrack_kit.unit_of_work import Duplicate, StaleWrite, UnitOfWork


class Things(Repository):
    collection_name = "things"


@pytest.fixture
async def things(mongo: Any, namespace: str) -> Any:
    db = mongo[f"{namespace}_kit"]
    yield Things(db)
    await mongo.drop_database(f"{namespace}_kit")


async def test_writes_go_in_order_with_their_events_in_the_same_document(things: Things) -> None:
    created, changed = (
        samples.registration_submitted("a"),
        samples.registration_changed("submitted", "approved", "a"),
    )
    uow = UnitOfWork()
    uow.insert(things.collection, {"_id": "t1", "status": "submitted"}, [created])
    uow.update(
        things.collection, {"_id": "t1", "status": "submitted"}, {"$set": {"status": "approved"}}, [changed]
    )
    assert [e.event_id for e in uow.events] == [created.event_id, changed.event_id]
    assert await uow.commit() == [True, True]
    stored = await things.collection.find_one({"_id": "t1"})
    assert stored["status"] == "approved"
    assert [e["envelope"]["event_id"] for e in stored["_outbox"]] == [
        str(created.event_id),
        str(changed.event_id),
    ]
    assert (stored["_outbox_seq"], stored["_outbox_pending"]) == (2, True)
    assert (await things.document("t1")) == {"_id": "t1", "status": "approved", "_outbox_seq": 2,
                                            "_outbox_published": 0, "_outbox_pending": True}  # fmt: skip


async def test_one_duplicate_error_and_a_guard_that_fails_is_a_stale_write(things: Things) -> None:
    uow = UnitOfWork()
    uow.insert(things.collection, {"_id": "t1", "version": 1})
    await uow.commit()
    uow.insert(things.collection, {"_id": "t1", "version": 9})
    with pytest.raises(Duplicate) as duplicate:
        await uow.commit()
    assert (duplicate.value.collection, duplicate.value.key) == ("things", "t1")
    uow.update(things.collection, {"_id": "t1", "version": 2}, {"$set": {"x": 1}})
    with pytest.raises(StaleWrite):
        await uow.commit()
    uow.update(things.collection, {"_id": "t1", "version": 2}, {"$set": {"x": 1}}, guarded=False)
    assert await uow.commit() == [False]
    assert await things.document("t1") == {"_id": "t1", "version": 1}


async def test_pages_count_every_match(things: Things) -> None:
    uow = UnitOfWork()
    for n in range(5):
        uow.insert(
            things.collection,
            {"_id": f"t{n}", "n": n, "even": n % 2 == 0},
            [samples.registration_submitted("a")],
        )
    await uow.commit()
    page = await things.page({"even": True}, [("n", -1)], limit=2, skip=0)
    assert ([d["_id"] for d in page.items], page.total) == (["t4", "t2"], 3)
    assert all("_outbox" not in d for d in page.items)


async def test_an_idempotent_create_answers_a_retry_with_the_first_record(things: Things) -> None:
    key = new_id("th", "can-bo", "k-1")
    assert key == new_id("th", "can-bo", "k-1") != new_id("th", "can-bo", "k-2")

    async def create(body: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        digest = request_digest(body)

        async def insert() -> dict[str, Any]:
            uow = UnitOfWork()
            uow.insert(things.collection, {"_id": key, **body, "digest": digest})
            await uow.commit()
            return {"_id": key, **body}

        async def stored() -> tuple[dict[str, Any], str | None] | None:
            doc = await things.document(key)
            return None if doc is None else ({"_id": key, "name": doc["name"]}, doc["digest"])

        return await create_once(insert, stored, digest)

    assert await create({"name": "Kim Giang"}) == ({"_id": key, "name": "Kim Giang"}, True)
    assert await create({"name": "Kim Giang"}) == ({"_id": key, "name": "Kim Giang"}, False)
    with pytest.raises(Unprocessable) as reused:
        await create({"name": "Hạ Đình"})
    assert reused.value.code == "IDEMPOTENCY_KEY_REUSED"
