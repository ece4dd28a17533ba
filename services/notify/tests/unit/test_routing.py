"""Unit tests of notify.domain.routing: who hears of a registration, and in which words."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta, timezone

from emutrack_contracts.events.registration import RegistrationSubmitted
from notify.adapters.templates import Templates
from notify.domain.channels import IN_APP
from notify.domain.naming import Names
from notify.domain.routing import Message, Recipient
from notify.usecases.context import default_routes
from notify.usecases.news import messages_for

HANOI = timezone(timedelta(hours=7))


def registration_submitted_messages(payload: RegistrationSubmitted) -> list[Message]:
    return messages_for(
        default_routes(), Templates(), "registration.submitted", payload.model_dump(mode="json")
    )


def _payload(**overrides: object) -> RegistrationSubmitted:
    values: dict[str, object] = {
        "registration_id": "reg-1",
        "round_id": "dk-2020-q-thanh-xuan",
        "year": 2020,
        "subject_kind": "collective",
        "subject_unit_id": "p-kim-giang",
        "subject_name": "Phường Kim Giang",
        "title_code": "tap_the_lao_dong_xuat_sac",
        "title_name": "Tập thể lao động xuất sắc",
        "receiving_unit_id": "q-thanh-xuan",
        "submitted_at": datetime(2020, 1, 30, 3, 0, tzinfo=UTC),
    }
    values.update(overrides)
    return RegistrationSubmitted.model_validate(values)


def test_one_in_app_message_to_the_receiving_standing_office() -> None:
    [message] = registration_submitted_messages(_payload())
    assert message.recipient == Recipient("standing_office", "q-thanh-xuan")
    assert message.recipient.key == "standing_office@q-thanh-xuan"
    assert message.channel == IN_APP == "in_app"


def test_recipient_follows_the_receiving_unit_not_the_submitter() -> None:
    [message] = registration_submitted_messages(
        _payload(subject_unit_id="p-dai-kim", subject_name="Phường Đại Kim", receiving_unit_id="q-hoang-mai")
    )
    assert message.recipient.key == "standing_office@q-hoang-mai"


def test_subject_and_body_in_vietnamese_with_unit_title_year_and_date() -> None:
    [message] = registration_submitted_messages(_payload())
    assert message.subject == "Phường Kim Giang đăng ký thi đua năm 2020"
    assert message.body == (
        "Phường Kim Giang đã đăng ký danh hiệu \u201cTập thể lao động xuất sắc\u201d ngày 30/01/2020."
    )  # a round whose name is not known is left out, never shown by its id


def test_the_round_is_named_when_the_event_carries_its_name() -> None:
    [message] = registration_submitted_messages(_payload(round_name="Đăng ký thi đua năm 2020"))
    assert "(đợt \u201cĐăng ký thi đua năm 2020\u201d)" in message.body


def test_the_round_is_named_by_the_name_notify_learnt_when_the_event_has_none() -> None:
    names = Names(rounds={"dk-2020-q-thanh-xuan": "Đăng ký thi đua năm 2020"})
    payload = _payload().model_dump(mode="json")
    [message] = messages_for(default_routes(), Templates(), "registration.submitted", payload, names)
    assert "(đợt \u201cĐăng ký thi đua năm 2020\u201d)" in message.body


def test_texts_keep_precomposed_diacritics() -> None:
    [message] = registration_submitted_messages(
        _payload(subject_name="Phường Thượng Đình", title_name="Cờ thi đua Thành phố")
    )
    for text in (message.subject, message.body):
        assert unicodedata.is_normalized("NFC", text)
    assert "Phường Thượng Đình" in message.subject
    assert "\u201cCờ thi đua Thành phố\u201d" in message.body
    assert "đăng ký" in message.body


def test_date_of_a_hanoi_timestamp_is_its_hanoi_date() -> None:
    submitted_at = datetime(2020, 2, 5, 6, 30, tzinfo=HANOI)
    [message] = registration_submitted_messages(_payload(submitted_at=submitted_at))
    assert message.body.endswith("ngày 05/02/2020.")


def test_date_is_shown_in_hanoi_time_for_a_utc_timestamp() -> None:
    # 06:30 on 05/02 in Hà Nội is 23:30 on 04/02 in UTC
    submitted_at = datetime(2020, 2, 4, 23, 30, tzinfo=UTC)
    [message] = registration_submitted_messages(_payload(submitted_at=submitted_at))
    assert message.body.endswith("ngày 05/02/2020.")
