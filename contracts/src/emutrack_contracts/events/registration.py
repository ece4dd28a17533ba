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
    opened_on: date | None = Field(None, description="Day the round opened (tree of that day applies)")
    movement_id: str | None = Field(None, description="Movement the round belongs to, if any")
    award_kind: str | None = Field(None, description="Nomination rounds: the kind of dossiers received")
    period_from_year: int | None = Field(None, description="First year a multi-year registration covers")
    period_to_year: int | None = Field(None, description="Last year a multi-year registration covers")


class ConferencePlanned(_Payload):
    """`conference.planned` v1: a level planned its conference of exemplars (Hội nghị điển hình tiên tiến)."""

    conference_id: str
    level_unit_id: str
    level_name: str
    name: str
    hold_by: date = Field(description="The conference must be held by this day")
    reports_due: date | None = Field(None, description="Day the children's results reports are due here")
    parent_conference_id: str | None = Field(None, description="The conference of the level above it feeds")
    pilot: bool = False
    planned_at: AwareDatetime


class ConferenceReported(_Payload):
    """`conference.reported` v1: a level reported its conference held (to the level above, if any)."""

    conference_id: str
    level_unit_id: str
    level_name: str
    parent_conference_id: str | None = None
    held_on: date
    attended: int
    honoured: int
    on_time: bool | None = Field(None, description="Reported by the parent's `reports_due` (None: none set)")
    reported_at: AwareDatetime


class RoundExtensionGranted(_Payload):
    """`round.extension_granted` v1: the receiving level gave one unit a later deadline in a round.

    Carried by the receiving unit (ordered with the round's `round.opened`); `unit_id` is the unit
    whose submissions are accepted, and count as on time, until `deadline`.
    """

    round_id: str
    round_name: str
    receiving_unit_id: str
    unit_id: str = Field(description="The unit given more time")
    unit_name: str
    deadline: AwareDatetime = Field(description="The unit's own deadline (later than the round's)")
    reason: str = Field(description="Why, in Vietnamese (kept with the round)")
    granted_at: AwareDatetime


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


class LinkedInitiative(_Payload):
    """An initiative a dossier relies on."""

    submission_id: str
    title: str
    recognition_level: str


class PriorAward(_Payload):
    """An award the subject already holds, as the dossier declares it."""

    name: str
    year: int
    decision_number: str | None = None


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
    initiatives: list[LinkedInitiative] = Field(default_factory=list, description="Added in v1, optional")
    prior_awards: list[PriorAward] = Field(default_factory=list, description="Added in v1, optional")
    deed_on: date | None = Field(
        None, description="An ad hoc (đột xuất) dossier's day of the deed; added in v1, optional"
    )


MovementKind = Literal["regular", "by_phase", "thematic"]


class MovementTarget(_Payload):
    """A target of a movement: what is measured and the value aimed for."""

    description: str
    indicator: str | None = None
    value: float | None = None
    unit_of_measure: str | None = None


class MovementLaunched(_Payload):
    """`movement.launched` v1: a level launched an emulation movement (phong trào thi đua) for its subtree."""

    movement_id: str
    name: str
    kind: MovementKind
    launching_unit_id: str
    launching_unit_name: str
    theme: str
    criteria: list[str]
    starts_on: date
    ends_on: date
    targets: list[MovementTarget]


class CalendarTask(_Payload):
    """A task of a level's yearly calendar of emulation work (tiến độ thực hiện)."""

    number: int
    quarter: int = Field(ge=1, le=4)
    content: str
    directing_body: str | None = None
    executing_units: list[str]
    coordinating_units: list[str]
    deadline: date
    deadline_text: str
    deadline_rule: str
    executing_scope: str
    executing_unit_ids: list[str]


class TaskCalendarPublished(_Payload):
    """`task_calendar.published` v1: a level's calendar of tasks for a year (the plan's appendix)."""

    calendar_id: str
    issuer_unit_id: str
    year: int
    plan_number: str
    issued_on: date
    title: str
    tasks: list[CalendarTask]


class CalendarTaskCompleted(_Payload):
    """`calendar_task.completed` v1: the issuing level marked a task of its calendar done."""

    calendar_id: str
    issuer_unit_id: str
    number: int
    completed_on: date
    note: str | None = None


class NamedAward(_Payload):
    """A title or award named by its code and its official name."""

    code: str
    name: str


class FormRow(_Payload):
    """One row of a registration form: its text fields and the titles/awards it strives for."""

    fields: dict[str, str | None]
    target_awards: list[NamedAward] = Field(default_factory=list)


class RegistrationFormSubmitted(_Payload):
    """`registration_form.submitted` v1: a unit's whole form (Form 1, Form 2, models), replacing the last."""

    list_id: str
    form: Literal["collective-exemplars", "individual-exemplars", "emulation-models"]
    round_id: str
    round_name: str
    year: int
    period_from_year: int
    period_to_year: int
    unit_id: str
    unit_name: str
    receiving_unit_id: str
    subject_kind: SubjectKind
    version: int = Field(ge=1)
    rows: list[FormRow]
    submitted_at: AwareDatetime


class InitiativeAuthor(_Payload):
    """An author of an initiative and their share of the work."""

    full_name: str
    position: str | None = None
    contribution_percent: int | None = Field(None, ge=1, le=100)


class InitiativeSubmitted(_Payload):
    """`initiative.submitted` v1: a unit proposes an initiative (sáng kiến) for recognition at a level."""

    submission_id: str
    round_id: str
    year: int
    unit_id: str
    unit_name: str
    receiving_unit_id: str
    title: str
    field: str
    authors: list[InitiativeAuthor]
    recognition_level: Literal["co_so", "cap_huyen", "cap_thanh_pho"]
    applied_since: date
    summary: str
    benefits: str
    submitted_at: AwareDatetime


class ExemplarSubmitted(_Payload):
    """`exemplar.submitted` v1: a unit proposes an exemplar (điển hình tiên tiến) or a good deed."""

    submission_id: str
    round_id: str
    year: int
    unit_id: str
    unit_name: str
    receiving_unit_id: str
    category: Literal["dien_hinh_tien_tien", "nguoi_tot_viec_tot"]
    subject_kind: SubjectKind
    subject_name: str
    subject_position: str | None = None
    subject_gender: Literal["nam", "nữ"] | None = None
    field: str
    achievement: str
    submitted_at: AwareDatetime


class SubmissionWithdrawn(_Payload):
    """`submission.withdrawn` v1: a unit withdrew an initiative or exemplar before the deadline."""

    submission_id: str
    kind: Literal["initiative", "exemplar"]
    round_id: str
    year: int
    unit_id: str
    reason: str | None = None
    withdrawn_at: AwareDatetime


class RegistrationDrafted(_Payload):
    """`registration.drafted` v1: a unit's officer saved (or changed) a draft registration, not yet sent."""

    registration_id: str
    round_id: str
    year: int
    subject_unit_id: str
    subject_name: str
    title_code: str
    title_name: str
    receiving_unit_id: str
    drafted_at: AwareDatetime


class RegistrationDraftDiscarded(_Payload):
    """`registration.draft_discarded` v1: a draft was dropped before it was ever sent."""

    registration_id: str
    round_id: str
    year: int
    subject_unit_id: str
    reason: str | None = None
    discarded_at: AwareDatetime
