"""The committed snapshots stay backward compatible; the checker tells additive from breaking."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from pydantic import BaseModel

from emutrack_contracts.compat import breaking_changes
from emutrack_contracts.events.registration import RegistrationSubmitted
from emutrack_contracts.snapshots import check, current_schemas


def test_current_schemas_are_compatible_with_committed_snapshots() -> None:
    assert check() == []


def test_every_event_type_has_a_snapshot() -> None:
    assert {"envelope.json", "registration.submitted.v1.json"} <= set(current_schemas())


def _schema() -> dict[str, Any]:
    return RegistrationSubmitted.model_json_schema()


def test_adding_an_optional_field_is_compatible() -> None:
    class WithNote(RegistrationSubmitted):
        note: str | None = None

    assert breaking_changes(_schema(), WithNote.model_json_schema()) == []


def test_removing_a_field_is_breaking() -> None:
    new = copy.deepcopy(_schema())
    del new["properties"]["title_code"]
    new["required"].remove("title_code")
    assert any("title_code" in p and "removed" in p for p in breaking_changes(_schema(), new))


def test_renaming_a_field_is_breaking() -> None:
    new = copy.deepcopy(_schema())
    new["properties"]["title"] = new["properties"].pop("title_code")
    assert breaking_changes(_schema(), new)


def test_changing_a_type_is_breaking() -> None:
    class YearAsText(BaseModel):
        year: str

    class YearAsInt(BaseModel):
        year: int

    problems = breaking_changes(YearAsInt.model_json_schema(), YearAsText.model_json_schema())
    assert problems == ["$.year: type changed from ['integer:'] to ['string:']"]


def test_making_an_optional_field_required_is_breaking() -> None:
    class Optional_(BaseModel):
        note: str | None = None

    class Required(BaseModel):
        note: str | None

    assert breaking_changes(Optional_.model_json_schema(), Required.model_json_schema()) == [
        "$.note: field is now required"
    ]


@pytest.mark.parametrize("field", ["unit_id", "unit_path", "event_id"])
def test_envelope_fields_cannot_be_removed(field: str) -> None:
    old = current_schemas()["envelope.json"]
    new = copy.deepcopy(old)
    del new["properties"][field]
    assert breaking_changes(old, new)


def test_check_reports_a_breaking_snapshot(tmp_path: Any) -> None:
    import json

    for name, schema in current_schemas().items():
        (tmp_path / name).write_text(json.dumps(schema), encoding="utf-8")
    snap = json.loads((tmp_path / "registration.submitted.v1.json").read_text())
    snap["properties"]["legacy_field"] = {"type": "string"}
    (tmp_path / "registration.submitted.v1.json").write_text(json.dumps(snap))
    assert any("legacy_field" in p for p in check(tmp_path))
