"""Pure rules of restructuring (merge, move, retire): dates, kept history, refusals, replays."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest

from emutrack_kit.errors import AppError, Conflict, Unprocessable
from emutrack_kit.http import status_of
from registration.domain.org import Merge, Move, NewUnit, Operation, ParentLink, Retire, Unit
from registration.domain.restructure import (
    ONE_DAY,
    Context,
    MergeSite,
    Step,
    plan_merge,
    plan_move,
    plan_retire,
    require_known,
)
from registration.seed_data import load_restructure_2025, load_tree_2020

CTX = Context("admin-ha-noi", datetime(2025, 6, 20, 3, 0, tzinfo=UTC))
D = date(2025, 7, 1)
PAST, FUTURE = date(2022, 5, 1), date(2026, 1, 1)


class Tree:
    """The 2020 seed tree in memory, restructured as usecases/restructurings.py does it on the database."""

    def __init__(self, units: list[Unit] | None = None) -> None:
        self.units = {u.unit_id: u for u in (units if units is not None else load_tree_2020().units)}

    def path_on(self, unit_id: str, day: date) -> tuple[str, ...]:
        path: list[str] = []
        current: str | None = unit_id
        while current is not None and current in self.units and current not in path:
            path.append(current)
            current = self.units[current].parent_on(day)
        return tuple(reversed(path))

    def children_on(self, parent_id: str, day: date) -> list[Unit]:
        return [u for u in self.units.values() if u.exists_on(day) and u.parent_on(day) == parent_id]

    def apply(self, op: Operation) -> list[Step]:
        require_known(op, self.units)
        day = op.effective_date
        if isinstance(op, Move):
            steps = plan_move(op, self.units, self.path_on(op.parent_id, day), CTX)
        elif isinstance(op, Retire):
            children = self.children_on(op.unit_id, day)
            steps = plan_retire(op, self.units, children, self.path_on(op.unit_id, day - ONE_DAY), CTX)
        else:
            pending = [s for s in op.source_ids if op.operation_id not in self.units[s].ops]
            site = MergeSite(
                self.units.get(op.new_unit.unit_id),
                self.path_on(op.new_unit.parent_id, day),
                [c for s in op.source_ids for c in self.children_on(s, day)],
                {s: self.path_on(s, day - ONE_DAY) for s in pending},
            )
            steps = plan_merge(op, self.units, site, CTX)
        for step in steps:
            self.units[step.unit.unit_id] = step.unit
        return steps


def _merge_phu_lam(day: date = D, parent_id: str = "ha-noi") -> Merge:
    new = NewUnit("p-phu-luong-2025", "Phường Phú Lương", "ward", parent_id)
    return Merge(("p-phu-lam", "p-phu-luong"), new, day)


def _open_ended(tree: Tree, *unit_ids: str) -> None:
    """Make units open-ended (as units created without a known end are)."""
    for unit_id in unit_ids:
        u = tree.units[unit_id]
        links = tuple(dataclasses.replace(p, valid_to=None) for p in u.parents)
        tree.units[unit_id] = dataclasses.replace(u, valid_to=None, parents=links)


def _refused(tree: Tree, op: Operation) -> AppError:
    with pytest.raises(AppError) as caught:
        tree.apply(op)
    return caught.value


# --- merge -------------------------------------------------------------------------------


def test_merge_ends_sources_the_day_before_and_starts_the_new_unit_on_the_day() -> None:
    tree = Tree()
    _open_ended(tree, "p-phu-lam", "p-phu-luong")
    steps = tree.apply(_merge_phu_lam())
    assert [(s.unit.unit_id, s.insert) for s in steps] == [
        ("p-phu-luong-2025", True),
        ("p-phu-lam", False),
        ("p-phu-luong", False),
    ]
    lam = tree.units["p-phu-lam"]
    assert lam.valid_to == date(2025, 6, 30)
    assert lam.parents == (ParentLink("q-ha-dong", date(2008, 8, 1), date(2025, 6, 30)),)
    assert (lam.successor_id, lam.ended_by) == ("p-phu-luong-2025", _merge_phu_lam().operation_id)
    new = tree.units["p-phu-luong-2025"]
    assert (new.valid_from, new.valid_to, new.level) == (D, None, 1)
    assert new.parents == (ParentLink("ha-noi", D),)


def test_merge_keeps_history_and_paths_after_follow_the_new_tree() -> None:
    tree = Tree()
    tree.apply(_merge_phu_lam())
    assert tree.path_on("p-phu-lam", PAST) == ("ha-noi", "q-ha-dong", "p-phu-lam")
    assert tree.path_on("p-phu-lam", date(2025, 6, 30)) == ("ha-noi", "q-ha-dong", "p-phu-lam")
    assert tree.path_on("p-phu-luong-2025", FUTURE) == ("ha-noi", "p-phu-luong-2025")
    assert not tree.units["p-phu-lam"].exists_on(D)
    assert not tree.units["p-phu-luong-2025"].exists_on(PAST)


def test_merge_events_the_new_unit_carries_created_and_merged_each_source_retired() -> None:
    op = _merge_phu_lam()
    steps = Tree().apply(op)
    new_events = steps[0].events
    assert [e.event_type for e in new_events] == ["unit.created", "unit.merged"]
    merged = new_events[1]
    assert merged.unit_path == ["ha-noi", "p-phu-luong-2025"]
    assert merged.payload == {
        "unit_id": "p-phu-luong-2025",
        "name": "Phường Phú Lương",
        "parent_id": "ha-noi",
        "source_ids": ["p-phu-lam", "p-phu-luong"],
        "effective_date": "2025-07-01",
        "operation_id": op.operation_id,
    }
    retired = steps[1].events[0]
    assert retired.event_type == "unit.retired"
    assert retired.unit_path == ["ha-noi", "q-ha-dong", "p-phu-lam"]  # where it was on its last day
    assert retired.payload["successor_id"] == "p-phu-luong-2025"
    assert retired.payload["valid_to"] == "2025-06-30"
    events = [e for s in steps for e in s.events]
    assert {e.correlation_id for e in events} == {merged.correlation_id} != {None}
    assert {e.actor for e in events} == {"admin-ha-noi"}
    assert {e.occurred_at for e in events} == {CTX.now}


def test_merge_moves_the_children_of_its_sources_to_the_new_unit() -> None:
    school = Unit(
        "th-phu-lam",
        "Trường Tiểu học Phú Lãm",
        "school",
        3,
        date(2010, 9, 1),
        None,
        (ParentLink("p-phu-lam", date(2010, 9, 1)),),
    )
    tree = Tree([*load_tree_2020().units, school])
    steps = tree.apply(_merge_phu_lam())
    assert [e.event_type for e in steps[-1].events] == ["unit.moved"]
    assert steps[-1].events[0].unit_path == ["ha-noi", "p-phu-luong-2025", "th-phu-lam"]
    assert tree.path_on("th-phu-lam", PAST) == ("ha-noi", "q-ha-dong", "p-phu-lam", "th-phu-lam")
    assert tree.path_on("th-phu-lam", FUTURE) == ("ha-noi", "p-phu-luong-2025", "th-phu-lam")


def test_a_merge_applied_again_plans_nothing_and_an_interrupted_one_finishes() -> None:
    tree = Tree()
    op = _merge_phu_lam()
    steps = tree.apply(op)
    assert tree.apply(op) == []
    # interrupted after its first write: only the new unit is stored
    again = Tree()
    again.units["p-phu-luong-2025"] = steps[0].unit
    assert [s.unit.unit_id for s in again.apply(op)] == ["p-phu-lam", "p-phu-luong"]


def test_a_merge_interrupted_before_moving_the_children_moves_them_when_re_run() -> None:
    school = Unit("th-phu-lam", "Trường Tiểu học Phú Lãm", "school", 3, date(2010, 9, 1), None,
                  (ParentLink("p-phu-lam", date(2010, 9, 1)),))  # fmt: skip
    steps = Tree([*load_tree_2020().units, school]).apply(_merge_phu_lam())
    again = Tree([*load_tree_2020().units, school])
    for step in steps[:-1]:  # everything but the child's move was stored
        again.units[step.unit.unit_id] = step.unit
    assert [s.unit.unit_id for s in again.apply(_merge_phu_lam())] == ["th-phu-lam"]
    assert again.path_on("th-phu-lam", FUTURE) == ("ha-noi", "p-phu-luong-2025", "th-phu-lam")
    assert again.apply(_merge_phu_lam()) == []


def test_operation_ids_are_stable_and_follow_the_content() -> None:
    assert _merge_phu_lam().operation_id == _merge_phu_lam().operation_id
    assert _merge_phu_lam().operation_id != _merge_phu_lam(parent_id="q-ha-dong").operation_id
    assert Retire("q-ha-dong", D).operation_id == "retire:q-ha-dong:2025-07-01"
    assert Move("p-kim-giang", "q-hoang-mai", D).operation_id == "move:p-kim-giang:2025-07-01:q-hoang-mai"


# --- move and retire ---------------------------------------------------------------------


def test_move_closes_the_current_link_the_day_before_and_opens_one_on_the_day() -> None:
    tree = Tree()
    day = date(2024, 1, 1)
    [step] = tree.apply(Move("p-kim-giang", "q-hoang-mai", day))
    assert tree.units["p-kim-giang"].parents == (
        ParentLink("q-thanh-xuan", date(2008, 8, 1), date(2023, 12, 31)),
        ParentLink("q-hoang-mai", day, date(2025, 6, 30)),
    )
    [event] = step.events
    assert event.event_type == "unit.moved"
    assert event.unit_path == ["ha-noi", "q-hoang-mai", "p-kim-giang"]
    assert (event.payload["from_parent_id"], event.payload["to_parent_id"]) == ("q-thanh-xuan", "q-hoang-mai")
    assert tree.path_on("p-kim-giang", date(2020, 1, 22)) == ("ha-noi", "q-thanh-xuan", "p-kim-giang")
    assert tree.path_on("p-kim-giang", date(2024, 6, 1)) == ("ha-noi", "q-hoang-mai", "p-kim-giang")


def test_retire_ends_the_unit_and_its_link_the_day_before() -> None:
    tree = Tree()
    _open_ended(tree, "p-phuc-tan")
    [step] = tree.apply(Retire("p-phuc-tan", D))
    unit = tree.units["p-phuc-tan"]
    assert unit.valid_to == date(2025, 6, 30)
    assert unit.parents[-1].valid_to == date(2025, 6, 30)
    assert step.events[0].event_type == "unit.retired"
    assert step.events[0].payload["successor_id"] is None


# --- refusals ----------------------------------------------------------------------------


def test_unknown_units_are_refused_on_their_field() -> None:
    error = _refused(Tree(), Merge(("p-phu-lam", "p-khong-co"), _merge_phu_lam().new_unit, D))
    assert (status_of(error), error.code, error.field) == (422, "UNKNOWN_UNIT", "source_ids.1")
    assert "p-khong-co" in error.message
    assert _refused(Tree(), Move("p-kim-giang", "q-khong-co", D)).field == "parent_id"


@pytest.mark.parametrize(
    "op",
    [
        Retire("p-phu-lam", date(2008, 8, 1)),
        Move("p-kim-giang", "q-hoang-mai", date(2008, 8, 1)),
        Merge(("p-phu-lam",), NewUnit("p-x", "Phường X", "ward", "ha-noi"), date(2008, 8, 1)),
    ],
)
def test_an_effective_date_not_after_the_units_start_is_refused(op: Operation) -> None:
    error = _refused(Tree(), op)
    assert (status_of(error), error.code, error.field) == (
        422,
        "EFFECTIVE_DATE_BEFORE_UNIT",
        "effective_date",
    )
    assert "01/08/2008" in error.message


@pytest.mark.parametrize("parent_id", ["p-kim-giang", "th-kim-giang"])
def test_moving_a_unit_under_itself_or_its_descendant_is_refused(parent_id: str) -> None:
    school = Unit(
        "th-kim-giang",
        "Trường Tiểu học Kim Giang",
        "school",
        3,
        date(2010, 9, 1),
        None,
        (ParentLink("p-kim-giang", date(2010, 9, 1)),),
    )
    tree = Tree([*load_tree_2020().units, school])
    error = _refused(tree, Move("p-kim-giang", parent_id, date(2024, 1, 1)))
    assert (status_of(error), error.code, error.field) == (422, "MOVE_UNDER_ITSELF", "parent_id")
    assert "Phường Kim Giang" in error.message


def test_merging_a_unit_already_merged_is_refused() -> None:
    tree = Tree()
    tree.apply(_merge_phu_lam())
    other = Merge(("p-phu-lam", "p-dong-mai"), NewUnit("p-y", "Phường Y", "ward", "ha-noi"), D)
    error = _refused(tree, other)
    assert isinstance(error, Conflict)
    assert (error.code, error.field) == ("UNIT_ALREADY_RETIRED", "source_ids.0")
    assert "Phường Phú Lãm" in error.message
    assert "p-phu-luong-2025" in error.message


def test_merging_a_unit_that_ended_before_the_day_before_is_refused() -> None:
    error = _refused(Tree(), _merge_phu_lam(day=date(2026, 1, 1)))
    assert (status_of(error), error.code) == (409, "UNIT_ALREADY_RETIRED")
    assert "30/06/2025" in error.message


def test_other_refusals() -> None:
    tree = Tree()
    exists = Merge(("p-phu-lam",), NewUnit("p-kim-giang", "Phường Kim Giang", "ward", "ha-noi"), D)
    error = _refused(tree, exists)
    assert (status_of(error), error.code, error.field) == (409, "UNIT_EXISTS", "new_unit.unit_id")
    twice = Merge(("p-phu-lam", "p-phu-lam"), _merge_phu_lam().new_unit, D)
    assert (status_of(_refused(tree, twice)), _refused(tree, twice).code) == (422, "DUPLICATE_SOURCE")
    into_own = _merge_phu_lam(day=date(2024, 1, 1), parent_id="p-phu-lam")
    error = _refused(tree, into_own)
    assert (error.code, error.field) == ("MERGE_INTO_OWN_SUBTREE", "new_unit.parent_id")
    same_parent = Move("p-kim-giang", "q-thanh-xuan", D - ONE_DAY)
    assert _refused(tree, same_parent).code == "ALREADY_UNDER_PARENT"
    error = _refused(tree, Retire("q-ha-dong", date(2024, 1, 1)))
    assert (status_of(error), error.code) == (409, "UNIT_HAS_CHILDREN")
    assert "17 đơn vị trực thuộc" in error.message
    gone = _refused(tree, Move("p-kim-giang", "q-hoang-mai", D))  # Kim Giang ends on 30/06/2025
    assert (status_of(gone), gone.code) == (409, "UNIT_ALREADY_RETIRED")


def test_a_change_before_a_later_recorded_change_is_refused() -> None:
    tree = Tree()
    tree.apply(Move("p-kim-giang", "q-hoang-mai", date(2024, 1, 1)))
    error = _refused(tree, Move("p-kim-giang", "q-ha-dong", date(2023, 1, 1)))
    assert (status_of(error), error.code) == (409, "LATER_CHANGE_EXISTS")


def test_a_new_parent_must_exist_on_the_day() -> None:
    later = Unit(
        "q-moi", "Quận Mới", "district", 1, date(2025, 1, 1), None, (ParentLink("ha-noi", date(2025, 1, 1)),)
    )
    tree = Tree([*load_tree_2020().units, later])
    error = _refused(tree, Move("p-kim-giang", "q-moi", date(2024, 1, 1)))
    assert (status_of(error), error.code, error.field) == (422, "PARENT_NOT_VALID_ON", "parent_id")
    assert tree.apply(Move("p-kim-giang", "q-moi", date(2025, 1, 1)))


def test_refusals_change_nothing() -> None:
    tree = Tree()
    before = dict(tree.units)
    with pytest.raises(Unprocessable):
        tree.apply(Merge(("p-phu-lam", "p-khong-co"), _merge_phu_lam().new_unit, D))
    assert tree.units == before


# --- the 2025 dataset, applied in memory --------------------------------------------------


def test_the_2025_operations_give_a_2_level_tree_and_keep_the_2020_tree() -> None:
    tree = Tree()
    before = {u: tree.path_on(u, PAST) for u in tree.units}
    for op in load_restructure_2025():
        tree.apply(op)
    assert {u: tree.path_on(u, PAST) for u in before} == before
    alive = [u for u in tree.units.values() if u.exists_on(FUTURE)]
    assert len(alive) == 1 + 17
    assert {tree.path_on(u.unit_id, FUTURE)[:-1] for u in alive} == {(), ("ha-noi",)}
    assert tree.path_on("p-phu-lam", PAST) == ("ha-noi", "q-ha-dong", "p-phu-lam")
    assert tree.units["p-phu-lam"].successor_id == "p-phu-luong-2025"
    assert all(
        op.operation_id in tree.units[op.unit_id].ops
        for op in load_restructure_2025()
        if isinstance(op, Retire)
    )
