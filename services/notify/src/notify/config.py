"""Settings of the notify service (env prefix EMT_NOTIFY_)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from emutrack_kit.settings import CommonSettings

SERVICE = "notify"


class Settings(CommonSettings):
    """Notify settings; shared ones (Kafka, MongoDB, auth) come from CommonSettings."""

    model_config = SettingsConfigDict(env_prefix="EMT_NOTIFY_", extra="ignore")

    http_port: int = 8003
    consumer_port: int = 8103
