"""Every review step reaches the submitter's inbox once; the recipient marks it read, nobody else can."""

from __future__ import annotations

from typing import Any

import httpx

from emutrack_contracts import new_event, samples
from emutrack_contracts.events.review import NominationStatusChanged
from emutrack_kit.consumer import Position
from emutrack_kit_testing.helpers import bearer
from notify import bootstrap
from notify.config import Settings
from notify.entrypoints.http import create_app

from .conftest import TREE

POS = Position("t", 0, 0)


def returned() -> Any:
    payload = NominationStatusChanged(
        nomination_id="hs-1@q-thanh-xuan", dossier_id="hs-1", round_id="r", year=2020,
        proposing_unit_id="p-kim-giang", level_unit_id="q-thanh-xuan", status="returned",
        reasons=["Thiếu biên bản họp Hội đồng"], changed_at="2020-12-20T03:00:00Z",  # type: ignore[arg-type]
    )  # fmt: skip
    return new_event(
        "nomination.status_changed", unit_path=["ha-noi", "q-thanh-xuan", "p-kim-giang"],
        actor="office", payload=payload,
    )  # fmt: skip


async def test_a_returned_dossier_reaches_its_unit_once_and_is_marked_read(
    service_env: Any, token: Any
) -> None:
    deps = bootstrap.deps(Settings())
    on = bootstrap.event_handlers(deps)
    for unit_id, name, kind, path in TREE:
        await on["unit.created"](samples.unit_created(unit_id, name, kind, path), POS)
    assert {"nomination.status_changed", "decision.issued", "council_session.scheduled"} <= set(on)
    event = returned()
    for _ in range(3):  # redelivered: still one message per recipient
        await on["nomination.status_changed"](event, POS)
    app = create_app(Settings(), deps)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://notify") as http:
        officer = bearer(token("unit_officer", "p-kim-giang"))
        page = (await http.get("/inbox", headers=officer)).json()
        assert page["unread"] == 1
        [item] = page["items"]
        assert item["subject"] == "Hồ sơ đề nghị khen thưởng của Phường Kim Giang: trả lại để bổ sung"
        assert "tại Quận Thanh Xuân: trả lại để bổ sung" in item["body"]
        assert "Thiếu biên bản họp Hội đồng" in item["body"]
        head = (await http.get("/inbox", headers=bearer(token("unit_head", "p-kim-giang")))).json()
        assert head["unread"] == 1
        assert (await http.get("/inbox", headers=bearer(token("unit_officer", "p-ha-dinh")))).json()[
            "items"
        ] == []

        other = await http.post(
            f"/inbox/{item['id']}/read", headers=bearer(token("unit_officer", "p-ha-dinh"))
        )
        assert other.status_code == 404
        assert other.json()["error"]["code"] == "UNKNOWN_MESSAGE"
        assert (await http.get("/inbox", headers=officer)).json()["unread"] == 1
        assert (await http.post(f"/inbox/{item['id']}/read", headers=officer)).status_code == 204
        assert (await http.get("/inbox", headers=officer)).json()["unread"] == 0
        head_page = (await http.get("/inbox", headers=bearer(token("unit_head", "p-kim-giang")))).json()
        assert head_page["unread"] == 1  # the head's own copy is still unread
