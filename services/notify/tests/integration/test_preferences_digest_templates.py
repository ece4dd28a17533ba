"""Preferences choose channels and digests; a level's template rules its subtree; bad input is refused."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from emutrack_contracts import new_event
from emutrack_contracts.events.review import CouncilSessionScheduled, NominationStatusChanged
from emutrack_kit_testing.helpers import bearer
from emutrack_kit_testing.receivers import smtp_receiver, webhook_receiver
from notify.domain.examples import example_payload
from notify.usecases.digests import send_digests

from .conftest import POS, NotifyWorld

HANG = {"name": "Nguyễn Thị Hằng", "email": "hang@kimgiang.hanoi.gov.vn"}
DOSSIER = "Hồ sơ đề nghị khen thưởng của Phường Kim Giang"  # dossiers whose submission notify did not hear of


def status_changed(dossier: str, status: str, at: datetime, **more: Any) -> Any:
    fields = {"dossier_id": dossier, "status": status, "changed_at": at, **more}
    payload = NominationStatusChanged.model_validate(
        {**example_payload("nomination.status_changed"), **fields}
    )
    return new_event(
        "nomination.status_changed", unit_path=["ha-noi", "q-thanh-xuan", "p-kim-giang"],
        actor="office", payload=payload, occurred_at=at,
    )  # fmt: skip


@pytest.fixture
def smtp() -> Any:
    with smtp_receiver() as receiver:
        yield receiver


async def test_dossier_steps_wait_for_one_morning_digest_and_council_mail_can_be_turned_off(
    smtp: Any, token: Any, open_notify: Any
) -> None:
    world: NotifyWorld = await open_notify(smtp_port=smtp.port)
    officer = bearer(token("unit_officer", "p-kim-giang"))
    contacts = {"roles": {"unit_officer": [HANG], "council_member": [HANG]}}
    assert (
        await world.http.put("/units/p-kim-giang/contacts", json=contacts, headers=officer)
    ).status_code == 200
    prefs = {"digest_kinds": ["dossier"]}
    response = await world.http.put(
        "/units/p-kim-giang/preferences/unit_officer", json=prefs, headers=officer
    )
    assert response.status_code == 200, response.text

    day = datetime(2020, 12, 20, 3, 0, tzinfo=UTC)  # 10:00 in Hà Nội
    events = [status_changed("hs-1", "received", day), status_changed("hs-2", "returned", day)]
    for event in events * 2:  # redelivered
        await world.on["nomination.status_changed"](event, POS)
    await world.deliver_all()
    assert smtp.messages == []  # held for the digest (the in-app copies are there already)
    inbox = (await world.http.get("/inbox", headers=officer)).json()
    assert inbox["unread"] == 2

    assert await send_digests(world.deps, datetime(2020, 12, 20, 23, 0, tzinfo=UTC), hour=7) == 0  # 06:00 HN
    for _ in range(2):  # 07:00 and 07:05 the next morning: one digest
        await send_digests(world.deps, datetime(2020, 12, 21, 0, 5, tzinfo=UTC), hour=7)
        await world.deliver_all()
    [digest] = smtp.messages
    assert digest["Subject"] == "Tổng hợp 2 thông báo đến ngày 21/12/2020"
    text = digest.get_body(("plain",)).get_content()
    assert f"{DOSSIER}: đã tiếp nhận" in text
    assert f"{DOSSIER}: trả lại để bổ sung" in text

    # A step of the 20th that arrives after the morning's digest goes out in a digest of its own.
    await world.on["nomination.status_changed"](status_changed("hs-3", "appraised", day), POS)
    await send_digests(world.deps, datetime(2020, 12, 21, 1, 0, tzinfo=UTC), hour=7)
    await world.deliver_all()
    assert [m["Subject"] for m in smtp.messages][1:] == ["Tổng hợp 1 thông báo đến ngày 21/12/2020"]
    office = bearer(token("standing_office", "q-thanh-xuan"))
    log = (await world.http.get("/units/p-kim-giang/deliveries?status=digested", headers=office)).json()
    assert sorted(d["subject"] for d in log) == [
        f"{DOSSIER}: trả lại để bổ sung", f"{DOSSIER}: đã thẩm định", f"{DOSSIER}: đã tiếp nhận",
    ]  # fmt: skip

    # A council member who turned council e-mail off still finds the session in the inbox.
    member = bearer(token("council_member", "p-kim-giang"))
    off = {"channels": {"council": ["in_app"]}}
    assert (
        await world.http.put("/units/p-kim-giang/preferences/council_member", json=off, headers=member)
    ).status_code == 200
    session = CouncilSessionScheduled.model_validate(
        {**example_payload("council_session.scheduled"), "level_unit_id": "p-kim-giang"}
    )
    event = new_event("council_session.scheduled", unit_path=["ha-noi"], actor="o", payload=session)
    await world.on["council_session.scheduled"](event, POS)
    await world.deliver_all()
    assert len(smtp.messages) == 2  # the two digests: nothing for the council session
    assert (await world.http.get("/inbox", headers=member)).json()["unread"] == 1


async def test_preferences_belong_to_their_holder_and_name_real_kinds(token: Any, open_notify: Any) -> None:
    world: NotifyWorld = await open_notify()
    sibling = bearer(token("unit_officer", "p-ha-dinh"))
    response = await world.http.put("/units/p-kim-giang/preferences/unit_officer", json={}, headers=sibling)
    assert response.status_code == 403
    head = bearer(token("unit_head", "p-kim-giang"))
    assert (
        await world.http.put("/units/p-kim-giang/preferences/unit_officer", json={}, headers=head)
    ).status_code == 200
    bad = await world.http.put(
        "/units/p-kim-giang/preferences/unit_head",
        json={"channels": {"khen_thuong": ["email"]}},
        headers=head,
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["code"] == "INVALID_PREFERENCE"
    assert "khen_thuong" in bad.json()["error"]["message"]
    unknown = await world.http.put("/units/p-khong-co/preferences/unit_head", json={}, headers=head)
    assert unknown.status_code == 404


async def test_a_district_template_applies_to_its_wards_only_and_a_broken_one_is_refused(
    token: Any, open_notify: Any
) -> None:
    world: NotifyWorld = await open_notify()
    office = bearer(token("standing_office", "q-thanh-xuan"))
    url = "/levels/q-thanh-xuan/templates/nomination.status_changed/in_app"
    broken = await world.http.put(url, json={"text": "Hồ sơ {{ p.dossier_id "}, headers=office)
    assert broken.status_code == 422
    assert broken.json()["error"]["code"] == "TEMPLATE_INVALID"
    unknown_var = await world.http.put(url, json={"text": "{{ p.khong_co }}\nx"}, headers=office)
    assert unknown_var.status_code == 422
    sandboxed = await world.http.put(url, json={"text": "{{ p.__class__.__mro__ }}\nx"}, headers=office)
    assert sandboxed.status_code == 422
    text = "[Quận Thanh Xuân] Hồ sơ {{ p.dossier_id }}: {{ p.status | status_vi }}\nLiên hệ Phòng Nội vụ."
    ok = await world.http.put(url, json={"text": text}, headers=office)
    assert ok.status_code == 200, ok.text
    assert ok.json()["subject"] == "[Quận Thanh Xuân] Hồ sơ hs-1: trả lại để bổ sung"
    ward_office = bearer(token("standing_office", "p-kim-giang"))
    assert (await world.http.put("/levels/q-thanh-xuan/templates/nomination.status_changed/in_app",
                                 json={"text": text}, headers=ward_office)).status_code == 403  # fmt: skip

    await world.on["nomination.status_changed"](status_changed("hs-9", "received", datetime.now(UTC)), POS)
    officer = bearer(token("unit_officer", "p-kim-giang"))
    [item] = (await world.http.get("/inbox", headers=officer)).json()["items"]
    assert item["subject"] == "[Quận Thanh Xuân] Hồ sơ hs-9: đã tiếp nhận"
    # An override that passes on the example but fails on a real event falls back, and says why.
    fragile = "Hồ sơ {{ p.dossier_id }}: {{ 1 // (p.reasons | length) }}\nx"
    assert (await world.http.put(url, json={"text": fragile}, headers=office)).status_code == 200
    no_reasons = status_changed("hs-10", "received", datetime.now(UTC), reasons=[])
    await world.on["nomination.status_changed"](no_reasons, POS)
    items = (await world.http.get("/inbox", headers=officer)).json()["items"]
    assert items[0]["subject"] == "Thông báo mới về hồ sơ đề nghị khen thưởng"
    stored = await world.deps.inbox.document(items[0]["id"])
    assert stored is not None
    assert stored["template_error"].startswith("ZeroDivisionError")
    assert (await world.http.put(url, json={"text": "{{ 1/0 }}\nx"}, headers=office)).status_code == 422

    listed = (await world.http.get("/levels/q-thanh-xuan/templates", headers=office)).json()
    assert [(t["event_type"], t["channel"]) for t in listed] == [("nomination.status_changed", "in_app")]
    assert (await world.http.delete(url, headers=office)).status_code == 204
    assert (await world.http.delete(url, headers=office)).status_code == 404


async def test_webhook_urls_are_checked_and_secrets_never_shown_again(token: Any, open_notify: Any) -> None:
    world: NotifyWorld = await open_notify()
    officer = bearer(token("unit_officer", "p-kim-giang"))
    ftp = await world.http.post(
        "/units/p-kim-giang/webhooks", json={"url": "ftp://portal.vn/x"}, headers=officer
    )
    assert ftp.status_code == 422
    assert (ftp.json()["error"]["code"], ftp.json()["error"]["field"]) == ("WEBHOOK_URL_SCHEME", "url")
    assert ftp.json()["error"]["message"] == "Địa chỉ webhook phải bắt đầu bằng http:// hoặc https://."
    for bad in ("http://[::1", "http://portal.vn:abc/", "http://portal.vn/x\n"):
        refused = await world.http.post("/units/p-kim-giang/webhooks", json={"url": bad}, headers=officer)
        assert refused.status_code == 422, bad
        assert refused.json()["error"]["code"] == "WEBHOOK_URL_INVALID", bad
    world.deps.production = True
    for url in (
        "http://127.0.0.1:9/hook",
        "http://localhost/hook",
        "https://10.0.0.7/hook",
        "http://[::1]/x",
    ):
        refused = await world.http.post("/units/p-kim-giang/webhooks", json={"url": url}, headers=officer)
        assert refused.status_code == 422, url
        assert refused.json()["error"]["code"] == "WEBHOOK_URL_NOT_PUBLIC", url
    world.deps.production = False
    with webhook_receiver() as portal:
        hook = {"url": portal.url(), "kinds": ["decision"]}
        created = await world.http.post("/units/p-kim-giang/webhooks", json=hook, headers=officer)
        assert created.status_code == 201
        assert len(created.json()["secret"]) >= 32
    shown = (await world.http.get("/units/p-kim-giang/notification-settings", headers=officer)).json()
    assert [w["url"] for w in shown["webhooks"]] == [portal.url()]
    assert "secret" not in shown["webhooks"][0]
    hook = {"url": portal.url(), "kinds": ["x"]}
    bad_kind = await world.http.post("/units/p-kim-giang/webhooks", json=hook, headers=officer)
    assert bad_kind.status_code == 422
    assert bad_kind.json()["error"]["fields"][0]["message"] == "Loại thông báo không tồn tại: x."
    bad_mail = await world.http.put(
        "/units/p-kim-giang/contacts",
        json={"roles": {"unit_head": [{"email": "khong-phai-email"}]}},
        headers=officer,
    )
    assert bad_mail.status_code == 422
    assert bad_mail.json()["error"]["fields"][0]["field"] == "roles.unit_head.0.email"
    accented = {"roles": {"unit_head": [{"email": "nguyễn@kimgiang.hanoi.gov.vn"}]}}
    refused_mail = await world.http.put("/units/p-kim-giang/contacts", json=accented, headers=officer)
    assert refused_mail.status_code == 422  # relays must accept it: addresses stay ASCII
    assert "không dấu" in refused_mail.json()["error"]["fields"][0]["message"]
    sub_id = shown["webhooks"][0]["id"]
    assert (
        await world.http.delete(f"/units/p-kim-giang/webhooks/{sub_id}", headers=officer)
    ).status_code == 204
    assert (
        await world.http.delete(f"/units/p-kim-giang/webhooks/{sub_id}", headers=officer)
    ).status_code == 404
