"""Council sessions (phiên họp Hội đồng TĐKT): agenda of appraised nominations, attendance, ballots, results.

Also the public-comment period some awards require before a decision, counted in working days.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from fractions import Fraction
from typing import Literal

from emutrack_kit.errors import Conflict, Forbidden, Unprocessable
from review.domain.ballots import (
    DEFAULT_QUORUM,
    DEFAULT_THRESHOLDS,
    Ballot,
    Tally,
    ThresholdRule,
    open_ballot,
    threshold_for,
)
from review.domain.history import label

SessionStatus = Literal["planned", "open", "closed"]
Verdict = Literal["eligible", "not_eligible", "incomplete"]  # as eligibility.Appraisal.verdict


@dataclass(frozen=True)
class AppraisalSummary:
    """What a session needs of an appraisal: its verdict and the frozen snapshot it can be checked by."""

    nomination_id: str
    verdict: Verdict
    rule_set_version: int
    snapshot_hash: str
    appraised_on: date


@dataclass(frozen=True)
class ItemResult:
    """The outcome of one agenda item: the tally and whether it passed under the item's threshold."""

    session_id: str
    level_unit_id: str
    nomination_id: str
    award_code: str
    rule: ThresholdRule
    tally: Tally
    passed: bool


@dataclass(frozen=True)
class Endorsement:
    """A lower level's appraisal and council vote, carried by the nomination it forwarded."""

    level_unit_id: str
    nomination_id: str
    appraisal: AppraisalSummary
    result: ItemResult


@dataclass(frozen=True)
class Nomination:
    """A dossier proposed for an award at one level (`level_unit_id`: the level whose council votes)."""

    nomination_id: str
    dossier_ref: str
    award_code: str
    subject_kind: Literal["collective", "individual"]
    subject_id: str
    subject_name: str
    proposing_unit_id: str
    level_unit_id: str
    endorsements: tuple[Endorsement, ...] = ()


@dataclass(frozen=True)
class AgendaItem:
    """A nomination on the agenda, with the threshold its ballot is judged by."""

    number: int
    nomination: Nomination
    appraisal: AppraisalSummary
    rule: ThresholdRule


@dataclass(frozen=True)
class CouncilSession:
    """A session of a level's council: members (with the chair), date, agenda, attendance, state."""

    session_id: str
    level_unit_id: str
    held_on: date
    members: frozenset[str]
    chair_id: str
    quorum: Fraction = DEFAULT_QUORUM
    agenda: tuple[AgendaItem, ...] = ()
    present: frozenset[str] = frozenset()
    status: SessionStatus = "planned"

    def item(self, nomination_id: str) -> AgendaItem:
        """The agenda item of a nomination; NOT_ON_AGENDA otherwise."""
        for item in self.agenda:
            if item.nomination.nomination_id == nomination_id:
                return item
        raise Unprocessable(
            "NOT_ON_AGENDA", "Hồ sơ này không có trong chương trình phiên họp.", field="nomination_id"
        )

    def ballot_id(self, item: AgendaItem) -> str:
        """The id of an item's ballot."""
        return f"{self.session_id}/{item.number}"


def plan_session(
    session_id: str,
    level_unit_id: str,
    held_on: date,
    members: Iterable[str],
    chair_id: str,
    quorum: Fraction = DEFAULT_QUORUM,
) -> CouncilSession:
    """A planned session; the chair must be one of the members."""
    members_set = frozenset(members)
    if not members_set:
        raise Unprocessable("NO_MEMBERS", "Cần danh sách thành viên Hội đồng.", field="members")
    if chair_id not in members_set:
        raise Unprocessable(
            "CHAIR_NOT_MEMBER", "Chủ tịch Hội đồng phải có trong danh sách thành viên.", field="chair_id"
        )
    return CouncilSession(session_id, level_unit_id, held_on, members_set, chair_id, quorum)


