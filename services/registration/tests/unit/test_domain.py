"""Unit tests of registration's pure domain: titles, rounds, the org tree, registrations, seed."""

from __future__ import annotations

import dataclasses
import unicodedata
import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from emutrack_contracts import Envelope
from emutrack_contracts.events.registration import RegistrationSubmitted
from emutrack_kit.errors import Conflict, Unprocessable
from emutrack_kit.http import status_of
from registration.domain.org import ParentLink, Unit, is_within
from registration.domain.registrations import Application, CollectiveRegistration, submit_collective
from registration.domain.rounds import Round, end_of_day
from registration.domain.titles import TITLES, title_for
from registration.seed_data import load_tree_2020, ward_id

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
DEADLINE = datetime(2020, 2, 5, 23, 59, 59, tzinfo=HANOI)
PATH = ("ha-noi", "q-thanh-xuan", "p-kim-giang")


def _round(**overrides: object) -> Round:
    values: dict[str, object] = {
        "round_id": "dk-2020-q-thanh-xuan",
        "name": "Đăng ký thi đua năm 2020",
        "kind": "registration",
        "year": 2020,
        "receiving_unit_id": "q-thanh-xuan",
        "receiving_unit_name": "Quận Thanh Xuân",
        "opened_on": date(2020, 1, 22),
        "deadline": DEADLINE,
    }
    values.update(overrides)
    return Round(**values)  # type: ignore[arg-type]


def _kim_giang() -> Unit:
    return Unit(
        "p-kim-giang",
        "Phường Kim Giang",
        "ward",
        2,
        date(2008, 8, 1),
        date(2025, 6, 30),
        (ParentLink("q-thanh-xuan", date(2008, 8, 1), date(2025, 6, 30)),),
    )


# --- titles ---------------------------------------------------------------------------


def test_title_for_known_collective_title() -> None:
    title = title_for("tap_the_lao_dong_tien_tien", "collective")
    assert title.code == "tap_the_lao_dong_tien_tien"
    assert title.name == "Tập thể lao động tiên tiến"
    assert title.subject_kind == "collective"


def test_title_for_known_individual_title() -> None:
    assert title_for("chien_si_thi_dua_co_so", "individual").name == "Chiến sĩ thi đua cơ sở"


def test_unknown_title_is_unprocessable_on_title_code() -> None:
    with pytest.raises(Unprocessable) as caught:
        title_for("huan_chuong_vang", "collective")
    error = caught.value
    assert status_of(error) == 422
    assert error.code == "UNKNOWN_TITLE"
    assert error.field == "title_code"
    assert "huan_chuong_vang" in error.message
    # the message lists what may be registered, and only titles of that subject kind
    assert "Tập thể lao động xuất sắc" in error.message
    assert "Chiến sĩ thi đua cơ sở" not in error.message


def test_individual_title_for_a_collective_is_refused() -> None:
    with pytest.raises(Unprocessable) as caught:
        title_for("chien_si_thi_dua_co_so", "collective")
    error = caught.value
    assert error.code == "TITLE_NOT_FOR_SUBJECT"
    assert error.field == "title_code"
    assert "Chiến sĩ thi đua cơ sở" in error.message
    assert "tập thể" in error.message


def test_collective_title_for_an_individual_is_refused() -> None:
    with pytest.raises(Unprocessable) as caught:
        title_for("co_thi_dua_thanh_pho", "individual")
    assert caught.value.code == "TITLE_NOT_FOR_SUBJECT"
    assert "cá nhân" in caught.value.message


def test_title_names_are_nfc() -> None:
    assert all(unicodedata.is_normalized("NFC", t.name) for t in TITLES.values())


# --- rounds ---------------------------------------------------------------------------


def test_end_of_day_is_235959_hanoi_time() -> None:
    deadline = end_of_day(date(2020, 2, 5))
    assert deadline == datetime(2020, 2, 5, 16, 59, 59, tzinfo=UTC)
    assert deadline.utcoffset() == timedelta(hours=7)
    assert (deadline.hour, deadline.minute, deadline.second) == (23, 59, 59)


def test_round_is_open_before_and_at_the_deadline() -> None:
    round_ = _round()
    round_.ensure_open(datetime(2020, 1, 30, 3, 0, tzinfo=UTC))
    round_.ensure_open(DEADLINE)
    # 23:30 in Hà Nội on the last day is still 05/02 there (16:30 UTC)
    round_.ensure_open(datetime(2020, 2, 5, 16, 30, tzinfo=UTC))


