"""Settings every service shares; each service subclasses with its own env prefix."""

from __future__ import annotations

from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_JWT_SECRET = "emutrack-local-development-signing-key"  # noqa: S105 - dev only, refused in production


class CommonSettings(BaseSettings):
    """Connection, auth and runtime settings common to all services."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    environment: Literal["development", "test", "production"] = Field(
        "development", validation_alias=AliasChoices("EMT_ENVIRONMENT")
    )
    kafka_bootstrap_servers: str = Field(
        "127.0.0.1:9092", validation_alias=AliasChoices("KAFKA_BOOTSTRAP_SERVERS")
    )
    mongodb_url: str = Field("mongodb://127.0.0.1:27017/", validation_alias=AliasChoices("MONGODB_URL"))
    topic_namespace: str = Field(
        "",
        validation_alias=AliasChoices("EMT_TOPIC_NAMESPACE"),
        description="Prefix of every topic name (isolates test runs on one broker)",
    )
    database_prefix: str = Field("emt_", validation_alias=AliasChoices("EMT_DATABASE_PREFIX"))
    auth_mode: Literal["local", "oidc"] = Field("local", validation_alias=AliasChoices("EMT_AUTH_MODE"))
    jwt_secret: str = Field(DEV_JWT_SECRET, validation_alias=AliasChoices("EMT_JWT_SECRET"))
    jwt_issuer: str = Field("emutrack-local", validation_alias=AliasChoices("EMT_JWT_ISSUER"))
    jwt_audience: str = Field("emutrack", validation_alias=AliasChoices("EMT_JWT_AUDIENCE"))
    oidc_jwks_url: str = Field("", validation_alias=AliasChoices("EMT_OIDC_JWKS_URL"))
    crash_after_effects_of: str = Field(
        "",
        validation_alias=AliasChoices("EMT_FAULT_CRASH_AFTER_EFFECTS_OF"),
        description="Fault injection for crash tests: exit after storing the effects of the first "
        "event of this type, before its offset is committed",
    )

    def check_safe_for_production(self) -> None:
        """Refuse to run in production with the development signing key."""
        if self.environment == "production" and self.auth_mode == "local":
            raise ValueError("production requires EMT_AUTH_MODE=oidc (local signing key refused)")
