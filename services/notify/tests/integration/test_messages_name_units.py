"""Every message a person reads names units, rounds and dossiers by their names, never by their ids.

Real events of every kind notify tells go through its consumer's handlers on the real servers; the
in-app messages, the e-mails (subject, text and HTML), the webhook texts, the reminders, the late
report and the digest are all read back and searched for ids.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from emutrack_contracts import Envelope, new_event, samples
from emutrack_contracts.registry import payload_model
from notify.domain.channels import KIND_OF, Preferences
from notify.domain.examples import example_payload
from notify.domain.settings import Contact, WebhookSubscription
from notify.usecases.digests import send_digests
from notify.usecases.reminders import send_due_reminders

from .conftest import POS, NotifyWorld

REGISTRATION_ROUND = "dk-2020-q-thanh-xuan"
NOMINATION_ROUND = "kt-nam-2020-q-thanh-xuan"  # the round of samples.nomination_submitted
KNOWN, UNKNOWN = "hs-7", "hs-8"  # a dossier notify heard submitted, and one it did not
IDS = (
    "ha-noi",
    "q-thanh-xuan",
    "p-kim-giang",
    "p-ha-dinh",
    REGISTRATION_ROUND,
    NOMINATION_ROUND,
    KNOWN,
    UNKNOWN,
)
WARD_PATH = ["ha-noi", "q-thanh-xuan", "p-kim-giang"]


def event(event_type: str, fields: dict[str, Any], path: list[str] = WARD_PATH) -> Envelope:
    payload = payload_model(event_type).model_validate(fields)
    return new_event(event_type, unit_path=path, actor="t", payload=payload)


def round_opened(round_id: str, name: str, kind: str, deadline: datetime) -> Envelope:
    fields = {
        "round_id": round_id, "name": name, "kind": kind, "year": 2020, "receiving_unit_id": "q-thanh-xuan",
        "deadline": deadline,
    }  # fmt: skip
    return event("round.opened", fields, ["ha-noi", "q-thanh-xuan"])


def status_changed(dossier_id: str, status: str) -> Envelope:
    fields = {
        **example_payload("nomination.status_changed"), "nomination_id": f"{dossier_id}@q-thanh-xuan",
        "dossier_id": dossier_id, "round_id": NOMINATION_ROUND, "status": status,
    }  # fmt: skip
    return event("nomination.status_changed", fields)


async def set_up(world: NotifyWorld) -> None:
    """Addresses for every role news goes to, portals for the ward and the district, two rounds."""
    now = datetime.now(UTC)
    mail = [Contact("Cán bộ thi đua", "thidua@hanoi.gov.vn")]
    ward_roles = {role: mail for role in ("unit_officer", "unit_head")}
    office_roles = {role: mail for role in ("standing_office", "council_member", "council_chair")}
    for unit, roles in (
        ("p-kim-giang", ward_roles),
        ("p-ha-dinh", ward_roles),
        ("q-thanh-xuan", office_roles),
    ):
        await world.deps.unit_settings.set_contacts(unit, roles, [], now)
        hook = WebhookSubscription(f"cong-{unit}", "https://portal.hanoi.gov.vn/hook", secret="s",
                                   roles=tuple(roles))  # fmt: skip
        await world.deps.unit_settings.add_webhook(unit, hook)
    # Kim Giang's officer reads dossier news in the morning digest (its head, at once).
    await world.deps.unit_settings.set_preferences(
        "p-kim-giang", "unit_officer", Preferences(digest_kinds=frozenset({"dossier"})), now
    )
    await world.on["round.opened"](
        round_opened(REGISTRATION_ROUND, "Đăng ký thi đua năm 2020", "registration",
                     datetime(2020, 2, 5, 16, 59, 59, tzinfo=UTC)), POS,
    )  # fmt: skip
    await world.on["round.opened"](
        round_opened(NOMINATION_ROUND, "Khen thưởng tổng kết năm 2020", "nomination",
                     datetime(2020, 12, 31, 16, 59, 59, tzinfo=UTC)), POS,
    )  # fmt: skip


def news_of_every_kind() -> list[Envelope]:
    """Each routed event as its producer publishes it (round names left out where the contract allows)."""
    reviewed = (
        "public_comment.opened", "decision.issued", "initiative.decided", "council_session.scheduled",
        "council_session.closed", "cluster_ranking.published",
    )  # fmt: skip
    return [
        samples.registration_submitted("Tập thể lao động tiên tiến", round_id=REGISTRATION_ROUND),
        samples.registration_changed(
            "submitted", "approved", "Tập thể lao động tiên tiến", round_id=REGISTRATION_ROUND
        ),
        samples.people_listed(1, ["Chiến sĩ thi đua cơ sở"]),
        samples.nomination_submitted(KNOWN),
        status_changed(KNOWN, "returned"),
        status_changed(UNKNOWN, "received"),
        *(event(t, example_payload(t), ["ha-noi", "q-thanh-xuan"]) for t in reviewed),
        event(
            "round.extension_granted",
            {
                **example_payload("round.extension_granted"),
                "round_id": REGISTRATION_ROUND,
                "unit_id": "p-kim-giang",
            },
            ["ha-noi", "q-thanh-xuan"],
        ),
    ]


def kind_of_message(event_id: str, sent: dict[str, str]) -> str:
    return sent.get(event_id) or event_id.split(":", 1)[0].replace("late", "late_report")


async def read_back(db: Any, sent: dict[str, str]) -> list[tuple[str, str, str, str]]:
    """(event type, channel, subject, text) of everything a person reads: in-app, e-mails, webhooks."""
    found = [
        (kind_of_message(m["event_id"], sent), "in_app", m["subject"], m["body"])
        for m in await db["inbox"].find({}).to_list(None)
    ]
    for d in await db["deliveries"].find({}).to_list(None):
        if d["channel"] == "email":
            found.append((d["event_type"], "email", d["subject"], f"{d['body']}\n{d['html']}"))
        else:
            content = json.loads(d["content"])
            found.append((d["event_type"], "webhook", content["subject"], content["text"]))
    return found


async def test_every_message_names_units_rounds_and_dossiers_never_their_ids(
    open_notify: Any, mongo: Any, namespace: str
) -> None:
    world: NotifyWorld = await open_notify()
    await set_up(world)
    news = news_of_every_kind()
    for envelope in news:
        await world.on[envelope.event_type](envelope, POS)
    await send_due_reminders(world.deps, datetime(2020, 2, 3, 1, 0, tzinfo=UTC))  # 3 days before: Hạ Đình
    await send_due_reminders(world.deps, datetime(2020, 2, 6, 1, 0, tzinfo=UTC))  # the day after: late
    await send_digests(world.deps, datetime(2099, 1, 1, 0, 5, tzinfo=UTC), hour=7)

    found = await read_back(mongo[f"{namespace}_notify"], {str(e.event_id): e.event_type for e in news})
    assert {t for t, *_ in found} == {*KIND_OF}, "every kind of news was told"
    assert {c for _, c, *_ in found} == {"in_app", "email", "webhook"}
    leaks = [
        (t, c, i, text) for t, c, subject, body in found for text in (subject, body) for i in IDS if i in text
    ]
    assert leaks == []
    in_app = {(t, subject): body for t, c, subject, body in found if c == "in_app"}
    by_type = {t: body for (t, _), body in in_app.items()}
    assert (
        "Phường Kim Giang đã đăng ký danh hiệu “Tập thể lao động tiên tiến” (đợt “Đăng ký thi đua năm 2020”)"
        in (by_type["registration.submitted"])
    )
    returned = in_app[
        "nomination.status_changed",
        "Hồ sơ đề nghị “Bằng khen của Chủ tịch UBND Thành phố” cho Phường Kim Giang: trả lại để bổ sung",
    ]
    assert "(năm 2020, đợt “Khen thưởng tổng kết năm 2020”) tại Quận Thanh Xuân: trả lại" in returned
    assert (
        "nomination.status_changed",
        "Hồ sơ đề nghị khen thưởng của Phường Kim Giang: đã tiếp nhận",
    ) in in_app
    assert (
        "1. Phường Hạ Đình: 98.0 điểm\n2. Phường Kim Giang: 80.0 điểm" in by_type["cluster_ranking.published"]
    )
    assert "Hội đồng Thi đua - Khen thưởng Quận Thanh Xuân họp" in by_type["council_session.scheduled"]
    assert "- Phường Hạ Đình" in by_type["late_report"]
    assert "Kính gửi Phường Hạ Đình" in next(
        body for t, c, _, body in found if (t, c) == ("reminder", "email")
    )
