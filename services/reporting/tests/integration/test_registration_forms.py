"""Issue 18.10's summary still missing: Forms 1 and 2 (and the models form) summed across a subtree."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from emutrack_contracts import Envelope, new_event
from emutrack_contracts.events.registration import FormRow, NamedAward, RegistrationFormSubmitted
from emutrack_kit.consumer import Position
from emutrack_kit_testing.helpers import bearer

from .conftest import reporting_knowing
from .test_documents import TREE, client

CSTD = NamedAward(code="chien_si_thi_dua_co_so", name="Chiến sĩ thi đua cơ sở")
LDTT = NamedAward(code="lao_dong_tien_tien", name="Lao động tiên tiến")


def form(
    ward: str, version: int, aims: list[list[NamedAward]], kind: str = "individual-exemplars"
) -> Envelope:
    """A ward's Form 2 (individual exemplars), one row per person with the awards they aim at."""
    payload = RegistrationFormSubmitted(
        list_id=f"{kind}|r-2021|{ward}", form=kind, round_id="r-2021", round_name="Đăng ký điển hình",
        year=2021, period_from_year=2021, period_to_year=2025, unit_id=ward, unit_name=ward,
        receiving_unit_id="q-thanh-xuan", subject_kind="individual", version=version,
        rows=[FormRow(fields={"full_name": f"Người {i}"}, target_awards=a) for i, a in enumerate(aims)],
        submitted_at=datetime(2021, 3, 1, 3, tzinfo=UTC),
    )  # fmt: skip
    path = ["ha-noi", "q-thanh-xuan", ward]
    return new_event("registration_form.submitted", producer="t", unit_path=path, actor="t", payload=payload)


async def test_a_districts_forms_are_its_wards_rows_and_a_resubmission_replaces_the_last(
    service_env: Any, token: Any
) -> None:
    deps, on = await reporting_knowing(TREE)
    events = [
        form("p-kim-giang", 1, [[CSTD], [LDTT]]),
        form("p-ha-dinh", 1, [[CSTD, LDTT]]),
        form("p-kim-giang", 2, [[CSTD], [LDTT], [CSTD]]),  # Kim Giang sends its form again, one more row
        form("p-ha-dinh", 1, [[CSTD, LDTT]]),  # redelivered: counted once
        form("p-kim-giang", 1, [[CSTD], [LDTT]]),  # the first version read late: changes nothing
        form(
            "p-ha-dinh", 1, [[]], kind="collective-exemplars"
        ),  # Form 1: a collective aiming at nothing named
    ]
    events[3] = events[1]
    for offset, event in enumerate(events):
        await on[event.event_type](event, Position("registrations", 0, offset))
    async with client(deps) as http:
        office = bearer(token("standing_office", "q-thanh-xuan"))
        district = (await http.get("/units/q-thanh-xuan/counts?period=2021", headers=office)).json()
        kim_giang = (await http.get("/units/p-kim-giang/counts?period=2021", headers=office)).json()
    assert district["form_rows"] == {"individual-exemplars": 4, "collective-exemplars": 1}
    assert district["form_targets"] == {
        "individual-exemplars:chien_si_thi_dua_co_so": 3, "individual-exemplars:lao_dong_tien_tien": 2,
    }  # fmt: skip
    assert kim_giang["form_rows"] == {"individual-exemplars": 3}
