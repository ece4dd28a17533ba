"""Pure rules of deliveries: retry schedule, webhook signatures, subscriber URLs, preferences."""

from __future__ import annotations

import pytest

from notify.domain.channels import EMAIL, IN_APP, WEBHOOK, PreferenceError, parse_preferences
from notify.domain.delivery import RetryPolicy, sign, signature_valid
from notify.domain.webhook_urls import UrlRefused, check_addresses, host_of


def test_retries_back_off_exponentially_with_jitter_then_give_up() -> None:
    policy = RetryPolicy(max_attempts=5, initial=10, max_delay=60, jitter=5)
    delays = [policy.delay_after(n) for n in range(1, 5)]
    assert all(d is not None for d in delays)
    floors = [10, 20, 40, 60]
    for delay, floor in zip(delays, floors, strict=True):
        assert delay is not None
        assert floor <= delay <= floor + 5
    assert policy.delay_after(5) is None  # the fifth failure is the last: dead letter


def test_jitter_spreads_the_retries_of_many_deliveries() -> None:
    policy = RetryPolicy(max_attempts=3, initial=30, max_delay=3600, jitter=30)
    assert len({policy.delay_after(1) for _ in range(20)}) > 1


def test_a_signature_binds_the_body_the_secret_and_the_time() -> None:
    body = '{"subject": "Quyết định khen thưởng"}'.encode()
    signature = sign("bí-mật", 1_600_000_000, body)
    assert signature.startswith("sha256=")
    assert signature_valid("bí-mật", signature, 1_600_000_000, body, now=1_600_000_100)
    assert not signature_valid("khác", signature, 1_600_000_000, body, now=1_600_000_100)
    assert not signature_valid("bí-mật", signature, 1_600_000_000, body + b" ", now=1_600_000_100)
    assert not signature_valid("bí-mật", signature, 1_600_000_001, body, now=1_600_000_100)
    assert not signature_valid("bí-mật", signature, 1_600_000_000, body, now=1_600_000_000 + 301)  # a replay


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("ftp://portal.hanoi.gov.vn/x", "WEBHOOK_URL_SCHEME"),
        ("javascript:alert(1)", "WEBHOOK_URL_SCHEME"),
        ("portal.hanoi.gov.vn/hook", "WEBHOOK_URL_SCHEME"),
        ("https:///hook", "WEBHOOK_URL_INVALID"),
    ],
)
def test_only_absolute_http_urls_are_subscribed(url: str, code: str) -> None:
    with pytest.raises(UrlRefused) as refused:
        host_of(url)
    assert refused.value.code == code


@pytest.mark.parametrize(
    "addresses",
    [["127.0.0.1"], ["10.1.2.3"], ["192.168.1.10"], ["172.16.0.5"], ["169.254.169.254"], ["::1"],
     ["fd00::1"], ["203.113.131.2", "10.0.0.1"], ["0.0.0.0"], []],
)  # fmt: skip
def test_in_production_every_resolved_address_must_be_public(addresses: list[str]) -> None:
    with pytest.raises(UrlRefused):
        check_addresses(addresses)


def test_public_addresses_are_accepted() -> None:
    check_addresses(["203.113.131.2", "2402:800:6318::1"])


def test_preferences_keep_in_app_and_refuse_unknown_kinds_and_channels() -> None:
    prefs = parse_preferences(
        {"channels": {"council": ["in_app"], "decision": [EMAIL]}, "digest_kinds": ["dossier"]}
    )
    assert prefs.channels_for("council") == {IN_APP}
    assert prefs.channels_for("decision") == {IN_APP, EMAIL}
    assert prefs.channels_for("deadline") == {IN_APP, EMAIL, WEBHOOK}  # not chosen: everything
    assert prefs.digests("dossier")
    assert not prefs.digests("decision")
    assert parse_preferences(prefs.to_document()) == prefs
    with pytest.raises(PreferenceError) as bad_kind:
        parse_preferences({"channels": {"khen_thuong": [EMAIL]}})
    assert bad_kind.value.field == "channels.khen_thuong"
    with pytest.raises(PreferenceError) as bad_channel:
        parse_preferences({"channels": {"decision": ["sms"]}})
    assert "sms" in str(bad_channel.value)
    with pytest.raises(PreferenceError):
        parse_preferences({"digest_kinds": ["hang_ngay"]})
