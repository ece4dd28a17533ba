"""Events of the organisation tree's restructuring (merge, move, retire), published by registration.

A restructuring is one operation with a stable `operation_id`; every event it causes carries
it, so consumers can group the events of one operation (they also share a correlation id).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from emutrack_contracts.events.registration import ParentLink


class _Payload(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class UnitMerged(_Payload):
    """`unit.merged` v1: source units were merged into a new unit from `effective_date`.

    Carried by the new unit (Kafka key = the new unit); its `unit.created` comes with it, and
    each source publishes its own `unit.retired` naming the new unit as successor.
    """

    unit_id: str = Field(description="The new unit")
    name: str = Field(description="NFC-normalised name of the new unit")
    parent_id: str = Field(description="Parent of the new unit from `effective_date`")
    source_ids: list[str] = Field(min_length=1, description="Units merged into it")
    effective_date: date = Field(description="First day of the new unit; the sources end the day before")
    operation_id: str


class UnitMoved(_Payload):
    """`unit.moved` v1: a unit has another parent from `effective_date` (its history is kept)."""

    unit_id: str
    from_parent_id: str | None = Field(None, description="Parent on the day before; null for a root")
    to_parent_id: str
    effective_date: date
    parents: list[ParentLink] = Field(description="Every parent link of the unit after the move")
    operation_id: str


class UnitRetired(_Payload):
    """`unit.retired` v1: a unit stops existing after `valid_to` (retired, or merged into another)."""

    unit_id: str
    effective_date: date = Field(description="First day without the unit")
    valid_to: date = Field(description="Last day of the unit (the day before `effective_date`)")
    successor_id: str | None = Field(None, description="The unit it was merged into, if any")
    parents: list[ParentLink] = Field(description="Every parent link of the unit, now all closed")
    operation_id: str
