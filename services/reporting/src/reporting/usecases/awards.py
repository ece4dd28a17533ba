"""The list of awardees of a unit's subtree, as the spreadsheet people file (docs/decisions/0015, 0019)."""

from __future__ import annotations

from dataclasses import dataclass

from emutrack_kit.auth import Principal
from reporting.adapters import xlsx
from reporting.usecases.context import Context
from reporting.usecases.views import NumbersAsked, unit_and_counter


@dataclass(frozen=True)
class AwardeesAsked:
    """A caller asks for the awardees of a unit's subtree: a year's titles, or the decisions signed in it."""

    caller: Principal
    unit_id: str
    period: str
    by_decision_date: bool = False


async def awardee_list(ctx: Context, q: AwardeesAsked) -> bytes:
    """The awardees of a unit's subtree for a year (or by decisions signed that year), as XLSX."""
    asked = NumbersAsked(q.caller, q.unit_id, q.period)
    unit, _ = await unit_and_counter(ctx, asked, need_data=not q.by_decision_date)
    rows = [
        (
            a.subject_name,
            "Tập thể" if a.subject_kind == "collective" else "Cá nhân",
            a.award_name,
            a.number,
            a.signed_on.strftime("%d/%m/%Y"),
            a.level_name,
            a.proposing_unit_name,
        )
        for a in await ctx.work.awardees.of_subtree(q.unit_id, q.period, q.by_decision_date)
    ]
    if q.by_decision_date:
        title = f"DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG THEO QUYẾT ĐỊNH KÝ NĂM {q.period}"
    else:
        title = f"DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG NĂM {q.period}"
    subtitle = f"Đơn vị: {unit.name} (kể cả các đơn vị trực thuộc)"
    return xlsx.listing(title, subtitle, xlsx.AWARDEE_HEADERS, rows)
