"""Conferences of exemplars (Hội nghị điển hình tiên tiến): each level's plan, delegation, rules and report.

The Hoàn Kiếm 2019 plan (docs/domain.md §2) sets the season: a pilot ward's conference, then every
ward's, then the district's, on the way to the city's Patriotic Emulation Congress. Each has a day
it must be held by, an optional maximum of delegates (300 at district level), a composition rule
(70 % exemplar delegates, 30 % guests and leaders) and balance criteria; the delegation is checked
against them with every shortfall named ("Thiếu 3 đại biểu nữ."). A level's conference also sets
the day its children's results reports are due (20/03/2020 in the plan).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Literal

from emutrack_kit.clock import HANOI
from emutrack_kit.errors import Conflict, Unprocessable
from emutrack_kit.text import nfc

Category = Literal["dien_hinh", "khach_moi"]
CATEGORY_VI = {"dien_hinh": "Đại biểu điển hình tiên tiến", "khach_moi": "Đại biểu khách mời, lãnh đạo"}
# Balance criteria: the flag a delegate carries, and how a shortfall reads ("Thiếu 3 đại biểu nữ.").
BALANCE_VI: dict[str, str] = {
    "nu": "đại biểu nữ",
    "tre": "đại biểu trẻ tuổi",
    "dan_toc": "đại biểu người dân tộc thiểu số",
    "ton_giao": "đại biểu tôn giáo",
    "truc_tiep": "đại biểu lao động trực tiếp",
    "nganh": "ngành, lĩnh vực có đại biểu",  # counted as distinct sectors, not people
}
MAX_DELEGATES = 2000


@dataclass(frozen=True)
class Delegate:
    """A delegate: who, which category, the balance facts, honoured on stage, sent to the congress above."""

    full_name: str
    category: Category
    unit_name: str = ""
    sector: str = ""
    female: bool = False
    young: bool = False
    ethnic_minority: bool = False
    religious: bool = False
    direct_worker: bool = False
    honoured: bool = False
    sent_up: bool = False

    def counts_for(self, criterion: str) -> bool:
        """True if the delegate counts toward a balance criterion (not `nganh`, counted by sector)."""
        flags = {
            "nu": self.female, "tre": self.young, "dan_toc": self.ethnic_minority,
            "ton_giao": self.religious, "truc_tiep": self.direct_worker,
        }  # fmt: skip
        return flags.get(criterion, False)


@dataclass(frozen=True)
class Report:
    """The results report a level sends up: the day held, attendance, honoured, a summary, when it came."""

    held_on: date
    attended: int
    honoured: int
    summary: str
    reported_at: datetime
    by: str


@dataclass(frozen=True)
class Conference:
    """A level's conference in a season: its plan, its delegation, and its report once held."""

    conference_id: str
    level_unit_id: str
    level_name: str
    level_path: tuple[str, ...]
    name: str
    hold_by: date
    exemplar_share: int = 70  # percent of the delegation at least
    max_delegates: int | None = None
    minimums: tuple[tuple[str, int], ...] = ()  # (balance criterion, at least)
    parent_id: str | None = None
    pilot: bool = False
    reports_due: date | None = None  # when the children's results reports are due here
    delegates: tuple[Delegate, ...] = ()
    confirmed_at: datetime | None = None
    report: Report | None = None

    def shortfalls(self) -> list[str]:
        """What the delegation lacks against the plan, each in words an office can act on."""
        return shortfalls(self, self.delegates)

    def confirmed(self, at: datetime) -> Conference:
        """The delegation confirmed, once it keeps every rule; DELEGATION_BREAKS_RULES otherwise."""
        found = self.shortfalls()
        if found:
            raise Unprocessable(
                "DELEGATION_BREAKS_RULES",
                "Danh sách đại biểu chưa đạt: " + " ".join(found),
                field="delegates",
            )
        return replace(self, confirmed_at=at)

    def reported(self, report: Report) -> Conference:
        """The results report of a conference held (its delegation confirmed first)."""
        if self.confirmed_at is None:
            raise Conflict(
                "DELEGATION_NOT_CONFIRMED",
                "Cần chốt danh sách đại biểu trước khi báo cáo kết quả hội nghị.",
                field="delegates",
            )
        if report.held_on > report.reported_at.astimezone(HANOI).date():
            raise Unprocessable(
                "HELD_IN_FUTURE", "Ngày tổ chức hội nghị không được sau ngày báo cáo.", field="held_on"
            )
        return replace(self, report=report)


def shortfalls(conference: Conference, delegates: Sequence[Delegate]) -> list[str]:
    """Every rule of the plan the delegates miss: the maximum, the 70 % share, each balance minimum."""
    total = len(delegates)
    found: list[str] = []
    if total == 0:
        return ["Chưa có đại biểu nào."]
    if conference.max_delegates is not None and total > conference.max_delegates:
        found.append(
            f"Vượt {total - conference.max_delegates} đại biểu so với tối đa {conference.max_delegates}."
        )
    exemplars = sum(d.category == "dien_hinh" for d in delegates)
    needed = math.ceil(total * conference.exemplar_share / 100)
    if exemplars < needed:
        found.append(
            f"Đại biểu điển hình tiên tiến mới có {exemplars}/{total} ({round(100 * exemplars / total)}%), "
            f"cần từ {conference.exemplar_share}%: thiếu {needed - exemplars} đại biểu điển hình."
        )
    for criterion, at_least in conference.minimums:
        have = (
            len({nfc(d.sector).casefold() for d in delegates if d.sector.strip()})
            if criterion == "nganh"
            else sum(d.counts_for(criterion) for d in delegates)
        )
        if have < at_least:
            found.append(f"Thiếu {at_least - have} {BALANCE_VI[criterion]}.")
    return found


def checked_delegates(delegates: Sequence[Delegate]) -> tuple[Delegate, ...]:
    """The delegates NFC-normalised; each with a name, at most MAX_DELEGATES."""
    if len(delegates) > MAX_DELEGATES:
        raise Unprocessable("TOO_MANY_DELEGATES", f"Tối đa {MAX_DELEGATES} đại biểu.", field="delegates")
    out = []
    for i, d in enumerate(delegates):
        name = nfc(d.full_name).strip()
        if len(name) < 2:
            raise Unprocessable(
                "NAME_REQUIRED", f"Đại biểu thứ {i + 1} cần họ và tên.", field=f"delegates[{i}].full_name"
            )
        out.append(
            replace(d, full_name=name, unit_name=nfc(d.unit_name).strip(), sector=nfc(d.sector).strip())
        )
    return tuple(out)


def checked_plan(hold_by: date, parent: Conference | None, minimums: Sequence[tuple[str, int]]) -> None:
    """A plan's balance criteria exist; a level below holds its conference by the day it must report."""
    if parent is not None and parent.reports_due is not None and hold_by > parent.reports_due:
        raise Unprocessable(
            "HOLD_BY_AFTER_REPORTS_DUE",
            f"{parent.level_name} cần báo cáo kết quả trước ngày {parent.reports_due:%d/%m/%Y}: "
            "hội nghị phải tổ chức xong trước ngày đó.",
            field="hold_by",
        )
    for criterion, at_least in minimums:
        if criterion not in BALANCE_VI:
            raise Unprocessable(
                "UNKNOWN_CRITERION", f"Không có tiêu chí cân đối '{criterion}'.", field="minimums"
            )
        if not 0 <= at_least <= MAX_DELEGATES:
            raise Unprocessable(
                "BAD_MINIMUM", "Số tối thiểu phải từ 0 đến 2000.", field=f"minimums.{criterion}"
            )