def _ensure_status(session: CouncilSession, allowed: Iterable[SessionStatus], doing: str) -> None:
    if session.status not in allowed:
        names = {"planned": "chưa họp", "open": "đang họp", "closed": "đã kết thúc"}
        raise Conflict(
            "SESSION_CLOSED" if session.status == "closed" else "SESSION_NOT_OPEN",
            f"Không thể {doing}: phiên họp {names[session.status]}.",
            field="status",
        )


def add_item(
    session: CouncilSession,
    nomination: Nomination,
    appraisal: AppraisalSummary,
    rule: ThresholdRule | None = None,
    thresholds: Mapping[str, ThresholdRule] = DEFAULT_THRESHOLDS,
) -> CouncilSession:
    """Put an appraised-eligible nomination of this level on the agenda (rule: the award's, unless given)."""
    _ensure_status(session, ("planned", "open"), "thêm hồ sơ vào chương trình")
    if appraisal.nomination_id != nomination.nomination_id or appraisal.verdict != "eligible":
        raise Conflict(
            "NOT_APPRAISED",
            f"Hồ sơ đề nghị '{label(nomination.award_code)}' cho {nomination.subject_name} chưa được "
            "thẩm định đủ điều kiện; chỉ hồ sơ đủ điều kiện mới đưa ra Hội đồng.",
            field="nomination_id",
        )
    if nomination.level_unit_id != session.level_unit_id:
        raise Forbidden(
            "NOT_FOR_THIS_LEVEL",
            "Hồ sơ được gửi tới cấp khác, không thuộc Hội đồng này.",
            field="nomination_id",
        )
    if any(i.nomination.nomination_id == nomination.nomination_id for i in session.agenda):
        raise Conflict(
            "ALREADY_ON_AGENDA", "Hồ sơ đã có trong chương trình phiên họp.", field="nomination_id"
        )
    item = AgendaItem(
        len(session.agenda) + 1,
        nomination,
        appraisal,
        rule or threshold_for(nomination.award_code, thresholds),
    )
    return replace(session, agenda=(*session.agenda, item))


def record_attendance(session: CouncilSession, present: Iterable[str]) -> CouncilSession:
    """The members present at the session (absent ones may still vote in writing)."""
    _ensure_status(session, ("planned", "open"), "điểm danh")
    present_set = frozenset(present)
    outsiders = sorted(present_set - session.members)
    if outsiders:
        raise Forbidden(
            "NOT_A_MEMBER", f"Không phải thành viên Hội đồng: {', '.join(outsiders)}.", field="present"
        )
    return replace(session, present=present_set)


def open_session(session: CouncilSession) -> CouncilSession:
    """Open a planned session that has an agenda."""
    _ensure_status(session, ("planned",), "khai mạc")
    if not session.agenda:
        raise Conflict("EMPTY_AGENDA", "Chưa có hồ sơ nào trong chương trình phiên họp.", field="agenda")
    return replace(session, status="open")


def close_session(session: CouncilSession) -> CouncilSession:
    """Close an open session."""
    _ensure_status(session, ("open",), "bế mạc")
    return replace(session, status="closed")


def item_ballot(session: CouncilSession, nomination_id: str) -> Ballot:
    """The secret ballot of one agenda item, over the members and the attendance of the open session."""
    _ensure_status(session, ("open",), "bỏ phiếu")
    item = session.item(nomination_id)
    n = item.nomination
    question = f"Đề nghị tặng '{label(n.award_code)}' cho {n.subject_name}"
    return open_ballot(
        session.ballot_id(item), question, session.members, session.present, quorum=session.quorum
    )


def record_result(session: CouncilSession, nomination_id: str, tally: Tally) -> ItemResult:
    """The item's result: its tally judged by the item's threshold (whatever rule the tally carried)."""
    item = session.item(nomination_id)
    if tally.ballot_id != session.ballot_id(item):
        raise Conflict("TALLY_MISMATCH", "Kết quả kiểm phiếu không phải của hồ sơ này.", field="ballot_id")
    n = item.nomination
    passed = tally.passes(item.rule)
    return ItemResult(
        session.session_id, session.level_unit_id, n.nomination_id, n.award_code, item.rule, tally, passed
    )


