"""Routing rules as data and the Vietnamese templates of every routed event type."""

from __future__ import annotations

import unicodedata

import pytest
from jinja2 import DictLoader, Environment, StrictUndefined

from emutrack_contracts.registry import EVENT_TYPES
from notify.adapters.templates import Templates
from notify.domain.channels import CHANNELS, KIND_OF
from notify.domain.examples import EXAMPLE_NAMES, named_example
from notify.domain.examples import example_payload as as_published
from notify.domain.routing import Recipient, Route, recipients_for
from notify.usecases.context import default_routes
from notify.usecases.news import messages_for


def test_every_routed_event_type_is_a_contract_with_a_kind() -> None:
    for event_type in default_routes():
        assert event_type in EVENT_TYPES, event_type
        assert event_type in KIND_OF, event_type


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("event_type", list(KIND_OF))
def test_every_kind_of_news_renders_in_every_channel(event_type: str, channel: str) -> None:
    subject, body = Templates().render(event_type, channel, named_example(event_type))
    assert subject
    assert body
    assert "{" not in subject + body
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
        default_routes(),
        Templates(),
        "nomination.status_changed",
        as_published("nomination.status_changed"),
        EXAMPLE_NAMES,
    )
    assert message.subject == (
        "Hồ sơ đề nghị “Bằng khen của Chủ tịch UBND Thành phố” cho Phường Kim Giang: trả lại để bổ sung"
    )
    assert "tại Quận Thanh Xuân: trả lại để bổ sung ngày 28/12/2020" in message.body
    assert "- Thiếu biên bản họp Hội đồng" in message.body


def test_a_dossier_notify_never_heard_of_is_named_by_its_unit() -> None:
    [message, _] = messages_for(
        default_routes(),
        Templates(),
        "nomination.status_changed",
        {**as_published("nomination.status_changed"), "dossier_id": "hs-khac"},
        EXAMPLE_NAMES,
    )
    assert message.subject == "Hồ sơ đề nghị khen thưởng của Phường Kim Giang: trả lại để bổ sung"


def test_texts_of_review_steps() -> None:
    def body(event_type: str) -> str:
        payload = as_published(event_type)
        return messages_for(default_routes(), Templates(), event_type, payload, EXAMPLE_NAMES)[0].body

    assert "đến hết ngày 08/01/2021" in body("public_comment.opened")
    assert (
        "công nhận sáng kiến “Số hoá hồ sơ hộ tịch bằng mã QR” của Nguyễn Thị Thịnh, Lê Văn Hùng "
        "(Phường Kim Giang) ở phạm vi cấp huyện, Quyết định số 12/QĐ-UBND ngày 01/06/2020 "
        "(điểm bình quân 81,5/100)"
    ) in body("initiative.decided")
    assert "Phường Kim Giang, Phường Hạ Đình." in body("decision.issued")
    assert body("decision.issued").startswith("Quận Thanh Xuân ban hành Quyết định số 2150/QĐ-UBND")
    central = {**as_published("decision.issued"), "central_body": "Thủ tướng Chính phủ"}  # recorded on return
    [told] = messages_for(default_routes(), Templates(), "decision.issued", central, EXAMPLE_NAMES)[:1]
    assert told.body.startswith("Thủ tướng Chính phủ ban hành Quyết định số 2150/QĐ-UBND")
    assert "9/9 đồng ý — đạt" in body("council_session.closed")
    assert "1. Phường Hạ Đình: 98.0 điểm\n2. Phường Kim Giang: 80.0 điểm" in body("cluster_ranking.published")


def test_a_unit_notify_never_heard_of_is_not_shown_by_its_id() -> None:
    [message, _] = messages_for(
        default_routes(), Templates(), "cluster_ranking.published", as_published("cluster_ranking.published")
    )
    assert "p-ha-dinh" not in message.body
    assert "1. đơn vị chưa rõ tên: 98.0 điểm" in message.body


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
    assert message.subject == "Thông báo mới về hồ sơ đề nghị khen thưởng"
    assert "hs-1" not in message.subject + message.body
    assert message.template_error is not None
    assert "no_such_field" in message.template_error


def test_an_initiative_not_recognised_tells_its_unit_why() -> None:
    refused = {
        "recognised": False,
        "scope": None,
        "decision_number": None,
        "reasons": ["Chưa áp dụng thực tế"],
    }
    payload = {**as_published("initiative.decided"), **refused}
    [message, _] = messages_for(default_routes(), Templates(), "initiative.decided", payload, EXAMPLE_NAMES)
    assert message.recipient.key == "unit_officer@p-kim-giang"
    assert message.subject == "Sáng kiến không được công nhận: Số hoá hồ sơ hộ tịch bằng mã QR"
    assert message.body.endswith("Lý do: Chưa áp dụng thực tế.")
