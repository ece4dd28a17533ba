"""Unit tests of CommonSettings: server addresses follow the local servers' port variables."""

from __future__ import annotations

import pytest
from pydantic_settings import SettingsConfigDict

from emutrack_kit.settings import CommonSettings

SERVER_VARIABLES = ("KAFKA_BOOTSTRAP_SERVERS", "MONGODB_URL", "EMT_KAFKA_PORT", "EMT_FERRETDB_PORT")


class ServiceSettings(CommonSettings):
    """A service's settings, with its own env prefix like registration's or notify's."""

    model_config = SettingsConfigDict(env_prefix="EMT_SOMESERVICE_", extra="ignore")

    http_port: int = 8009


@pytest.fixture(autouse=True)
def no_server_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts from an environment that names no server."""
    for name in SERVER_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_defaults_are_the_local_servers_default_ports() -> None:
    settings = CommonSettings()
    assert settings.kafka_bootstrap_servers == "127.0.0.1:9092"
    assert settings.mongodb_url == "mongodb://127.0.0.1:27017/"


@pytest.mark.parametrize("settings_class", [CommonSettings, ServiceSettings])
def test_port_variables_move_both_servers(
    settings_class: type[CommonSettings], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EMT_KAFKA_PORT", "19092")
    monkeypatch.setenv("EMT_FERRETDB_PORT", "27018")
    settings = settings_class()
    assert settings.kafka_bootstrap_servers == "127.0.0.1:19092"
    assert settings.mongodb_url == "mongodb://127.0.0.1:27018/"


def test_explicit_addresses_win_over_the_port_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMT_KAFKA_PORT", "19092")
    monkeypatch.setenv("EMT_FERRETDB_PORT", "27018")
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092,kafka-2:9092")
    monkeypatch.setenv("MONGODB_URL", "mongodb://mongo.internal:27017/?replicaSet=rs0")
    settings = ServiceSettings()
    assert settings.kafka_bootstrap_servers == "kafka-1:9092,kafka-2:9092"
    assert settings.mongodb_url == "mongodb://mongo.internal:27017/?replicaSet=rs0"


def test_each_server_is_derived_on_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMT_FERRETDB_PORT", "27018")
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092")
    settings = CommonSettings()
    assert settings.kafka_bootstrap_servers == "kafka-1:9092"
    assert settings.mongodb_url == "mongodb://127.0.0.1:27018/"


def test_an_empty_address_counts_as_unset_as_in_infra_sh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "")
    monkeypatch.setenv("MONGODB_URL", "")
    monkeypatch.setenv("EMT_KAFKA_PORT", "19092")
    settings = CommonSettings()
    assert settings.kafka_bootstrap_servers == "127.0.0.1:19092"
    assert settings.mongodb_url == "mongodb://127.0.0.1:27017/"


def test_keyword_arguments_win_and_ports_derive_too() -> None:
    explicit = CommonSettings(kafka_bootstrap_servers="127.0.0.1:1", mongodb_url="mongodb://h:2/")
    assert (explicit.kafka_bootstrap_servers, explicit.mongodb_url) == ("127.0.0.1:1", "mongodb://h:2/")
    derived = CommonSettings(kafka_port=19092, ferretdb_port=27018)
    assert derived.kafka_bootstrap_servers == "127.0.0.1:19092"
    assert derived.mongodb_url == "mongodb://127.0.0.1:27018/"


@pytest.mark.parametrize("port", ["0", "65536", "kafka"])
def test_a_port_that_cannot_be_one_is_refused(port: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMT_KAFKA_PORT", port)
    with pytest.raises(ValueError, match="EMT_KAFKA_PORT"):
        CommonSettings()
