"""Sample events of Phường Kim Giang's 2020 registration, for the services' tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from emutrack_contracts.envelope import Envelope
from emutrack_contracts.events.registration import (
    IndividualRegistrationsSubmitted,
    InitiativeSubmitted,
    NominationSubmitted,
    RegisteredPerson,
    RegistrationStatusChanged,
    RegistrationSubmitted,
    UnitCreated,
)
from emutrack_contracts.events.review import DecisionIssued
from emutrack_contracts.registry import new_event

KIM_GIANG_PATH = ["ha-noi", "q-thanh-xuan", "p-kim-giang"]
SAMPLE_TIME = datetime(2020, 1, 30, 3, 0, tzinfo=UTC)
_REGISTRATION = {
    "registration_id": "reg-1",
    "round_id": "r",
    "year": 2020,
    "subject_kind": "collective",
    "subject_unit_id": "p-kim-giang",
    "subject_name": "Phường Kim Giang",
    "receiving_unit_id": "q-thanh-xuan",
}


def _event(event_type: str, payload: Any) -> Envelope:
    return new_event(event_type, producer="test", unit_path=KIM_GIANG_PATH, actor="t", payload=payload)


def unit_created(unit_id: str, name: str, kind: str, path: Sequence[str]) -> Envelope:
    """`unit.created` of a unit under `path` (its ancestors from the root), in the tree since 1/8/2008."""
    payload = UnitCreated.model_validate(
        {"unit_id": unit_id, "name": name, "kind": kind, "level": len(path), "valid_from": date(2008, 8, 1)}
    )
    return new_event("unit.created", producer="test", unit_path=[*path, unit_id], actor="t", payload=payload)


def registration_submitted(title: str, **overrides: Any) -> Envelope:
    """Kim Giang registers for `title` (code and name alike unless overridden)."""
    fields = {**_REGISTRATION, "title_code": title, "title_name": title, "submitted_at": SAMPLE_TIME}
    return _event("registration.submitted", RegistrationSubmitted(**{**fields, **overrides}))


def registration_changed(from_status: str, to_status: str, title: str, **overrides: Any) -> Envelope:
    """Kim Giang's registration moves from one status to another."""
    fields = {
        **_REGISTRATION,
        "title_code": title,
        "title_name": title,
        "from_status": from_status,
        "to_status": to_status,
        "changed_at": SAMPLE_TIME,
    }
    return _event("registration.status_changed", RegistrationStatusChanged(**{**fields, **overrides}))


def people_listed(version: int, titles: Sequence[str], names: Sequence[str] | None = None) -> Envelope:
    """Kim Giang's list of people, one person per title (named `Người i` unless `names`)."""
    people = [
        RegisteredPerson(
            person_key=f"p{i}",
            full_name=names[i] if names else f"Người {i}",
            birth_date=date(1990, 1, 1),
            title_code=t,
            title_name=t,
        )
        for i, t in enumerate(titles)
    ]
    counts: dict[str, int] = {}
    for t in titles:
        counts[t] = counts.get(t, 0) + 1
    return _event(
        "individual_registrations.submitted",
        IndividualRegistrationsSubmitted(
            list_id="r|p-kim-giang",
            round_id="r",
            round_name="R",
            year=2020,
            unit_id="p-kim-giang",
            unit_name="Phường Kim Giang",
            receiving_unit_id="q-thanh-xuan",
            version=version,
            people=people,
            counts_by_title=counts,
            submitted_at=SAMPLE_TIME,
        ),
    )


def nomination_submitted(dossier_id: str = "hs-1", **overrides: Any) -> Envelope:
    """Kim Giang proposes itself for a Bằng khen of the city; its district receives the dossier."""
    fields: dict[str, Any] = {
        "dossier_id": dossier_id,
        "round_id": "kt-nam-2020-q-thanh-xuan",
        "year": 2020,
        "proposing_unit_id": "p-kim-giang",
        "proposing_unit_name": "Phường Kim Giang",
        "receiving_unit_id": "q-thanh-xuan",
        "subject_kind": "collective",
        "subject_name": "Phường Kim Giang",
        "subject_unit_id": "p-kim-giang",
        "award_code": "bang_khen_thanh_pho",
        "award_name": "Bằng khen của Chủ tịch UBND Thành phố",
        "dossier_kind": "annual_merit",
        "summary": "Hoàn thành xuất sắc nhiệm vụ năm 2020.",
        "attachments": [],
        "submitted_at": SAMPLE_TIME,
    }
    return _event("nomination.submitted", NominationSubmitted(**{**fields, **overrides}))


def initiative_submitted(submission_id: str = "sk-1", **overrides: Any) -> Envelope:
    """Kim Giang proposes its officer's initiative for recognition at district scope by Thanh Xuân."""
    fields: dict[str, Any] = {
        "submission_id": submission_id,
        "round_id": "sk-2020-q-thanh-xuan",
        "year": 2020,
        "unit_id": "p-kim-giang",
        "unit_name": "Phường Kim Giang",
        "receiving_unit_id": "q-thanh-xuan",
        "title": "Số hoá hồ sơ hộ tịch bằng mã QR",
        "field": "Cải cách hành chính",
        "authors": [
            {"full_name": "Nguyễn Thị Thịnh", "position": "Công chức Tư pháp", "contribution_percent": 100}
        ],
        "recognition_level": "cap_huyen",
        "applied_since": date(2020, 3, 1),
        "summary": "Mỗi hồ sơ hộ tịch mang một mã QR tra cứu được.",
        "benefits": "Giảm thời gian tra cứu từ 20 phút xuống 1 phút.",
        "submitted_at": SAMPLE_TIME,
    }
    return _event("initiative.submitted", InitiativeSubmitted.model_validate({**fields, **overrides}))


def decision_issued(
    number: str,
    awardees: Sequence[str],
    *,
    award: str = "giay_khen",
    signed_on: date = date(2020, 12, 30),
    level_path: Sequence[str] = ("ha-noi", "q-thanh-xuan"),
) -> Envelope:
    """A level's decision awarding each of `awardees` (collectives, each proposing itself)."""
    payload = DecisionIssued.model_validate(
        {
            "decision_id": f"{level_path[-1]}|{number}", "number": number, "signed_on": signed_on,
            "signer_id": "m1", "level_unit_id": level_path[-1], "award_code": award, "award_name": award,
            "awardees": [
                {"nomination_id": f"{number}-{u}", "subject_kind": "collective", "subject_id": u,
                 "subject_name": u, "proposing_unit_id": u}
                for u in awardees
            ],
            "ballot_ids": [], "content_hash": "0" * 64,
        }
    )  # fmt: skip
    return new_event(
        "decision.issued", producer="review", unit_path=list(level_path), actor="c", payload=payload
    )
