"""Events published by the access service: who holds which role at which unit, and since when."""

from __future__ import annotations

from datetime import date

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class _Payload(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class BindingGranted(_Payload):
    """`binding.granted` v1: a person (or a machine client) holds a role at a unit from `valid_from`.

    Keyed by the subject, so every change of one person's bindings is read in order.
    """

    binding_id: str
    subject: str = Field(description="The identity provider's `preferred_username`, or `client:<client id>`")
    subject_name: str = Field(description="The person's name, as the admin entered it (NFC)")
    role: str
    unit_id: str
    unit_name: str
    valid_from: date
    valid_to: date | None = Field(None, description="Inclusive last day; open if null")
    granted_by: str
    reason: str
    granted_at: AwareDatetime


class BindingRevoked(_Payload):
    """`binding.revoked` v1: an admin ended a binding before its time (it holds no more from `revoked_at`)."""

    binding_id: str
    subject: str
    role: str
    unit_id: str
    revoked_by: str
    reason: str
    revoked_at: AwareDatetime


class BindingEnded(_Payload):
    """`binding.ended` v1: the binding's unit ended (merged or retired); the binding ends with it."""

    binding_id: str
    subject: str
    role: str
    unit_id: str
    last_day: date = Field(description="The unit's last day: the binding's last day too")
    successor_id: str | None = Field(None, description="The unit that took over, whose admin may grant again")
    ended_at: AwareDatetime
