"""The people search index, kept by the registration consumer from its own list events (ADR 0008)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from emutrack_contracts import Envelope
from emutrack_kit.consumer import Position
from emutrack_kit_testing.helpers import bearer, eventually
from emutrack_kit_testing.processes import Slice
from registration import bootstrap
from registration.usecases.context import Context

ROUND = "dk-2020-q-thanh-xuan"
INDEX = ("people_postings", "people_rows", "people_index_lists", "people_years")
KIM_GIANG = [
    ("Nguyễn Thị Thịnh", "Lao động tiên tiến"),
    ("Trần Văn Đức", "Chiến sĩ thi đua cơ sở"),
    ("Lê Thị Hồng Nhung", "Lao động tiên tiến"),
    ("Nguyễn Văn Thịnh", "Lao động tiên tiến"),
]
KHUONG_DINH = [("Nguyễn Thị Thịnh", "Lao động tiên tiến"), ("Phạm Thu Hà", "Lao động tiên tiến")]


def body(people: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "people": [
            {"full_name": name, "birth_date": f"{i:02d}/03/1985", "title": title}
            for i, (name, title) in enumerate(people, start=1)
        ]
    }


async def put(http: httpx.AsyncClient, token: Any, unit: str, people: list[tuple[str, str]]) -> int:
    response = await http.put(
        f"/rounds/{ROUND}/units/{unit}/individual-registrations",
        json=body(people),
        headers=bearer(token("unit_officer", unit)),
    )
    assert response.status_code == 200, response.text
    return int(response.json()["version"])


def searcher(http: httpx.AsyncClient, headers: dict[str, str]) -> Any:
    async def search(**params: Any) -> dict[str, Any]:
        response = await http.get("/people", params=params, headers=headers)
        assert response.status_code == 200, response.text
        return dict(response.json())

    return search


def names(page: dict[str, Any]) -> list[tuple[str, str]]:
    return [(p["full_name"], p["unit_id"]) for p in page["items"]]


async def test_the_consumer_indexes_lists_and_search_finds_words_within_reach(
    http: httpx.AsyncClient, token: Any, indexer: Slice
) -> None:
    await put(http, token, "p-kim-giang", KIM_GIANG)
    await put(http, token, "p-khuong-dinh", KHUONG_DINH)
    district = searcher(http, bearer(token("standing_office", "q-thanh-xuan")))
    found = await eventually(lambda: district(q="nguyen thi thinh"), lambda p: p["total"] == 2)
    assert sorted(names(found)) == [
        ("Nguyễn Thị Thịnh", "p-khuong-dinh"),
        ("Nguyễn Thị Thịnh", "p-kim-giang"),
    ]
    await eventually(lambda: district(q="pham"), lambda p: p["total"] == 1)  # both lists indexed

    # Every word must match (AND), whole words except the last, which may be a prefix.
    assert sorted(names(await district(q="THỊNH nguyễn"))) == [
        ("Nguyễn Thị Thịnh", "p-khuong-dinh"),
        ("Nguyễn Thị Thịnh", "p-kim-giang"),
        ("Nguyễn Văn Thịnh", "p-kim-giang"),
    ]
    assert names(await district(q="van th")) == [("Nguyễn Văn Thịnh", "p-kim-giang")]
    assert (await district(q="thin nguyen"))["total"] == 0  # "thin" is not a whole word
    assert (await district(q="nguyen xuan"))["total"] == 0

    # Filters: unit subtree, title, round, year; pagination with a stable order and the total.
    assert names(await district(q="nguyen thi thinh", unit_id="p-khuong-dinh")) == [
        ("Nguyễn Thị Thịnh", "p-khuong-dinh")
    ]
    assert names(await district(q="duc", title_code="chien_si_thi_dua_co_so")) == [
        ("Trần Văn Đức", "p-kim-giang")
    ]
    assert (await district(q="duc", title_code="lao_dong_tien_tien"))["total"] == 0
    assert (await district(q="nguyen", round_id=ROUND, year=2020))["total"] == 3
    assert (await district(q="nguyen", round_id="another-round"))["total"] == 0
    assert (await district(q="nguyen", year=2021))["total"] == 0
    everything = await district(q="th", limit=500)
    pages = [await district(q="th", limit=2, skip=s) for s in (0, 2, 4)]
    assert [p["total"] for p in pages] == [everything["total"]] * 3 == [5] * 3
    assert [n for p in pages for n in names(p)] == names(everything)

    # Reach: a ward officer sees only the ward; another district's viewer sees nothing.
    ward = searcher(http, bearer(token("unit_officer", "p-kim-giang")))
    assert {u for _, u in names(await ward(q="nguyen thi thinh"))} == {"p-kim-giang"}
    other_ward = searcher(http, bearer(token("unit_officer", "p-khuong-dinh")))
    assert names(await other_ward(q="duc")) == []
    assert (await searcher(http, bearer(token("viewer", "q-hoang-mai")))(q="thinh"))["total"] == 0
    city = searcher(http, bearer(token("viewer", "ha-noi")))
    assert (await city(q="nguyen thi thinh"))["total"] == 2


async def test_a_resubmitted_list_replaces_its_people_in_the_index(
    http: httpx.AsyncClient, token: Any, indexer: Slice
) -> None:
    district = searcher(http, bearer(token("standing_office", "q-thanh-xuan")))
    await put(http, token, "p-kim-giang", KIM_GIANG)
    await eventually(lambda: district(q="tran van duc"), lambda p: p["total"] == 1)
    shorter = [("Nguyễn Thị Thịnh", "Chiến sĩ thi đua cơ sở"), ("Vũ Minh Khôi", "Lao động tiên tiến")]
    assert await put(http, token, "p-kim-giang", shorter) == 2
    await eventually(lambda: district(q="vu minh khoi"), lambda p: p["total"] == 1)
    assert (await district(q="tran van duc"))["total"] == 0
    assert (await district(q="hong nhung"))["total"] == 0
    assert (await district(q="nguyen"))["total"] == 1
    [thinh] = (await district(q="nguyen thi thinh"))["items"]
    assert (thinh["title_code"], thinh["birth_date"]) == ("chien_si_thi_dua_co_so", "1985-03-01")


async def stored_events(mongo: Any, namespace: str) -> list[Envelope]:
    lists = mongo[f"{namespace}_registration"]["individual_lists"]
    return [
        Envelope.model_validate(e["envelope"])
        for d in await lists.find({}).to_list(None)
        for e in d["_outbox"]
    ]


async def _index(deps: Context, event: Envelope, position: Position) -> None:
    """Apply one list event with the consumer's own subscriber (no relay, no Kafka)."""
    await bootstrap.event_handlers(deps)["individual_registrations.submitted"](event, position)


