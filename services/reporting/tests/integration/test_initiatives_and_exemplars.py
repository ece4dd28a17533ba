"""Initiatives and exemplars count up the tree once; a withdrawal takes back what was counted."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from emutrack_contracts import new_event, samples
from emutrack_contracts.events.registration import ExemplarSubmitted, InitiativeSubmitted, SubmissionWithdrawn
from emutrack_kit.consumer import Position
from reporting import bootstrap
from reporting.config import Settings

KIM_GIANG = ["ha-noi", "q-thanh-xuan", "p-kim-giang"]
AT = datetime(2020, 10, 1, 3, 0, tzinfo=UTC)
COMMON = {"round_id": "r", "year": 2020, "unit_id": "p-kim-giang", "unit_name": "Phường Kim Giang",
          "receiving_unit_id": "q-thanh-xuan", "submitted_at": AT}  # fmt: skip


def event(event_type: str, payload: Any) -> Any:
    return new_event(event_type, producer="registration", unit_path=KIM_GIANG, actor="t", payload=payload)


async def test_exemplars_and_initiatives_count_once_and_withdrawals_take_back(service_env: Any) -> None:
    deps = bootstrap.deps(Settings())
    on = bootstrap.event_handlers(deps)
    tree = [("ha-noi", "city", []), ("q-thanh-xuan", "district", ["ha-noi"]),
            ("p-kim-giang", "ward", ["ha-noi", "q-thanh-xuan"])]  # fmt: skip
    for offset, (unit, kind, path) in enumerate(tree):
        await on["unit.created"](samples.unit_created(unit, unit, kind, path), Position("units", 0, offset))
    exemplars = [
        event("exemplar.submitted", ExemplarSubmitted(
            **COMMON, submission_id=f"gd-{i}", category=category, subject_kind="individual",
            subject_name=f"Nguyễn Thị {i}", subject_position=None, subject_gender="nữ", field="Y tế",
            achievement="Tận tụy với người bệnh.",
        ))
        for i, category in enumerate(["dien_hinh_tien_tien", "dien_hinh_tien_tien", "nguoi_tot_viec_tot"])
    ]  # fmt: skip
    initiative = event("initiative.submitted", InitiativeSubmitted(
        **COMMON, submission_id="sk-1", title="Số hóa hồ sơ thi đua", field="Hành chính", authors=[],
        recognition_level="cap_huyen", applied_since=date(2020, 3, 1), summary="x", benefits="y",
    ))  # fmt: skip
    withdrawn = event("submission.withdrawn", SubmissionWithdrawn(
        submission_id="gd-1", kind="exemplar", round_id="r", year=2020, unit_id="p-kim-giang",
        reason="Trùng hồ sơ", withdrawn_at=AT,
    ))  # fmt: skip
    log = [*exemplars, initiative, withdrawn]
    for _ in range(2):  # redelivered
        for offset, e in enumerate(log):
            await on[e.event_type](e, Position("nominations", 0, offset))
    for unit in ("p-kim-giang", "q-thanh-xuan", "ha-noi"):
        counter = await deps.work.counters.document(f"{unit}:2020")
        assert counter is not None
        assert counter["exemplars_total"] == 2, unit
        assert counter["exemplars_by_category"] == {"dien_hinh_tien_tien": 1, "nguoi_tot_viec_tot": 1}
        assert (counter["initiatives_total"], counter["initiatives_by_level"]) == (1, {"cap_huyen": 1})