# --- public comment (lấy ý kiến nhân dân) -----------------------------------------------------------

COMMENT_PERIODS: dict[str, int] = {"cong_dan_thu_do_uu_tu": 7}  # working days; QĐ 35/2024, QĐ 71/2025 UBND TP


# Days off of public offices (cán bộ, công chức, viên chức): first day, last day (or "-"), occasion.
# Weekend days inside a break are listed with it and do no harm.
# SOURCE CAVEAT: statutory days of Bộ luật Lao động 2019 Điều 112 (2020: BLLĐ 2012, Quốc khánh one day),
# nghỉ bù when a holiday falls on a weekend, and each year's arrangement announced by Bộ LĐTBXH (from
# 2025 Bộ Nội vụ), transcribed by hand from press reports, not from the official notices. 2026 past Tết
# is the statutory minimum, the Quốc khánh adjacent day assumed to be 1/9. Check against the year's
# notice; this is data the standing office must be able to correct.
_HOLIDAY_TABLE = """
2020-01-01 -          Tết Dương lịch
2020-01-23 2020-01-29 Tết Nguyên đán Canh Tý
2020-04-02 -          Giỗ Tổ Hùng Vương (10/3 âm lịch)
2020-04-30 2020-05-01 Ngày Giải phóng miền Nam 30/4, Quốc tế Lao động 1/5
2020-09-02 -          Quốc khánh 2/9
2021-01-01 -          Tết Dương lịch
2021-02-10 2021-02-16 Tết Nguyên đán Tân Sửu
2021-04-21 -          Giỗ Tổ Hùng Vương (10/3 âm lịch)
2021-04-30 2021-05-03 30/4, 1/5 (1/5 là thứ Bảy, nghỉ bù thứ Hai 3/5)
2021-09-02 2021-09-03 Quốc khánh 2/9 và ngày liền kề
2022-01-01 2022-01-03 Tết Dương lịch (thứ Bảy, nghỉ bù thứ Hai 3/1)
2022-01-29 2022-02-06 Tết Nguyên đán Nhâm Dần
2022-04-10 2022-04-11 Giỗ Tổ Hùng Vương (Chủ nhật, nghỉ bù thứ Hai 11/4)
2022-04-30 2022-05-03 30/4, 1/5 (thứ Bảy, Chủ nhật; nghỉ bù 2/5, 3/5)
2022-09-01 2022-09-02 Quốc khánh 2/9 và ngày liền kề
2023-01-01 2023-01-02 Tết Dương lịch (Chủ nhật, nghỉ bù thứ Hai 2/1)
2023-01-20 2023-01-26 Tết Nguyên đán Quý Mão
2023-04-29 2023-05-03 Giỗ Tổ Hùng Vương 29/4, 30/4, 1/5 (nghỉ bù 2/5, 3/5)
2023-09-01 2023-09-04 Quốc khánh 2/9 và ngày liền kề (nghỉ bù thứ Hai 4/9)
2024-01-01 -          Tết Dương lịch
2024-02-08 2024-02-14 Tết Nguyên đán Giáp Thìn
2024-04-18 -          Giỗ Tổ Hùng Vương (10/3 âm lịch)
2024-04-27 2024-05-01 30/4, 1/5 (29/4 hoán đổi, làm bù thứ Bảy 4/5)
2024-08-31 2024-09-03 Quốc khánh 2/9 và ngày liền kề
2025-01-01 -          Tết Dương lịch
2025-01-25 2025-02-02 Tết Nguyên đán Ất Tỵ
2025-04-07 -          Giỗ Tổ Hùng Vương (10/3 âm lịch)
2025-04-30 2025-05-04 30/4, 1/5 (2/5 hoán đổi, làm bù thứ Bảy 26/4)
2025-08-30 2025-09-02 Quốc khánh 2/9 và ngày liền kề
2026-01-01 -          Tết Dương lịch
2026-02-14 2026-02-22 Tết Nguyên đán Bính Ngọ
2026-04-26 2026-04-27 Giỗ Tổ Hùng Vương (Chủ nhật, nghỉ bù thứ Hai 27/4)
2026-04-30 2026-05-01 30/4, 1/5
2026-09-01 2026-09-02 Quốc khánh 2/9 và ngày liền kề (giả định 1/9)
"""
MAKE_UP_SATURDAYS: frozenset[date] = frozenset({date(2024, 5, 4), date(2025, 4, 26)})  # làm bù: working days