def test_round_refuses_after_the_deadline_naming_deadline_and_receiver() -> None:
    round_ = _round()
    with pytest.raises(Conflict) as caught:
        round_.ensure_open(DEADLINE + timedelta(seconds=1))
    error = caught.value
    assert status_of(error) == 409
    assert error.code == "DEADLINE_PASSED"
    assert "05/02/2020" in error.message
    assert "23:59" in error.message
    assert "Quận Thanh Xuân" in error.message
    assert "Đăng ký thi đua năm 2020" in error.message
    assert error.details == {
        "deadline": DEADLINE.isoformat(),
        "receiving_unit_id": "q-thanh-xuan",
        "receiving_unit_name": "Quận Thanh Xuân",
    }


def test_deadline_message_uses_hanoi_date_even_for_a_utc_deadline() -> None:
    # 17:00 UTC on 05/02 is 00:00 on 06/02 in Hà Nội
    round_ = _round(deadline=datetime(2020, 2, 5, 17, 0, tzinfo=UTC))
    with pytest.raises(Conflict) as caught:
        round_.ensure_open(datetime(2020, 2, 6, 1, 0, tzinfo=UTC))
    assert "00:00 ngày 06/02/2020" in caught.value.message


# --- org tree -------------------------------------------------------------------------


def test_parent_link_valid_on_is_inclusive_at_both_ends() -> None:
    link = ParentLink("q-thanh-xuan", date(2008, 8, 1), date(2025, 6, 30))
    assert not link.valid_on(date(2008, 7, 31))
    assert link.valid_on(date(2008, 8, 1))
    assert link.valid_on(date(2020, 2, 5))
    assert link.valid_on(date(2025, 6, 30))
    assert not link.valid_on(date(2025, 7, 1))


def test_open_parent_link_is_valid_for_ever_after_its_start() -> None:
    link = ParentLink("ha-noi", date(2025, 7, 1))
    assert not link.valid_on(date(2025, 6, 30))
    assert link.valid_on(date(2099, 1, 1))


def test_ward_parent_changes_with_the_date() -> None:
    ward = _kim_giang()
    assert ward.parent_on(date(2020, 2, 5)) == "q-thanh-xuan"
    assert ward.parent_on(date(2025, 6, 30)) == "q-thanh-xuan"
    assert ward.parent_on(date(2025, 7, 1)) is None
    assert ward.parent_on(date(2000, 1, 1)) is None


def test_parent_on_picks_the_link_valid_that_day() -> None:
    ward = dataclasses.replace(
        _kim_giang(),
        valid_to=None,
        parents=(
            ParentLink("q-thanh-xuan", date(2008, 8, 1), date(2025, 6, 30)),
            ParentLink("ha-noi", date(2025, 7, 1)),
        ),
    )
    assert ward.parent_on(date(2025, 6, 30)) == "q-thanh-xuan"
    assert ward.parent_on(date(2025, 7, 1)) == "ha-noi"


def test_root_has_no_parent() -> None:
    city = Unit("ha-noi", "Thành phố Hà Nội", "city", 0, date(2008, 8, 1))
    assert city.parent_on(date(2020, 1, 1)) is None


def test_unit_exists_on_its_validity_interval_only() -> None:
    ward = _kim_giang()
    assert ward.exists_on(date(2008, 8, 1))
    assert ward.exists_on(date(2025, 6, 30))
    assert not ward.exists_on(date(2025, 7, 1))
    assert not ward.exists_on(date(2008, 7, 31))


def test_is_within() -> None:
    assert is_within(PATH, "q-thanh-xuan")
    assert is_within(PATH, "p-kim-giang")
    assert not is_within(PATH, "q-hoang-mai")


# --- registrations --------------------------------------------------------------------

NOW = datetime(2020, 1, 30, 3, 0, tzinfo=UTC)


def _submit(
    round_: Round | None = None, now: datetime = NOW, **overrides: object
) -> tuple[CollectiveRegistration, Envelope]:
    kwargs: dict[str, object] = {
        "registration_id": "reg-1",
        "unit": _kim_giang(),
        "unit_path": PATH,
        "title": TITLES["tap_the_lao_dong_tien_tien"],
        "actor": "can-bo-kim-giang",
    }
    kwargs.update(overrides)
    return submit_collective(Application(**kwargs), round_ or _round(), now)  # type: ignore[arg-type]