async def snapshot(mongo: Any, namespace: str) -> dict[str, list[Any]]:
    db = mongo[f"{namespace}_registration"]
    return {c: await db[c].find({}).sort("_id", 1).to_list(None) for c in INDEX}


async def test_a_replayed_or_older_event_changes_nothing(
    http: httpx.AsyncClient, token: Any, deps: Context, mongo: Any, namespace: str
) -> None:
    await put(http, token, "p-kim-giang", KIM_GIANG)
    await put(http, token, "p-kim-giang", KIM_GIANG[:2])
    first, second = await stored_events(mongo, namespace)
    assert (first.payload["version"], second.payload["version"]) == (1, 2)
    for offset, event in enumerate([first, second]):
        await _index(deps, event, Position("t", 0, offset))
    indexed = await snapshot(mongo, namespace)
    district = searcher(http, bearer(token("standing_office", "q-thanh-xuan")))
    before = await district(q="nguyen")
    assert names(before) == [("Nguyễn Thị Thịnh", "p-kim-giang")]

    for offset, event in enumerate([second, second, first, first], start=2):
        await _index(deps, event, Position("t", 0, offset))
    assert await snapshot(mongo, namespace) == indexed
    assert await district(q="nguyen") == before


class CrashingCollection:
    """A collection whose `bulk_write` fails after `allowed` calls (a crash part-way)."""

    def __init__(self, collection: Any, allowed: int) -> None:
        self._collection = collection
        self._allowed = allowed

    def __getattr__(self, name: str) -> Any:
        return getattr(self._collection, name)

    async def bulk_write(self, *args: Any, **kwargs: Any) -> Any:
        if self._allowed == 0:
            raise RuntimeError("crash")
        self._allowed -= 1
        return await self._collection.bulk_write(*args, **kwargs)


@pytest.mark.parametrize("then", ["redelivered", "parked, then a newer version"])
async def test_a_crash_part_way_through_a_version_leaves_no_trace(
    http: httpx.AsyncClient,
    token: Any,
    deps: Context,
    mongo: Any,
    namespace: str,
    monkeypatch: pytest.MonkeyPatch,
    then: str,
) -> None:
    many = [(f"{family} {middle} {given}", "Lao động tiên tiến") for family, middle, given in _names()]
    others = [("Đinh Công Tráng", "Lao động tiên tiến"), ("Mạc Thị Bưởi", "Lao động tiên tiến")]
    for people in (many, others, many[:3]):
        await put(http, token, "p-kim-giang", people)
    first, second, third = await stored_events(mongo, namespace)
    await _index(deps, first, Position("t", 0, 0))
    index = deps.people_index
    monkeypatch.setattr(index, "_postings", CrashingCollection(index._postings, allowed=1))
    with pytest.raises(RuntimeError):
        await _index(deps, second, Position("t", 0, 1))
    monkeypatch.undo()
    assert await index.applied_version("dk-2020-q-thanh-xuan|p-kim-giang") == 1
    final, expected = (second, others) if then == "redelivered" else (third, many[:3])
    await _index(deps, final, Position("t", 0, 2))

    db = mongo[f"{namespace}_registration"]
    state = await db["people_index_lists"].find_one({"_id": "dk-2020-q-thanh-xuan|p-kim-giang"})
    holding = await db["people_postings"].find({}).to_list(None)
    assert state["v"] == final.payload["version"]
    assert sorted(d["_id"] for d in holding if d.get("lists")) == sorted(state["keys"])
    district = searcher(http, bearer(token("standing_office", "q-thanh-xuan")))
    for name, title in many + others:
        assert (await district(q=name))["total"] == int((name, title) in expected), name


def _names() -> list[tuple[str, str, str]]:
    """Twelve people whose names make more than one batch of posting updates (50)."""
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ"] * 2
    given = ["An", "Bình", "Khánh", "Quỳnh", "Phương", "Thắng", "Dũng", "Giang", "Hạnh", "Lâm", "Mai", "Sơn"]
    return list(zip(family, ["Văn", "Thị"] * 6, given, strict=True))
