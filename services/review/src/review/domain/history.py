"""A subject's history (titles, awards, initiatives, discipline) as the eligibility rules read it.

A year is *known* when it appears in `titles_by_year`, even with an empty set: "no title that year"
is a fact, a missing year is "no data" and makes a rule that needs it answer `unknown`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

SubjectKind = Literal["collective", "individual"]
InitiativeLevel = Literal["co_so", "cap_huyen", "cap_thanh_pho", "toan_quoc"]

# Ordered from the base up: an initiative "at level L or higher" has a rank >= L's rank.
INITIATIVE_LEVELS: tuple[InitiativeLevel, ...] = ("co_so", "cap_huyen", "cap_thanh_pho", "toan_quoc")
INITIATIVE_LEVEL_VI: dict[str, str] = {
    "co_so": "cấp cơ sở",
    "cap_huyen": "cấp huyện",
    "cap_thanh_pho": "cấp Thành phố",
    "toan_quoc": "phạm vi toàn quốc",
}

# Vietnamese names of the title, rating, award and fact codes the rules mention (unknown codes show as is).
LABELS: dict[str, str] = {
    "lao_dong_tien_tien": "Lao động tiên tiến",
    "chien_si_thi_dua_co_so": "Chiến sĩ thi đua cơ sở",
    "chien_si_thi_dua_thanh_pho": "Chiến sĩ thi đua Thành phố",
    "chien_si_thi_dua_toan_quoc": "Chiến sĩ thi đua toàn quốc",
    "tap_the_lao_dong_tien_tien": "Tập thể lao động tiên tiến",
    "tap_the_lao_dong_xuat_sac": "Tập thể lao động xuất sắc",
    "co_thi_dua_thanh_pho": "Cờ thi đua Thành phố",
    "co_thi_dua_chinh_phu": "Cờ thi đua của Chính phủ",
    "hoan_thanh_xuat_sac_nhiem_vu": "Hoàn thành xuất sắc nhiệm vụ",
    "bang_khen_cap_tinh": "Bằng khen cấp tỉnh (Chủ tịch UBND Thành phố)",
    "bang_khen_thu_tuong": "Bằng khen của Thủ tướng Chính phủ",
    "cong_dan_thu_do_uu_tu": "Công dân Thủ đô ưu tú",
    "completed_tasks_well": "Hoàn thành tốt nhiệm vụ",
    "all_members_completed_tasks": "Tất cả thành viên hoàn thành nhiệm vụ",
    "no_member_disciplined": "Không có thành viên bị kỷ luật",
}


def label(code: str) -> str:
    """The Vietnamese name of a title or award code (the code itself when unknown)."""
    return LABELS.get(code, code)


def level_rank(level: str) -> int:
    """Position of an initiative level from the base (0) up; ValueError if it is not a level."""
    return INITIATIVE_LEVELS.index(level)


@dataclass(frozen=True)
class AwardRecord:
    """An award received: code, year, decision number and the level that decided it."""

    code: str
    year: int
    decision_number: str
    level: str


@dataclass(frozen=True)
class DecidedAward:
    """An award a review decision gave a subject: what, which year it honours, by which decision and level.

    `unit_id` is the unit whose quotas the award counts in (a person's unit, or the collective).
    """

    subject_key: str
    kind: str
    unit_id: str
    code: str
    year: int
    decision_id: str
    decision_number: str
    level: str

    @property
    def record(self) -> AwardRecord:
        """The award in the subject's history."""
        return AwardRecord(self.code, self.year, self.decision_number, self.level)


@dataclass(frozen=True)
class DeclaredAward:
    """An award a dossier declares its subject already holds, by its Vietnamese name."""

    name: str
    year: int
    decision_number: str | None = None


@dataclass(frozen=True)
class InitiativeRecord:
    """An initiative (sáng kiến) recognised in a year at a level."""

    year: int
    level: InitiativeLevel
    title: str


@dataclass(frozen=True)
class MemberStats:
    """A collective's members in a year: how many, and how many hold each title."""

    total: int
    title_counts: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class SubjectHistory:
    """What is known about one collective or individual, as eligibility checks read it.

    `discipline_years`, `deceased` and `prosecuted` are None when the record was not provided
    (the checks then answer `unknown`); `facts_by_year` holds yes/no facts decided elsewhere, e.g.
    {2023: {"honoured_by_cluster": True}}.
    """

    subject_key: str
    kind: SubjectKind
    titles_by_year: Mapping[int, frozenset[str]] = field(default_factory=dict)
    awards: tuple[AwardRecord, ...] = ()
    initiatives: tuple[InitiativeRecord, ...] = ()
    discipline_years: frozenset[int] | None = None
    deceased: bool | None = None
    prosecuted: bool | None = None
    members_by_year: Mapping[int, MemberStats] = field(default_factory=dict)
    facts_by_year: Mapping[int, Mapping[str, bool]] = field(default_factory=dict)
    initiatives_known: bool = True  # False: initiatives not on record are "no data", not "none"

    def knows(self, year: int) -> bool:
        """True if the record for this year is known (possibly with no title)."""
        return year in self.titles_by_year

    def holds(self, title: str, year: int) -> bool | None:
        """Whether the subject held the title that year; None when the year is not known."""
        titles = self.titles_by_year.get(year)
        return None if titles is None else title in titles

    def consecutive_years_with(self, title: str, ending_year: int) -> list[int]:
        """The unbroken run of years holding the title that ends at ending_year, oldest first."""
        years: list[int] = []
        year = ending_year
        while self.holds(title, year):
            years.append(year)
            year -= 1
        return years[::-1]

    def awards_of(self, code: str) -> list[AwardRecord]:
        """Awards with this code, oldest first."""
        return sorted((a for a in self.awards if a.code == code), key=lambda a: a.year)

    def initiatives_at_least(self, level: str, years: Iterable[int]) -> list[InitiativeRecord]:
        """Initiatives recognised at this level or higher in any of the years, oldest first."""
        wanted, rank = set(years), level_rank(level)
        found = (i for i in self.initiatives if i.year in wanted and level_rank(i.level) >= rank)
        return sorted(found, key=lambda i: (i.year, i.title))

    def fact(self, name: str, year: int) -> bool | None:
        """A yes/no fact for a year; None when it was not given."""
        return self.facts_by_year.get(year, {}).get(name)
