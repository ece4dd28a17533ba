"""Settings of the access service (env prefix EMT_ACCESS_)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from emutrack_kit.settings import CommonSettings

SERVICE = "access"


class Settings(CommonSettings):
    """Access settings; shared ones (Kafka, MongoDB, auth) come from CommonSettings."""

    model_config = SettingsConfigDict(env_prefix="EMT_ACCESS_", extra="ignore")

    http_port: int = 8005
    consumer_port: int = 8105