def _holidays_by_year(table: str) -> dict[int, tuple[tuple[date, str], ...]]:
    by_year: dict[int, list[tuple[date, str]]] = {}
    for line in table.strip().splitlines():
        first, last, name = line.split(maxsplit=2)
        start = date.fromisoformat(first)
        end = start if last == "-" else date.fromisoformat(last)
        for i in range((end - start).days + 1):
            by_year.setdefault(start.year, []).append((start + timedelta(days=i), name))
    return {year: tuple(days) for year, days in by_year.items()}


VN_PUBLIC_HOLIDAYS: dict[int, tuple[tuple[date, str], ...]] = _holidays_by_year(_HOLIDAY_TABLE)
HOLIDAYS: frozenset[date] = frozenset(d for year in VN_PUBLIC_HOLIDAYS.values() for d, _ in year)


def is_working_day(day: date, holidays: Iterable[date], extra: Iterable[date] = frozenset()) -> bool:
    """Mon–Fri and not a holiday, or one of the `extra` (make-up) working days."""
    return day in frozenset(extra) or (day.weekday() < 5 and day not in frozenset(holidays))


def comment_period_end(
    start: date, working_days: int, holidays: Iterable[date] = HOLIDAYS, extra: Iterable[date] = frozenset()
) -> date:
    """The last day of a period of `working_days` working days published on `start`.

    The day of publication is not counted (Bộ luật Dân sự 2015 Điều 147): counting starts the next
    day. Working days are Mon–Fri minus `holidays`, plus any `extra` make-up working days.
    """
    if working_days < 1:
        raise Unprocessable("BAD_WORKING_DAYS", "Số ngày làm việc phải ≥ 1.", field="working_days")
    holiday_set, extra_set = frozenset(holidays), frozenset(extra)
    day, counted = start, 0
    while counted < working_days:
        day += timedelta(days=1)
        counted += is_working_day(day, holiday_set, extra_set)
    return day


def ensure_comment_period_over(
    award_code: str,
    published_on: date | None,
    day: date,
    periods: Mapping[str, int] = COMMENT_PERIODS,
    holidays: Iterable[date] = HOLIDAYS,
    extra: Iterable[date] = MAKE_UP_SATURDAYS,
) -> None:
    """Refuse a decision on `day` while the award's public-comment period is not over (or never began)."""
    working_days = periods.get(award_code)
    if working_days is None:
        return
    if published_on is None:
        raise Conflict(
            "COMMENT_PERIOD_NOT_STARTED",
            f"'{label(award_code)}' cần công bố danh sách lấy ý kiến nhân dân {working_days} ngày làm việc "
            "trước khi quyết định; danh sách chưa được công bố.",
            field="comment_published_on",
        )
    end = comment_period_end(published_on, working_days, holidays, extra)
    if day <= end:
        raise Conflict(
            "COMMENT_PERIOD_OPEN",
            f"Thời gian lấy ý kiến nhân dân ({working_days} ngày làm việc từ {published_on:%d/%m/%Y}) "
            f"kết thúc ngày {end:%d/%m/%Y}; chỉ quyết định được từ ngày {end + timedelta(days=1):%d/%m/%Y}.",
            field="signed_on",
            details={"comment_period_end": end.isoformat()},
        )
