"""Tamper evidence: canonical JSON, content hashes, frozen snapshots and an append-only hash chain.

Canonical JSON: keys sorted, UTF-8 without escapes, strings (and keys) NFC, no insignificant
whitespace, datetimes as ISO-8601 UTC ("2024-02-05T03:00:00.000000Z"; naive ones are refused),
dates as ISO-8601, fractions as "n/d", sets sorted, integral floats written as integers (as RFC 8785
does; keys sort by code point, which differs from RFC 8785 only outside the BMP).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import unicodedata
from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass
from datetime import UTC, date, datetime
from fractions import Fraction
from types import MappingProxyType
from typing import Any

GENESIS_HASH = "0" * 64
# A JSON object as frozen and hashed (snapshots' inputs and results): free-form by nature.
JsonObject = Mapping[str, Any]


def canonical(value: Any) -> Any:
    """The plain JSON value (dict, list, str, int, float, bool, None) that `value` is hashed as."""
    if value is None or isinstance(value, bool | int):
        return value
    for kind, encode in _SCALARS:
        if isinstance(value, kind):
            return encode(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return canonical({f.name: getattr(value, f.name) for f in dataclasses.fields(value)})
    return _container(value)


def _float(value: float) -> float | int:
    if not math.isfinite(value):
        raise ValueError("canonical JSON: NaN and infinities have no JSON form")
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _datetime(value: datetime) -> str:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"canonical JSON: naive datetime {value!r}; give it a time zone")
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def _fraction(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}"


# Checked in order: a datetime is also a date.
_SCALARS: tuple[tuple[type, Callable[[Any], Any]], ...] = (
    (float, _float),
    (str, _nfc),
    (datetime, _datetime),
    (date, date.isoformat),
    (Fraction, _fraction),
)


def _container(value: Any) -> Any:
    if isinstance(value, Mapping):
        return _mapping(value)
    if isinstance(value, Set):
        return sorted((canonical(v) for v in value), key=lambda v: _dumps(v))
    if isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        return [canonical(v) for v in value]
    raise TypeError(f"canonical JSON: cannot encode {type(value).__name__}")


def _mapping(value: Mapping[Any, Any]) -> JsonObject:
    out: dict[str, Any] = {}
    for key, item in value.items():
        if not isinstance(key, str):
            raise TypeError(f"canonical JSON: key {key!r} is not a string")
        nfc_key = _nfc(key)
        if nfc_key in out:
            raise ValueError(f"canonical JSON: keys equal after NFC normalisation: {nfc_key!r}")
        out[nfc_key] = canonical(item)
    return out


def _dumps(plain: Any) -> str:
    return json.dumps(plain, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def canonical_json(value: Any) -> bytes:
    """The canonical UTF-8 JSON bytes of a value."""
    return _dumps(canonical(value)).encode("utf-8")


def content_hash(value: Any) -> str:
    """sha256 hex of the canonical JSON."""
    return hashlib.sha256(canonical_json(value)).hexdigest()


def _frozen(plain: Any) -> Any:
    """A read-only copy of a plain JSON value (mappings as proxies, lists as tuples)."""
    if isinstance(plain, dict):
        return MappingProxyType({k: _frozen(v) for k, v in plain.items()})
    if isinstance(plain, list):
        return tuple(_frozen(v) for v in plain)
    return plain


# --- snapshots -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """A computation frozen with what it read, how, under which rules, what it gave, and their hash."""

    kind: str
    inputs: Mapping[str, Any]
    method: str
    rule_set_version: str | int
    result: Any
    content_hash: str

    def body(self) -> dict[str, Any]:
        """The hashed part (everything but the hash)."""
        return {
            "kind": self.kind,
            "inputs": self.inputs,
            "method": self.method,
            "rule_set_version": self.rule_set_version,
            "result": self.result,
        }


def freeze(
    kind: str, inputs: Mapping[str, Any], method: str, rule_set_version: str | int, result: Any
) -> Snapshot:
    """A snapshot of canonical, read-only copies of inputs and result, with its content hash."""
    frozen_inputs, frozen_result = _frozen(canonical(inputs)), _frozen(canonical(result))
    body = {"kind": kind, "inputs": frozen_inputs, "method": method, "rule_set_version": rule_set_version}
    digest = content_hash({**body, "result": frozen_result})
    return Snapshot(kind, frozen_inputs, method, rule_set_version, frozen_result, digest)


def snapshot_intact(snapshot: Snapshot) -> bool:
    """True if the snapshot still hashes to its content hash."""
    return content_hash(snapshot.body()) == snapshot.content_hash


def recompute_matches(snapshot: Snapshot, recompute_fn: Callable[[Mapping[str, Any]], Any]) -> bool:
    """True if the snapshot is intact and recomputing from its inputs gives the same result."""
    if not snapshot_intact(snapshot):
        return False
    return canonical_json(recompute_fn(snapshot.inputs)) == canonical_json(snapshot.result)


# --- hash chain ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainRecord:
    """A link of an append-only log: its position, the previous link's hash, a payload, its own hash."""

    seq: int
    prev_hash: str
    payload: Mapping[str, Any]
    hash: str


def _link_hash(seq: int, prev_hash: str, payload: Mapping[str, Any]) -> str:
    return content_hash({"seq": seq, "prev_hash": prev_hash, "payload": payload})


def append(chain_tail: ChainRecord | None, payload: Mapping[str, Any]) -> ChainRecord:
    """The record following `chain_tail` (None: the first record of a chain)."""
    seq = 0 if chain_tail is None else chain_tail.seq + 1
    prev = GENESIS_HASH if chain_tail is None else chain_tail.hash
    frozen_payload = _frozen(canonical(payload))
    return ChainRecord(seq, prev, frozen_payload, _link_hash(seq, prev, frozen_payload))


def verify(records: Sequence[ChainRecord], anchor: str | None = None) -> int | None:
    """Index of the first broken link (None if intact): an edited, removed or reordered record.

    Removing the last records leaves a valid shorter chain; pass `anchor`, the tail hash kept
    elsewhere (e.g. published), to catch that: the answer is then len(records).
    """
    prev = GENESIS_HASH
    for index, record in enumerate(records):
        if record.seq != index or record.prev_hash != prev:
            return index
        if _link_hash(record.seq, record.prev_hash, record.payload) != record.hash:
            return index
        prev = record.hash
    if anchor is not None and prev != anchor:
        return len(records)
    return None
