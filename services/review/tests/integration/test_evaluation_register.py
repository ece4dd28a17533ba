"""Who may be evaluated at year end follows registrations, withdrawals and lists of people."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from emutrack_contracts import samples
from emutrack_kit.auth import Principal, Role, RoleBinding
from emutrack_kit.consumer import Position
from review import bootstrap
from review.config import Settings
from review.usecases import register

T0 = datetime(2020, 1, 30, 3, 0, tzinfo=UTC)
POS = Position("t", 0, 0)
OFFICE = Principal("o", (RoleBinding(Role.STANDING_OFFICE, "q-thanh-xuan"),))


def _submitted() -> Any:
    return samples.registration_submitted("a", title_name="A", submitted_at=T0)


def _changed(to_status: str, at: datetime, title: str = "a") -> Any:
    return samples.registration_changed(
        "submitted", to_status, title, title_name=title.upper(), changed_at=at
    )


async def test_a_withdrawn_registration_leaves_the_register_and_older_changes_do_not_undo_it(
    service_env: Any,
) -> None:
    deps = bootstrap.deps(Settings())
    on = bootstrap.event_handlers(deps)
    await on["registration.submitted"](_submitted(), POS)
    await on["registration.status_changed"](_changed("submitted", T0 + timedelta(hours=1), "b"), POS)
    [entry] = await register.evaluation_register(deps, OFFICE, 2020, 10, 0)
    assert entry.title_code == "b"
    await on["registration.status_changed"](_changed("withdrawn", T0 + timedelta(hours=2), "b"), POS)
    await on["registration.status_changed"](
        _changed("approved", T0 + timedelta(hours=1, minutes=30), "b"), POS
    )
    assert await register.evaluation_register(deps, OFFICE, 2020, 10, 0) == []


async def test_only_the_latest_list_of_people_counts(service_env: Any) -> None:
    deps = bootstrap.deps(Settings())
    on = bootstrap.event_handlers(deps)["individual_registrations.submitted"]

    def listed(version: int, names: list[str]) -> Any:
        return samples.people_listed(version, ["ldtt"] * len(names), names)

    await on(listed(1, ["Nguyễn Thị Thịnh"]), POS)
    await on(listed(2, ["Trần Văn Đức", "Lê Thị Nhung"]), POS)
    await on(listed(1, ["Nguyễn Thị Thịnh"]), POS)  # late duplicate
    [unit_list] = await register.registered_people(deps, OFFICE, 2020)
    assert unit_list.version == 2
    assert [p.full_name for p in unit_list.people] == ["Trần Văn Đức", "Lê Thị Nhung"]
    other = Principal("x", (RoleBinding(Role.STANDING_OFFICE, "q-hoang-mai"),))
    assert await register.registered_people(deps, other, 2020) == []