def test_submit_collective_gives_a_submitted_registration() -> None:
    registration, _ = _submit()
    assert registration.registration_id == "reg-1"
    assert registration.status == "submitted"
    assert registration.round_id == "dk-2020-q-thanh-xuan"
    assert registration.year == 2020
    assert registration.unit_id == "p-kim-giang"
    assert registration.unit_name == "Phường Kim Giang"
    assert registration.unit_path == PATH
    assert registration.submitted_by == "can-bo-kim-giang"
    assert registration.submitted_at == NOW
    assert registration.title.code == "tap_the_lao_dong_tien_tien"


def test_submit_collective_event_envelope_and_payload() -> None:
    _, event = _submit()
    assert event.event_type == "registration.submitted"
    assert event.schema_version == 1
    assert event.producer == "registration"
    assert event.unit_id == "p-kim-giang"
    assert event.unit_path == list(PATH)
    assert event.kafka_key() == b"p-kim-giang"
    assert event.actor == "can-bo-kim-giang"
    assert event.occurred_at == NOW
    assert isinstance(event.event_id, uuid.UUID)
    payload = RegistrationSubmitted.model_validate(event.payload)
    assert payload == RegistrationSubmitted(
        registration_id="reg-1",
        round_id="dk-2020-q-thanh-xuan",
        round_name="Đăng ký thi đua năm 2020",
        year=2020,
        subject_kind="collective",
        subject_unit_id="p-kim-giang",
        subject_name="Phường Kim Giang",
        title_code="tap_the_lao_dong_tien_tien",
        title_name="Tập thể lao động tiên tiến",
        receiving_unit_id="q-thanh-xuan",
        submitted_at=NOW,
    )
    assert event.payload["receiving_unit_id"] == "q-thanh-xuan"


def test_each_submission_event_has_its_own_id() -> None:
    assert _submit()[1].event_id != _submit()[1].event_id


def test_unit_outside_the_round_is_refused() -> None:
    dai_kim = Unit("p-dai-kim", "Phường Đại Kim", "ward", 2, date(2008, 8, 1), date(2025, 6, 30))
    with pytest.raises(Unprocessable) as caught:
        _submit(unit=dai_kim, unit_path=("ha-noi", "q-hoang-mai", "p-dai-kim"))
    error = caught.value
    assert error.code == "UNIT_OUTSIDE_ROUND"
    assert error.field == "unit_id"
    assert "Phường Đại Kim" in error.message
    assert "Quận Thanh Xuân" in error.message


@pytest.mark.parametrize("kind", ["nomination", "initiative", "exemplar"])
def test_round_of_another_kind_is_refused(kind: str) -> None:
    with pytest.raises(Unprocessable) as caught:
        _submit(round_=_round(kind=kind))
    assert caught.value.code == "ROUND_NOT_FOR_REGISTRATION"
    assert caught.value.field == "round_id"


def test_submission_after_the_deadline_is_refused() -> None:
    with pytest.raises(Conflict) as caught:
        _submit(now=DEADLINE + timedelta(minutes=1))
    assert caught.value.code == "DEADLINE_PASSED"


def test_kind_is_checked_before_the_deadline() -> None:
    late = DEADLINE + timedelta(days=1)
    with pytest.raises(Unprocessable) as caught:
        _submit(round_=_round(kind="nomination"), now=late)
    assert caught.value.code == "ROUND_NOT_FOR_REGISTRATION"


# --- seed data ------------------------------------------------------------------------


def test_seed_tree_has_65_units_with_unique_ids() -> None:
    seed = load_tree_2020()
    assert len(seed.units) == 65
    assert len({u.unit_id for u in seed.units}) == 65
    kinds = [u.kind for u in seed.units]
    assert kinds.count("city") == 1
    assert kinds.count("district") == 4
    assert kinds.count("ward") == 60


def test_seed_units_come_parents_first() -> None:
    seen: set[str] = set()
    for unit in load_tree_2020().units:
        parent = unit.parent_on(date(2020, 2, 5))
        assert parent is None or parent in seen, unit.unit_id
        seen.add(unit.unit_id)


def test_seed_wards_of_thanh_xuan_include_kim_giang() -> None:
    seed = load_tree_2020()
    day = date(2020, 2, 5)
    wards = {u.unit_id: u for u in seed.units if u.kind == "ward" and u.parent_on(day) == "q-thanh-xuan"}
    assert len(wards) == 11
    kim_giang = wards["p-kim-giang"]
    assert kim_giang.name == "Phường Kim Giang"
    assert kim_giang.level == 2
    assert kim_giang.valid_from == date(2008, 8, 1)
    assert kim_giang.valid_to == date(2025, 6, 30)
    assert kim_giang.parent_on(date(2025, 7, 1)) is None
    assert "p-dai-kim" not in wards


