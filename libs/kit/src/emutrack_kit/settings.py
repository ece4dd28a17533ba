"""Settings every service shares; each service subclasses with its own env prefix."""

from __future__ import annotations

from typing import Literal, Self

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_JWT_SECRET = "emutrack-local-development-signing-key"  # noqa: S105 - dev only, refused in production


class CommonSettings(BaseSettings):
    """Connection, auth and runtime settings common to all services."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    environment: Literal["development", "test", "production"] = Field(
        "production",
        validation_alias=AliasChoices("EMT_ENVIRONMENT"),
        description="Closed by default: only an explicit development or test environment allows local keys",
    )
    kafka_port: int = Field(
        9092,
        gt=0,
        lt=65536,
        validation_alias=AliasChoices("EMT_KAFKA_PORT"),
        description="Port of the local Kafka (deploy/local/infra.sh) when KAFKA_BOOTSTRAP_SERVERS is unset",
    )
    ferretdb_port: int = Field(
        27017,
        gt=0,
        lt=65536,
        validation_alias=AliasChoices("EMT_FERRETDB_PORT"),
        description="Port of the local FerretDB (deploy/local/infra.sh) when MONGODB_URL is unset",
    )
    kafka_bootstrap_servers: str = Field(
        "",
        validation_alias=AliasChoices("KAFKA_BOOTSTRAP_SERVERS"),
        description="Kafka brokers; unset or empty: the local one on 127.0.0.1:EMT_KAFKA_PORT",
    )
    mongodb_url: str = Field(
        "",
        validation_alias=AliasChoices("MONGODB_URL"),
        description="MongoDB server; unset or empty: the local FerretDB on 127.0.0.1:EMT_FERRETDB_PORT",
    )
    topic_namespace: str = Field(
        "",
        validation_alias=AliasChoices("EMT_TOPIC_NAMESPACE"),
        description="Prefix of every topic name (isolates test runs on one broker)",
    )
    database_prefix: str = Field("emt_", validation_alias=AliasChoices("EMT_DATABASE_PREFIX"))
    auth_mode: Literal["local", "oidc", "local+oidc"] = Field(
        "local",
        validation_alias=AliasChoices("EMT_AUTH_MODE"),
        description="local: development tokens; oidc: the identity provider's; local+oidc: both (dev)",
    )
    jwt_secret: str = Field(DEV_JWT_SECRET, validation_alias=AliasChoices("EMT_JWT_SECRET"))
    jwt_issuer: str = Field("emutrack-local", validation_alias=AliasChoices("EMT_JWT_ISSUER"))
    jwt_audience: str = Field("emutrack", validation_alias=AliasChoices("EMT_JWT_AUDIENCE"))
    oidc_issuer: str = Field(
        "",
        validation_alias=AliasChoices("EMT_OIDC_ISSUER"),
        description="The identity provider's issuer URL (its discovery document names its keys)",
    )
    oidc_jwks_url: str = Field(
        "", validation_alias=AliasChoices("EMT_OIDC_JWKS_URL"), description="Its keys, if not discovered"
    )
    oidc_subject_claim: str = Field(
        "preferred_username",
        validation_alias=AliasChoices("EMT_OIDC_SUBJECT_CLAIM"),
        description="The claim naming a person (machine clients are `client:<client id>`)",
    )
    token_leeway_seconds: int = Field(
        60,
        ge=0,
        le=300,
        validation_alias=AliasChoices("EMT_TOKEN_LEEWAY_SECONDS"),
        description="Clock skew allowed",
    )
    bindings_cache_seconds: float = Field(
        15.0,
        ge=0,
        le=45,
        validation_alias=AliasChoices("EMT_BINDINGS_CACHE_SECONDS"),
        description="How long a caller's bindings are kept per process (a revocation holds within a minute)",
    )
    soffice: str = Field(
        "soffice",
        validation_alias=AliasChoices("EMT_SOFFICE"),
        description="LibreOffice's program (a name on PATH or a path) that turns generated DOCX into PDF",
    )
    crash_after_effects_of: str = Field(
        "",
        validation_alias=AliasChoices("EMT_FAULT_CRASH_AFTER_EFFECTS_OF"),
        description="Fault injection for crash tests: exit after storing the effects of the first "
        "event of this type, before its offset is committed",
    )

    @model_validator(mode="after")
    def _local_servers_unless_named(self) -> Self:
        """Point at deploy/local's servers on their configured ports unless an address is given."""
        # Empty counts as unset, as in infra.sh, which then starts the local server on that port.
        if not self.kafka_bootstrap_servers:
            self.kafka_bootstrap_servers = f"127.0.0.1:{self.kafka_port}"
        if not self.mongodb_url:
            self.mongodb_url = f"mongodb://127.0.0.1:{self.ferretdb_port}/"
        return self

    @classmethod
    def service_name(cls) -> str:
        """The service these settings are of, from their prefix (`EMT_REPORTING_` -> `reporting`)."""
        prefix = str(cls.model_config.get("env_prefix", ""))
        return prefix.removeprefix("EMT_").strip("_").lower() or "kit"

    @model_validator(mode="after")
    def _closed_by_default(self) -> Self:
        """Outside an explicit development or test environment, refuse what only they may use."""
        self.check_safe_for_production()
        return self

    def check_safe_for_production(self) -> None:
        """Refuse the local key, a missing issuer or fault injection unless development or test says so."""
        if self.environment in ("development", "test"):
            return
        if self.auth_mode != "oidc":
            raise ValueError(
                "EMT_ENVIRONMENT is not development: tokens signed with a local key (EMT_AUTH_MODE=local) "
                "are refused; set EMT_AUTH_MODE=oidc and EMT_OIDC_ISSUER, or EMT_ENVIRONMENT=development"
            )
        if not self.oidc_issuer:
            raise ValueError("EMT_AUTH_MODE=oidc needs EMT_OIDC_ISSUER (the identity provider's issuer URL)")
        if self.crash_after_effects_of:
            raise ValueError("fault injection (EMT_FAULT_CRASH_AFTER_EFFECTS_OF) is for tests only")
