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

    smtp_host: str = "127.0.0.1"
    smtp_port: int = 2525
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_use_tls: bool = False  # implicit TLS, usually port 465
    smtp_start_tls: bool | None = None  # None: upgrade when the server offers STARTTLS
    smtp_ca_file: str = ""
    smtp_validate_certs: bool = True
    smtp_sender: str = "thongbao@emutrack.hanoi.gov.vn"
    smtp_connections: int = 4
    webhook_timeout_seconds: float = 10.0

    retry_max_attempts: int = 6
    retry_initial_seconds: float = 30.0
    retry_max_seconds: float = 3600.0
    retry_jitter_seconds: float = 30.0

    digest_hour: int = 7  # Hà Nội time: yesterday's digest goes out from this hour
    sweep_seconds: float = 300.0
    worker_idle_seconds: float = 0.5
    workers_per_channel: int = 2  # each claims its own batch, so one sends while the other writes
    delivery_lease_seconds: float = 600.0  # longer than a batch takes; a dead worker's claims free after it
