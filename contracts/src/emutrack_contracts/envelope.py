"""The envelope every event on Kafka carries (docs/architecture.md, Events)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class Envelope(BaseModel):
    """Metadata around one event's payload; Kafka key is `unit_id`."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    event_id: uuid.UUID = Field(description="Unique id; consumers deduplicate on it")
    event_type: str = Field(description="Dotted name, e.g. registration.submitted")
    schema_version: int = Field(ge=1, description="Version of the payload schema")
    occurred_at: AwareDatetime = Field(description="When the fact happened (UTC)")
    producer: str = Field(description="Service that produced the event")
    unit_id: str = Field(description="Owning unit: the Kafka key")
    unit_path: list[str] = Field(min_length=1, description="Unit ids from the root down to `unit_id`")
    actor: str = Field(description="Subject of the person or system that caused it")
    correlation_id: uuid.UUID | None = None
    causation_id: uuid.UUID | None = None
    payload: dict[str, Any] = Field(description="Event-type specific body")

    def kafka_key(self) -> bytes:
        """The partitioning key: the owning unit (per-unit order)."""
        return self.unit_id.encode()


def new_envelope(  # noqa: PLR0913 - one keyword per field of the envelope
    *,
    event_type: str,
    schema_version: int,
    producer: str,
    unit_id: str,
    unit_path: list[str],
    actor: str,
    payload: BaseModel,
    event_id: uuid.UUID | None = None,
    occurred_at: datetime | None = None,
    correlation_id: uuid.UUID | None = None,
    causation_id: uuid.UUID | None = None,
) -> Envelope:
    """Build an envelope around a validated payload model."""
    return Envelope(
        event_id=event_id or uuid.uuid4(),
        event_type=event_type,
        schema_version=schema_version,
        occurred_at=occurred_at or datetime.now(UTC),
        producer=producer,
        unit_id=unit_id,
        unit_path=unit_path,
        actor=actor,
        correlation_id=correlation_id,
        causation_id=causation_id,
        payload=payload.model_dump(mode="json"),
    )
