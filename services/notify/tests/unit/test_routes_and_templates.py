"""Routing rules as data and the Vietnamese templates of every routed event type."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime
from typing import Any

import pytest
from jinja2 import DictLoader, Environment, StrictUndefined

from emutrack_contracts.registry import EVENT_TYPES, payload_model
from notify.adapters.templates import Templates
from notify.domain.routing import Recipient, Route, recipients_for
from notify.handlers import default_routes, messages_for

AT = datetime(2020, 12, 28, 3, 0, tzinfo=UTC)
PAYLOADS: dict[str, dict[str, Any]] = {
    "nomination.status_changed": {
        "nomination_id": "hs-1@q-thanh-xuan", "dossier_id": "hs-1", "round_id": "r", "year": 2020,
        "proposing_unit_id": "p-kim-giang", "level_unit_id": "q-thanh-xuan", "status": "returned",
        "reasons": ["Thiếu biên bản họp Hội đồng"], "changed_at": AT,
    },
    "public_comment.opened": {
        "nomination_id": "hs-2@ha-noi", "dossier_id": "hs-2", "year": 2020,
        "proposing_unit_id": "q-thanh-xuan", "level_unit_id": "ha-noi", "subject_name": "Nguyễn Văn Tâm",
        "award_code": "cong_dan_thu_do_uu_tu",
        "award_name": "Công dân Thủ đô ưu tú", "published_on": date(2020, 12, 29),
        "channel": "Cổng thông tin điện tử Thành phố", "working_days": 7, "ends_on": date(2021, 1, 8),
    },
    "decision.issued": {
        "decision_id": "q|1", "number": "2150/QĐ-UBND", "signed_on": date(2020, 12, 30), "signer_id": "m1",
        "level_unit_id": "q-thanh-xuan", "award_code": "x", "award_name": "Tập thể lao động xuất sắc",
        "awardees": [
            {"nomination_id": "a", "subject_kind": "collective", "subject_id": "p-kim-giang",
             "subject_name": "Phường Kim Giang", "proposing_unit_id": "p-kim-giang"},
            {"nomination_id": "b", "subject_kind": "collective", "subject_id": "p-ha-dinh",
             "subject_name": "Phường Hạ Đình", "proposing_unit_id": "p-ha-dinh"},
        ],
        "ballot_ids": ["b1"], "content_hash": "0" * 64,
    },
    "council_session.scheduled": {
        "session_id": "ss-1", "level_unit_id": "q-thanh-xuan", "name": "Phiên họp xét khen thưởng năm 2020",
        "held_on": date(2020, 12, 28), "member_ids": ["m1", "m2"], "chair_id": "m1",
    },
    "council_session.closed": {
        "session_id": "ss-1", "level_unit_id": "q-thanh-xuan", "name": "Phiên họp xét khen thưởng năm 2020",
        "closed_at": AT,
        "results": [{"nomination_id": "a", "question": "Tập thể lao động xuất sắc: Phường Kim Giang",
                     "members": 9, "votes_cast": 9, "yes": 9, "no": 0, "abstain": 0, "passed": True,
                     "content_hash": "0" * 64}],
    },
    "cluster_ranking.published": {
        "cluster_id": "cum-1", "cluster_name": "Cụm thi đua số 2", "year": 2020,
        "level_unit_id": "q-thanh-xuan",
        "member_ids": ["p-kim-giang", "p-ha-dinh"], "suspicious_pairs": 0, "method": "cross-mean@1",
        "content_hash": "0" * 64, "published_at": AT,
        "ranking": [{"unit_id": "p-ha-dinh", "rank": 1, "final_score": 98.0, "cross_mean": 98.0},
                    {"unit_id": "p-kim-giang", "rank": 2, "final_score": 80.0, "cross_mean": 80.0}],
    },
}  # fmt: skip


def as_published(event_type: str) -> dict[str, Any]:
    """The payload as it travels: validated by its contract, then JSON (dates as text)."""
    return payload_model(event_type).model_validate(PAYLOADS[event_type]).model_dump(mode="json")


def test_every_routed_event_type_is_a_contract_and_has_its_template() -> None:
    templates = Templates()
    for event_type in default_routes():
        assert event_type in EVENT_TYPES, event_type
        if event_type in PAYLOADS:
            subject, body = templates.render(event_type, "in_app", as_published(event_type))
            assert subject
            assert body
            assert unicodedata.is_normalized("NFC", subject + body)


@pytest.mark.parametrize(
    ("event_type", "recipients"),
    [
        ("nomination.status_changed", ["unit_officer@p-kim-giang", "unit_head@p-kim-giang"]),
        (
            "decision.issued",
            [
                "unit_officer@p-kim-giang",
                "unit_officer@p-ha-dinh",
                "unit_head@p-kim-giang",
                "unit_head@p-ha-dinh",
            ],
        ),
        ("council_session.scheduled", ["council_member@q-thanh-xuan", "council_chair@q-thanh-xuan"]),
        ("cluster_ranking.published", ["unit_head@p-kim-giang", "unit_head@p-ha-dinh"]),
    ],
)
def test_the_rules_name_who_hears(event_type: str, recipients: list[str]) -> None:
    messages = messages_for(default_routes(), Templates(), event_type, as_published(event_type))
    assert [m.recipient.key for m in messages] == recipients


def test_a_returned_dossier_tells_its_unit_why() -> None:
    [message, _] = messages_for(
        default_routes(), Templates(), "nomination.status_changed", as_published("nomination.status_changed")
    )
    assert message.subject == "Hồ sơ hs-1: trả lại để bổ sung"
    assert "- Thiếu biên bản họp Hội đồng" in message.body
    assert "ngày 28/12/2020" in message.body


def test_texts_of_review_steps() -> None:
    def body(event_type: str) -> str:
        return messages_for(default_routes(), Templates(), event_type, as_published(event_type))[0].body

    assert "đến hết ngày 08/01/2021" in body("public_comment.opened")
    assert "Phường Kim Giang, Phường Hạ Đình." in body("decision.issued")
    assert "9/9 đồng ý — đạt" in body("council_session.closed")
    assert "1. p-ha-dinh: 98.0 điểm" in body("cluster_ranking.published")


def test_paths_pick_single_units_lists_and_fields_of_items() -> None:
    payload = {"a": "u1", "b": ["u2", "u3"], "c": [{"d": "u4"}, {"d": "u4"}, {"e": "x"}], "empty": None}
    routes = [
        Route("r", "a"),
        Route("r", "b[]"),
        Route("r", "c[].d"),
        Route("r", "empty"),
        Route("r", "missing[]"),
    ]
    assert recipients_for(routes, payload) == [Recipient("r", u) for u in ("u1", "u2", "u3", "u4")]


def test_a_failing_template_sends_the_plain_fallback_and_records_why() -> None:
    templates = Templates()
    broken = {"nomination.status_changed.in_app.txt": "{{ p.no_such_field }}"}
    templates._env = Environment(loader=DictLoader(broken), undefined=StrictUndefined)
    [message, _] = messages_for(
        default_routes(), templates, "nomination.status_changed", as_published("nomination.status_changed")
    )
    assert message.subject == "Thông báo mới: nomination.status_changed"
    assert message.template_error is not None
    assert "no_such_field" in message.template_error
