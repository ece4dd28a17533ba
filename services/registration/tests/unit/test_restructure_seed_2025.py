"""The 2025 seed dataset: the 01/07/2025 restructuring of the 2020 tree, as data."""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from datetime import date
from importlib import resources

from registration.domain.org import Merge, Retire
from registration.seed_data import load_restructure_2025, load_tree_2020

NEW_WARDS = {
    "Phường Thanh Xuân", "Phường Khương Đình", "Phường Phương Liệt", "Phường Hoàn Kiếm", "Phường Cửa Nam",
    "Phường Hà Đông", "Phường Kiến Hưng", "Phường Phú Lương", "Phường Hoàng Mai", "Phường Định Công",
    "Phường Tương Mai", "Phường Vĩnh Hưng", "Phường Hoàng Liệt", "Phường Lĩnh Nam", "Phường Yên Sở",
    "Phường Dương Nội", "Phường Yên Nghĩa",
}  # fmt: skip


def _old(kind: str) -> set[str]:
    return {u.unit_id for u in load_tree_2020().units if u.kind == kind}


def test_every_old_ward_is_merged_into_exactly_one_new_ward_or_retired() -> None:
    ops = load_restructure_2025()
    ended = Counter(s for op in ops if isinstance(op, Merge) for s in op.source_ids)
    ended.update(op.unit_id for op in ops if isinstance(op, Retire))
    assert set(ended) == _old("ward") | _old("district")
    assert set(ended.values()) == {1}


def test_every_district_is_retired_after_the_merges() -> None:
    ops = load_restructure_2025()
    retired = [op.unit_id for op in ops if isinstance(op, Retire)]
    assert set(retired[-4:]) == _old("district")
    last_merge = max(i for i, op in enumerate(ops) if isinstance(op, Merge))
    assert all(isinstance(op, Retire) for op in ops[last_merge + 1 :])


def test_new_wards_are_named_wards_directly_under_the_city_with_fresh_ids() -> None:
    merges = [op for op in load_restructure_2025() if isinstance(op, Merge)]
    assert {m.new_unit.name for m in merges} == NEW_WARDS
    assert {(m.new_unit.kind, m.new_unit.parent_id) for m in merges} == {("ward", "ha-noi")}
    ids = [m.new_unit.unit_id for m in merges]
    assert len(set(ids)) == len(ids) == 17
    assert not set(ids) & {u.unit_id for u in load_tree_2020().units}
    assert all(unicodedata.is_normalized("NFC", m.new_unit.name) for m in merges)
    assert "p-phu-luong-2025" in ids


def test_everything_takes_effect_on_1_july_2025() -> None:
    assert {op.effective_date for op in load_restructure_2025()} == {date(2025, 7, 1)}


def test_the_description_says_the_memberships_are_an_approximation() -> None:
    raw = json.loads(
        resources.files("registration.seed_data")
        .joinpath("restructure_2025.json")
        .read_text(encoding="utf-8")
    )
    description = raw["description"]
    assert "APPROXIMATION" in description
    assert "NOT the official list of Nghị quyết 1656/NQ-UBTVQH15" in description
    assert "126" in description
    assert "official resolution" in description
