"""Events published by the registration service."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

UnitKind = Literal[
    "city",
    "district",
    "ward",
    "department",
    "school",
    "mass_organisation",
    "residential_group",
]
SubjectKind = Literal["collective", "individual"]


class _Payload(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class ParentLink(_Payload):
    """A unit's parent during a validity interval (the tree changes over time)."""

    parent_id: str
    valid_from: date
    valid_to: date | None = Field(None, description="Inclusive last day; open if null")


class UnitCreated(_Payload):
    """`unit.created` v1: a unit of the organisation tree exists."""

    unit_id: str
    name: str = Field(description="NFC-normalised Vietnamese name")
    kind: UnitKind
    level: int = Field(ge=0, description="0 = city; depth in the tree of its period")
    parents: list[ParentLink] = Field(default_factory=list)
    valid_from: date
    valid_to: date | None = None


class RoundOpened(_Payload):
    """`round.opened` v1: a level opened a round of submissions with a deadline."""

    round_id: str
    name: str
    kind: Literal["registration", "nomination", "initiative", "exemplar"]
    year: int
    receiving_unit_id: str = Field(description="Level unit whose standing office receives")
    deadline: AwareDatetime


class RegistrationSubmitted(_Payload):
    """`registration.submitted` v1: a unit registered for an emulation title."""

    registration_id: str
    round_id: str
    round_name: str | None = Field(None, description="Name of the round (added in v1, optional)")
    year: int
    subject_kind: SubjectKind
    subject_unit_id: str
    subject_name: str
    title_code: str
    title_name: str
    receiving_unit_id: str
    submitted_at: AwareDatetime
    late_reason: str | None = Field(
        None, description="Set when the receiving standing office accepted it after the deadline"
    )


RegistrationStatus = Literal["submitted", "approved", "withdrawn"]


class RegistrationStatusChanged(_Payload):
    """`registration.status_changed` v1: approved by the unit head, amended or withdrawn."""

    registration_id: str
    round_id: str
    year: int
    subject_kind: SubjectKind
    subject_unit_id: str
    subject_name: str
    title_code: str
    title_name: str
    previous_title_code: str | None = Field(None, description="Set when the title was amended")
    receiving_unit_id: str
    from_status: RegistrationStatus
    to_status: RegistrationStatus
    reason: str | None = None
    changed_at: AwareDatetime


class RegisteredPerson(_Payload):
    """One person of a unit's individual registration list."""

    person_key: str = Field(description="Folded name + birth date: stable within a unit's list")
    full_name: str
    birth_date: date | None = None
    gender: Literal["nam", "nữ"] | None = None
    position: str | None = None
    title_code: str
    title_name: str


class IndividualRegistrationsSubmitted(_Payload):
    """`individual_registrations.submitted` v1: a unit's whole list of people, replacing any earlier one."""

    list_id: str
    round_id: str
    round_name: str
    year: int
    unit_id: str
    unit_name: str
    receiving_unit_id: str
    version: int = Field(ge=1, description="Increases with every resubmission of the list")
    people: list[RegisteredPerson]
    counts_by_title: dict[str, int]
    submitted_at: AwareDatetime


class AttachmentRef(_Payload):
    """A document of a dossier: what it is and its checksum (the bytes stay in registration)."""

    attachment_id: str
    kind: str
    filename: str
    file_type: str
    size: int
    sha256: str


class NominationSubmitted(_Payload):
    """`nomination.submitted` v1: a unit proposes an award for a collective or a person."""

    dossier_id: str
    round_id: str
    year: int
    proposing_unit_id: str
    proposing_unit_name: str
    receiving_unit_id: str
    subject_kind: SubjectKind
    subject_name: str
    subject_unit_id: str | None = None
    subject_position: str | None = None
    award_code: str
    award_name: str
    dossier_kind: str
    summary: str
    attachments: list[AttachmentRef]
    submitted_at: AwareDatetime