def test_seed_district_parent_is_the_city() -> None:
    units = {u.unit_id: u for u in load_tree_2020().units}
    assert units["q-thanh-xuan"].name == "Quận Thanh Xuân"
    assert units["q-thanh-xuan"].parent_on(date(2020, 2, 5)) == "ha-noi"
    assert units["ha-noi"].parent_on(date(2020, 2, 5)) is None
    assert units["ha-noi"].valid_to is None


def test_seed_names_are_nfc() -> None:
    seed = load_tree_2020()
    names = [u.name for u in seed.units] + [r.name for r in seed.rounds]
    assert all(unicodedata.is_normalized("NFC", n) for n in names)
    # ...and actually carry Vietnamese diacritics (not stripped to ASCII)
    assert "Phường Thượng Đình" in names


@pytest.mark.parametrize(
    ("name", "unit_id"),
    [
        ("Phú Lãm", "p-phu-lam"),
        ("Đại Kim", "p-dai-kim"),
        ("Thanh Xuân Bắc", "p-thanh-xuan-bac"),
        (unicodedata.normalize("NFD", "Phú Lãm"), "p-phu-lam"),
    ],
)
def test_ward_id(name: str, unit_id: str) -> None:
    assert ward_id(name) == unit_id


def test_seed_ward_ids_follow_their_names() -> None:
    units = {u.unit_id: u for u in load_tree_2020().units}
    assert units["p-phu-lam"].name == "Phường Phú Lãm"
    assert units["p-phu-la"].name == "Phường Phú La"
    assert units["p-phuc-la"].name == "Phường Phúc La"
    assert units["p-dai-kim"].parent_on(date(2020, 2, 5)) == "q-hoang-mai"


def test_seed_round() -> None:
    round_ = load_tree_2020().rounds[0]
    assert round_.round_id == "dk-2020-q-thanh-xuan"
    assert round_.kind == "registration"
    assert round_.year == 2020
    assert round_.receiving_unit_id == "q-thanh-xuan"
    assert round_.receiving_unit_name == "Quận Thanh Xuân"
    assert round_.opened_on == date(2020, 1, 22)
    assert round_.deadline == DEADLINE


def test_seed_deadline_override_moves_only_the_deadline() -> None:
    default, *others = load_tree_2020().rounds
    moved, *same = load_tree_2020(deadline=date(2030, 12, 31)).rounds
    assert moved.deadline == datetime(2030, 12, 31, 23, 59, 59, tzinfo=HANOI)
    assert moved == dataclasses.replace(default, deadline=moved.deadline)
    assert same == others
    assert load_tree_2020(deadline=date(2030, 12, 31)).units == load_tree_2020().units


def test_seed_rounds_follow_the_2020_calendar_and_the_5_year_plan() -> None:
    rounds = {r.round_id: r for r in load_tree_2020().rounds}
    assert rounds["sk-2020-2-q-thanh-xuan"].kind == "initiative"
    assert rounds["sk-2020-2-q-thanh-xuan"].deadline == datetime(2020, 5, 20, 23, 59, 59, tzinfo=HANOI)
    assert rounds["kt-nam-2020-q-thanh-xuan"].award_kind == "annual_merit"
    assert rounds["dh-2020-q-thanh-xuan"].movement_id == "mv-2020-q-thanh-xuan-nguoi-tot-viec-tot"
    assert rounds["dk-dh-2021-2025-q-hoang-mai"].period == (2021, 2025)
    assert rounds["dk-2020-q-thanh-xuan"].period == (2020, 2020)


def test_seed_movements_of_thanh_xuan_2020() -> None:
    movements = {m.movement_id: m for m in load_tree_2020().movements}
    assert {m.kind for m in movements.values()} == {"regular", "by_phase", "thematic"}
    regular = movements["mv-2020-q-thanh-xuan-hoan-thanh-xuat-sac"]
    assert regular.launching_unit_name == "Quận Thanh Xuân"
    assert any(t.indicator == "registration_coverage" and t.value == 100 for t in regular.targets)


def test_a_round_refuses_submissions_before_it_opens_naming_its_days() -> None:
    round_ = load_tree_2020().rounds[0]  # opens 22/01/2020
    with pytest.raises(Conflict) as refused:
        round_.ensure_open(datetime(2020, 1, 21, 3, 0, tzinfo=UTC))
    assert refused.value.code == "ROUND_NOT_OPEN"
    assert "22/01/2020" in refused.value.message
    assert "05/02/2020" in refused.value.message
    round_.ensure_open(datetime(2020, 1, 21, 17, 30, tzinfo=UTC))  # 00:30 on 22/01 in Hà Nội
