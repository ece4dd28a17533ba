"""Unit tests of review.domain.integrity: canonical JSON, snapshots, the hash chain."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from fractions import Fraction
from itertools import pairwise
from typing import Any

import pytest

from review.domain.ballots import ThresholdRule
from review.domain.integrity import (
    GENESIS_HASH,
    ChainRecord,
    append,
    canonical_json,
    content_hash,
    freeze,
    recompute_matches,
    snapshot_intact,
    verify,
)

HANOI = timezone(timedelta(hours=7))

# --- canonical JSON -------------------------------------------------------------------------------


def test_canonical_json_is_sorted_compact_utf8() -> None:
    assert (
        canonical_json({"b": 1, "a": [True, None, "Phú Lãm"]}) == '{"a":[true,null,"Phú Lãm"],"b":1}'.encode()
    )


def test_strings_and_keys_are_nfc() -> None:
    composed, decomposed = "Khương Đình", unicodedata.normalize("NFD", "Khương Đình")
    assert composed != decomposed
    assert canonical_json({decomposed: decomposed}) == canonical_json({composed: composed})
    with pytest.raises(ValueError, match="NFC"):
        canonical_json({composed: 1, decomposed: 2})


def test_datetimes_are_utc_iso() -> None:
    local = datetime(2024, 2, 5, 10, 0, tzinfo=HANOI)
    utc = datetime(2024, 2, 5, 3, 0, tzinfo=UTC)
    assert canonical_json({"at": local}) == b'{"at":"2024-02-05T03:00:00.000000Z"}'
    assert content_hash({"at": local}) == content_hash({"at": utc})
    with pytest.raises(ValueError, match="naive"):
        canonical_json(datetime(2024, 2, 5, 10, 0))


def test_other_values() -> None:
    rule = ThresholdRule(Fraction(9, 10), "all_members")
    assert (
        canonical_json({"d": date(2024, 2, 5), "r": rule})
        == b'{"d":"2024-02-05","r":{"of":"all_members","share":"9/10"}}'
    )
    assert (
        canonical_json({"s": frozenset({"b", "a"}), "t": ("x", 1.0, 0.5)})
        == b'{"s":["a","b"],"t":["x",1,0.5]}'
    )
    with pytest.raises(ValueError, match="NaN"):
        canonical_json(float("nan"))
    with pytest.raises(TypeError):
        canonical_json({1: "x"})
    with pytest.raises(TypeError):
        canonical_json(object())


def test_content_hash_is_sha256_hex_of_the_canonical_bytes() -> None:
    value = {"nomination": "hs-1", "yes": 14}
    assert content_hash(value) == hashlib.sha256(canonical_json(value)).hexdigest()
    assert content_hash({"yes": 14, "nomination": "hs-1"}) == content_hash(value)
    assert content_hash({"nomination": "hs-1", "yes": 13}) != content_hash(value)


# --- snapshots ------------------------------------------------------------------------------------


def _share(inputs: Mapping[str, Any]) -> dict[str, Any]:
    return {"yes": inputs["yes"], "passed": inputs["yes"] * 10 >= inputs["members"] * 9}


def test_a_snapshot_recomputes_to_its_result() -> None:
    inputs = {"yes": 14, "members": 15, "at": datetime(2024, 3, 20, 9, tzinfo=UTC)}
    snap = freeze("vote_tally", inputs, "yes/members >= 9/10", "cstd_tp@2", _share(inputs))
    assert snapshot_intact(snap)
    assert recompute_matches(snap, _share)
    assert len(snap.content_hash) == 64
    assert snap.inputs["at"] == "2024-03-20T09:00:00.000000Z"


def test_a_snapshot_is_read_only_and_independent_of_the_caller() -> None:
    inputs: dict[str, Any] = {"yes": 14, "members": 15, "names": ["a"]}
    snap = freeze("vote_tally", inputs, "m", 2, _share(inputs))
    inputs["yes"] = 1
    inputs["names"].append("b")
    assert snap.inputs["yes"] == 14
    assert snap.inputs["names"] == ("a",)
    with pytest.raises(TypeError):
        snap.inputs["yes"] = 1  # type: ignore[index]


def test_a_changed_method_rule_or_result_is_detected() -> None:
    inputs = {"yes": 13, "members": 15}
    snap = freeze("vote_tally", inputs, "m", "v1", _share(inputs))
    assert not snapshot_intact(replace(snap, rule_set_version="v2"))
    forged = replace(snap, result={"yes": 13, "passed": True})
    assert not recompute_matches(forged, _share)
    refrozen = freeze("vote_tally", inputs, "m", "v1", {"yes": 13, "passed": True})  # hash made to match
    assert snapshot_intact(refrozen)
    assert not recompute_matches(refrozen, _share)  # but recomputation tells


# --- hash chain -----------------------------------------------------------------------------------


def _chain(n: int) -> list[ChainRecord]:
    records: list[ChainRecord] = []
    for i in range(n):
        records.append(append(records[-1] if records else None, {"event": "vote_tally", "item": i}))
    return records


def test_an_intact_chain_verifies() -> None:
    chain = _chain(5)
    assert chain[0].prev_hash == GENESIS_HASH
    assert [r.seq for r in chain] == [0, 1, 2, 3, 4]
    assert all(b.prev_hash == a.hash for a, b in pairwise(chain))
    assert verify(chain) is None
    assert verify([]) is None
    assert verify(chain, anchor=chain[-1].hash) is None


def test_an_edited_payload_is_found_at_its_index() -> None:
    chain = _chain(5)
    chain[2] = replace(chain[2], payload={"event": "vote_tally", "item": 99})
    assert verify(chain) == 2


def test_an_edited_record_with_a_recomputed_hash_breaks_the_next_link() -> None:
    chain = _chain(5)
    chain[2] = append(chain[1], {"event": "vote_tally", "item": 99})
    assert verify(chain) == 3


def test_a_deleted_record_is_found() -> None:
    chain = _chain(5)
    del chain[1]
    assert verify(chain) == 1


def test_reordered_records_are_found() -> None:
    chain = _chain(5)
    chain[1], chain[2] = chain[2], chain[1]
    assert verify(chain) == 1


def test_a_truncated_tail_needs_the_anchor() -> None:
    chain = _chain(5)
    anchor = chain[-1].hash
    assert verify(chain[:3]) is None  # a shorter chain is a valid chain
    assert verify(chain[:3], anchor=anchor) == 3


def test_payloads_are_stored_canonical() -> None:
    record = append(
        None, {"at": datetime(2024, 2, 5, 10, tzinfo=HANOI), "name": unicodedata.normalize("NFD", "Hà")}
    )
    assert record.payload == {"at": "2024-02-05T03:00:00.000000Z", "name": "Hà"}
    assert verify([record]) is None
