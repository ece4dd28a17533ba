"""Settings of the review service (env prefix EMT_REVIEW_)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from emutrack_kit.settings import CommonSettings

SERVICE = "review"


class Settings(CommonSettings):
    """Review settings; shared ones (Kafka, MongoDB, auth) come from CommonSettings."""

    model_config = SettingsConfigDict(env_prefix="EMT_REVIEW_", extra="ignore")

    http_port: int = 8002
    consumer_port: int = 8102
