"""Request and response bodies of the registration HTTP API."""

from dataclasses import asdict
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from registration.domain.history import HistoryEntry
from registration.usecases.lifecycle import RegistrationView


class CollectiveRegistrationIn(BaseModel):
    """A unit registers for a collective title (status, dates and actor are set by the server)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    unit_id: str = Field(min_length=1, max_length=100, examples=["p-kim-giang"])
    title_code: str = Field(min_length=1, max_length=100, examples=["tap_the_lao_dong_tien_tien"])
    draft: bool = Field(
        False, description="Save as a draft; send it later with POST /registrations/{id}/submit"
    )


class StatusEntry(BaseModel):
    """One status a registration passed through."""

    status: str
    at: datetime
    by: str
    reason: str | None = None

    @classmethod
    def of(cls, entry: HistoryEntry) -> "StatusEntry":
        """From the domain."""
        return cls(status=entry.status, at=entry.at, by=entry.by, reason=entry.reason)


class RegistrationOut(BaseModel):
    """A registration as its unit and the receiving level see it."""

    registration_id: str
    round_id: str
    year: int
    subject_kind: str
    unit_id: str
    unit_name: str
    unit_path: list[str]
    title_code: str
    title_name: str
    status: str
    locked: bool = Field(False, description="True once the round's deadline has passed")
    submitted_by: str
    submitted_at: datetime
    late_reason: str | None = None
    history: list[StatusEntry] = Field(default_factory=list)

    @classmethod
    def of(cls, view: RegistrationView) -> "RegistrationOut":
        """From a use case's view."""
        r = view.registration
        fields = {k: v for k, v in asdict(r).items() if k in cls.model_fields and k != "history"}
        return cls(
            **fields,
            subject_kind="collective",
            title_code=r.title.code,
            title_name=r.title.name,
            locked=view.locked,
            history=[StatusEntry.of(e) for e in r.history],
        )


class UnitOut(BaseModel):
    """A unit and its path in the tree on a given day."""

    unit_id: str
    name: str
    kind: str
    level: int
    path: list[str]


class RegistrationPage(BaseModel):
    """A page of registrations and the total matching the filters."""

    total: int
    items: list[RegistrationOut]


class LateRegistrationIn(BaseModel):
    """The receiving standing office accepts a registration after the deadline."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    unit_id: str = Field(min_length=1, max_length=100, examples=["p-kim-giang"])
    title_code: str = Field(min_length=1, max_length=100, examples=["tap_the_lao_dong_tien_tien"])
    reason: str = Field(min_length=5, max_length=1000, examples=["Đơn vị gửi công văn giải trình ngày 06/02"])


class AmendIn(BaseModel):
    """A new title for a registration (before the deadline)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title_code: str = Field(min_length=1, max_length=100)


class ReasonIn(BaseModel):
    """An optional reason recorded with a status change."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: str | None = Field(None, max_length=1000)


class TitleOut(BaseModel):
    """An emulation title: its code, its official name, who holds it."""

    code: str
    name: str
    subject_kind: Literal["collective", "individual"]
