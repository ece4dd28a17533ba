"""Settings of the reporting service (env prefix EMT_REPORTING_)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from emutrack_kit.settings import CommonSettings

SERVICE = "reporting"


class Settings(CommonSettings):
    """Reporting settings; shared ones (Kafka, MongoDB, auth) come from CommonSettings."""

    model_config = SettingsConfigDict(env_prefix="EMT_REPORTING_", extra="ignore")

    http_port: int = 8004
    consumer_port: int = 8104
    snapshot_interval_seconds: float = 1.0
    batch_records: int = Field(
        2000, ge=1, description="Records counted together (one write per counter per batch)"
    )
