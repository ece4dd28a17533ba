"""Events published by the notify service."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class DeliveryCompleted(BaseModel):
    """`delivery.completed` v1: an e-mail or webhook delivery ended, sent or dead-lettered.

    Keyed by the recipient's unit; one per delivery (its id is derived from the delivery's).
    """

    model_config = ConfigDict(extra="ignore", frozen=True)

    delivery_id: str = Field(description="`<event id>:<recipient>:<channel>` of the message delivered")
    event_id: str = Field(description="The event the message told of (or a reminder/digest key)")
    event_type: str
    channel: Literal["email", "webhook"]
    recipient: str = Field(description="`<role>@<unit>` or `webhook@<unit>`")
    unit_id: str
    outcome: Literal["sent", "dead_lettered"]
    attempts: int = Field(ge=1)
    last_error: str | None = None
    completed_at: AwareDatetime
