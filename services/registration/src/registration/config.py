"""Settings of the registration service (env prefix EMT_REGISTRATION_)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from emutrack_kit.settings import CommonSettings

SERVICE = "registration"


class Settings(CommonSettings):
    """Registration settings; shared ones (Kafka, MongoDB, auth) come from CommonSettings."""

    model_config = SettingsConfigDict(env_prefix="EMT_REGISTRATION_", extra="ignore")

    http_port: int = 8001
    consumer_port: int = 8101
