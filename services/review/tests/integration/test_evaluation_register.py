"""Who may be evaluated at year end follows registrations, withdrawals and lists of people."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from emutrack_contracts import new_event
from emutrack_contracts.events.registration import (
    IndividualRegistrationsSubmitted,
    RegisteredPerson,
    RegistrationStatusChanged,
    RegistrationSubmitted,
)
from emutrack_kit.auth import Principal, Role, RoleBinding
from emutrack_kit.consumer import Position
from review import bootstrap, handlers
from review.config import Settings

PATH = ["ha-noi", "q-thanh-xuan", "p-kim-giang"]
T0 = datetime(2020, 1, 30, 3, 0, tzinfo=UTC)
POS = Position("t", 0, 0)
OFFICE = Principal("o", (RoleBinding(Role.STANDING_OFFICE, "q-thanh-xuan"),))


def _submitted() -> Any:
    return new_event(
        "registration.submitted",
        producer="test",
        unit_path=PATH,
        actor="t",
        payload=RegistrationSubmitted(
            registration_id="reg-1",
            round_id="r",
            year=2020,
            subject_kind="collective",
            subject_unit_id="p-kim-giang",
            subject_name="Phường Kim Giang",
            title_code="a",
            title_name="A",
            receiving_unit_id="q-thanh-xuan",
            submitted_at=T0,
        ),
    )


def _changed(to_status: str, at: datetime, title: str = "a") -> Any:
    return new_event(
        "registration.status_changed",
        producer="test",
        unit_path=PATH,
        actor="t",
        payload=RegistrationStatusChanged(
            registration_id="reg-1",
            round_id="r",
            year=2020,
            subject_kind="collective",
            subject_unit_id="p-kim-giang",
            subject_name="Phường Kim Giang",
            title_code=title,
            title_name=title.upper(),
            receiving_unit_id="q-thanh-xuan",
            from_status="submitted",
            to_status=to_status,
            changed_at=at,
        ),
    )


async def test_a_withdrawn_registration_leaves_the_register_and_older_changes_do_not_undo_it(
    service_env: Any,
) -> None:
    deps = bootstrap.deps(Settings())
    on = bootstrap.event_handlers(deps)
    await on["registration.submitted"](_submitted(), POS)
    await on["registration.status_changed"](_changed("submitted", T0 + timedelta(hours=1), "b"), POS)
    [entry] = await handlers.evaluation_register(deps, OFFICE, 2020, 10, 0)
    assert entry["title_code"] == "b"
    await on["registration.status_changed"](_changed("withdrawn", T0 + timedelta(hours=2), "b"), POS)
    await on["registration.status_changed"](
        _changed("approved", T0 + timedelta(hours=1, minutes=30), "b"), POS
    )
    assert await handlers.evaluation_register(deps, OFFICE, 2020, 10, 0) == []


async def test_only_the_latest_list_of_people_counts(service_env: Any) -> None:
    deps = bootstrap.deps(Settings())

    def listed(version: int, names: list[str]) -> Any:
        return new_event(
            "individual_registrations.submitted",
            producer="test",
            unit_path=PATH,
            actor="t",
            payload=IndividualRegistrationsSubmitted(
                list_id="r|p-kim-giang",
                round_id="r",
                round_name="R",
                year=2020,
                unit_id="p-kim-giang",
                unit_name="Phường Kim Giang",
                receiving_unit_id="q-thanh-xuan",
                version=version,
                people=[
                    RegisteredPerson(person_key=n, full_name=n, title_code="ldtt", title_name="LĐTT")
                    for n in names
                ],
                counts_by_title={"ldtt": len(names)},
                submitted_at=T0,
            ),
        )

    await handlers.on_individual_registrations_submitted(deps, listed(1, ["Nguyễn Thị Thịnh"]), POS)
    await handlers.on_individual_registrations_submitted(
        deps, listed(2, ["Trần Văn Đức", "Lê Thị Nhung"]), POS
    )
    await handlers.on_individual_registrations_submitted(
        deps, listed(1, ["Nguyễn Thị Thịnh"]), POS
    )  # late duplicate
    [unit_list] = await handlers.registered_people(deps, OFFICE, 2020)
    assert unit_list["version"] == 2
    assert [p["full_name"] for p in unit_list["people"]] == ["Trần Văn Đức", "Lê Thị Nhung"]
    other = Principal("x", (RoleBinding(Role.STANDING_OFFICE, "q-hoang-mai"),))
    assert await handlers.registered_people(deps, other, 2020) == []
