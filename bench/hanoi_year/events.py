"""Envelopes of the synthetic year, built through the contract models and `new_event` (ids by uuid5)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from pydantic import BaseModel

from bench.hanoi_year import catalogue as c
from bench.hanoi_year.people import people_rows
from bench.hanoi_year.plan import (
    NAMESPACE,
    RegistrationPlan,
    UnitPlan,
    YearPlan,
)
from emutrack_contracts import EVENT_TYPES, Envelope, new_event
from emutrack_contracts.events.registration import (
    IndividualRegistrationsSubmitted,
    ParentLink,
    RegistrationStatus,
    RegistrationStatusChanged,
    RegistrationSubmitted,
    RoundOpened,
    UnitCreated,
)

_TARGET: dict[str, RegistrationStatus] = {
    "amend": "submitted",
    "approve": "approved",
    "withdraw": "withdrawn",
}
_WITHDRAW_REASONS = (
    "Đăng ký nhầm danh hiệu",
    "Đơn vị không đủ điều kiện phấn đấu",
    "Đơn vị xin rút theo đề nghị",
)


def moment(t: int) -> datetime:
    """Epoch seconds as an aware UTC datetime."""
    return datetime.fromtimestamp(t, UTC)


class Builder:
    """Builds each event of a year plan; the id of an event derives from (seed, year, type, natural key)."""

    def __init__(self, plan: YearPlan) -> None:
        self.plan = plan
        self.units = {p.unit.unit_id: p.unit for p in plan.plans}

    def _event(
        self, event_type: str, key: str, path: tuple[str, ...], actor: str, t: int, body: BaseModel
    ) -> Envelope:
        event_id = uuid.uuid5(NAMESPACE, f"{self.plan.seed}|{self.plan.year}|{event_type}|{key}")
        producer = EVENT_TYPES[event_type].producer
        return new_event(
            event_type,
            producer=producer,
            unit_path=list(path),
            actor=actor,
            payload=body,
            event_id=event_id,
            occurred_at=moment(t),
        )

    def unit_created(self, p: UnitPlan, t: int) -> Envelope:
        """The unit exists (with its parent link over the tree's validity)."""
        u = p.unit
        parents = (
            [ParentLink(parent_id=u.parent_id, valid_from=u.valid_from, valid_to=u.valid_to)]
            if u.parent_id
            else []
        )
        body = UnitCreated(
            unit_id=u.unit_id,
            name=u.name,
            kind=u.kind,
            level=len(u.path) - 1,
            parents=parents,
            valid_from=u.valid_from,
            valid_to=u.valid_to,
        )
        return self._event("unit.created", u.unit_id, u.path, "synthetic:hanoi-year", t, body)

    def round_opened(self, spec: c.RoundSpec, t: int) -> Envelope:
        """A receiving level opens one of its year's rounds."""
        body = RoundOpened(
            round_id=spec.round_id,
            name=spec.name,
            kind=spec.kind,
            year=self.plan.year,
            receiving_unit_id=spec.receiving_unit_id,
            deadline=spec.deadline,
            opened_on=spec.opened_on,
            award_kind="annual_merit" if spec.kind == "nomination" else None,
        )
        path = self.units[spec.receiving_unit_id].path
        return self._event(
            "round.opened", spec.round_id, path, f"synthetic:{spec.receiving_unit_id}", t, body
        )

    def registered(self, p: UnitPlan, reg: RegistrationPlan, t: int) -> Envelope:
        """A collective registration (late ones carry the office's reason)."""
        spec = self.plan.round_of(p, "registration")
        late = "Tiếp nhận muộn: đơn vị gửi sau hạn do thay đổi nhân sự" if p.fate == "late" else None
        body = RegistrationSubmitted(
            registration_id=reg.registration_id,
            round_id=spec.round_id,
            round_name=spec.name,
            year=self.plan.year,
            subject_kind="collective",
            subject_unit_id=p.unit.unit_id,
            subject_name=p.unit.name,
            title_code=reg.title,
            title_name=c.COLLECTIVE_TITLES[reg.title],
            receiving_unit_id=spec.receiving_unit_id,
            submitted_at=moment(t),
            late_reason=late,
        )
        actor = f"synthetic:{spec.receiving_unit_id if late else p.unit.unit_id}"
        return self._event("registration.submitted", reg.registration_id, p.unit.path, actor, t, body)

    def changed(self, p: UnitPlan, reg: RegistrationPlan, step: int, t: int) -> Envelope:
        """The step-th change of a registration: amended, approved, withdrawn (those it has, in order)."""
        spec = self.plan.round_of(p, "registration")
        transition, done = reg.steps[step], reg.steps[:step]
        status: RegistrationStatus = "approved" if "approve" in done else "submitted"
        title = reg.final_title  # an amendment is always the first change
        to = _TARGET[transition]
        body = RegistrationStatusChanged(
            registration_id=reg.registration_id,
            round_id=spec.round_id,
            year=self.plan.year,
            subject_kind="collective",
            subject_unit_id=p.unit.unit_id,
            subject_name=p.unit.name,
            title_code=title,
            title_name=c.COLLECTIVE_TITLES[title],
            previous_title_code=reg.title if transition == "amend" else None,
            receiving_unit_id=spec.receiving_unit_id,
            from_status=status,
            to_status=to,
            reason=_WITHDRAW_REASONS[t % 3] if transition == "withdraw" else None,
            changed_at=moment(t),
        )
        key = f"{reg.registration_id}|{step}"
        return self._event(
            "registration.status_changed", key, p.unit.path, f"synthetic:{p.unit.unit_id}", t, body
        )

    def people(self, p: UnitPlan, version: int, t: int) -> Envelope:
        """The unit's whole list of people, version `version` (1-based), replacing the previous one."""
        spec = self.plan.round_of(p, "registration")
        rows = people_rows(self.plan.seed, p.unit.unit_id, p.unit.kind, p.lists[version - 1])
        counts: dict[str, int] = {}
        for row in rows:  # counted from the rows, as registration does
            counts[row.title_code] = counts.get(row.title_code, 0) + 1
        list_id = f"{spec.round_id}|{p.unit.unit_id}"
        body = IndividualRegistrationsSubmitted(
            list_id=list_id,
            round_id=spec.round_id,
            round_name=spec.name,
            year=self.plan.year,
            unit_id=p.unit.unit_id,
            unit_name=p.unit.name,
            receiving_unit_id=spec.receiving_unit_id,
            version=version,
            people=rows,
            counts_by_title=counts,
            submitted_at=moment(t),
        )
        key = f"{list_id}|{version}"
        return self._event(
            "individual_registrations.submitted", key, p.unit.path, f"synthetic:{p.unit.unit_id}", t, body
        )
