"""Settings of the portal (env prefix EMT_PORTAL_)."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict

from emutrack_kit.settings import CommonSettings

SERVICE = "portal"
DEV_SESSION_SECRET = "emutrack-portal-development-session-key"  # noqa: S105 - refused outside development


class Settings(CommonSettings):
    """Where the portal is, where people sign in, where the services are, how sessions are signed."""

    model_config = SettingsConfigDict(env_prefix="EMT_PORTAL_", extra="ignore")

    http_port: int = 8000
    public_url: str = Field(
        "http://127.0.0.1:8000", description="The portal's own address (sign-in returns here)"
    )
    client_id: str = Field(
        "emutrack-portal", description="The portal's public client at the identity provider"
    )
    session_secret: str = Field(DEV_SESSION_SECRET, description="Signs the session cookie")
    registration_url: str = "http://127.0.0.1:8001"
    review_url: str = "http://127.0.0.1:8002"
    notify_url: str = "http://127.0.0.1:8003"
    reporting_url: str = "http://127.0.0.1:8004"
    access_url: str = "http://127.0.0.1:8005"

    @model_validator(mode="after")
    def _session_key_of_development(self) -> Self:
        """Outside development and tests, the committed session key is refused like the local token key."""
        if self.environment not in ("development", "test") and self.session_secret == DEV_SESSION_SECRET:
            raise ValueError("EMT_PORTAL_SESSION_SECRET must be set outside development (a random secret)")
        return self
