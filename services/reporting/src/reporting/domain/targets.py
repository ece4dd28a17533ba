"""The targets of the plans (docs/domain.md §6), measured for one unit and year.

A target the data cannot measure says so (`met` is None, with the reason) rather than guessing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from reporting.domain.coverage import Coverage
from reporting.domain.processing import processing_figures

# Exemplars a unit should propose a year, by kind (wards and schools 2, districts 10 to the city).
EXEMPLAR_GOALS = {"ward": 2, "school": 2, "district": 10}
INITIATIVE_SHARE_GOAL = 15.0
U = TypeVar("U")  # a unit falling short: its id as measured, its id and name as shown


@dataclass(frozen=True)
class Target(Generic[U]):
    """One target: the goal, the measured value, whether it is met, which units fall short."""

    code: str
    title: str
    goal: str
    value: float | None
    met: bool | None
    detail: str
    short_units: list[U] = field(default_factory=list)


Measured = Target[str]  # as measured: the units falling short by id


def registration_coverage(round_name: str, c: Coverage) -> Measured:
    """Every unit under the level registered before the deadline; who is late or missing."""
    return Target(
        "REGISTRATION_COVERAGE",
        f"Tỷ lệ đơn vị đăng ký thi đua đúng hạn ({round_name})",
        "100%",
        c.percent_on_time,
        bool(c.expected) and not c.late and not c.missing,
        f"{len(c.on_time)}/{c.expected} đúng hạn, {len(c.late)} muộn, {len(c.missing)} chưa đăng ký.",
        [*c.late, *c.missing],
    )


def no_registration_round() -> Measured:
    """The unit received no registration round that year: nothing to measure."""
    return Target(
        "REGISTRATION_COVERAGE",
        "Tỷ lệ đơn vị đăng ký thi đua đúng hạn",
        "100%",
        None,
        None,
        "Đơn vị không tiếp nhận đợt đăng ký thi đua nào trong năm.",
    )


def exemplars_proposed(kind: str, proposed: int, children: Sequence[tuple[str, str, int]]) -> Measured | None:
    """≥ 2 exemplars proposed per ward or school, ≥ 10 per district; children below their goal listed."""
    goal = EXEMPLAR_GOALS.get(kind)
    short = [unit for unit, child_kind, n in children if n < EXEMPLAR_GOALS.get(child_kind, 0)]
    if goal is None:  # the city: no goal of its own, but its districts' shortfalls matter
        detail = f"{proposed} điển hình được đề xuất trong toàn đơn vị."
        return Target(
            "EXEMPLARS_PROPOSED", "Điển hình tiên tiến được đề xuất", "—", proposed, None, detail, short
        )
    return Target(
        "EXEMPLARS_PROPOSED",
        "Điển hình tiên tiến được đề xuất",
        f"≥ {goal}",
        proposed,
        proposed >= goal,
        f"{proposed} điển hình được đề xuất (kể cả đơn vị trực thuộc); "
        f"{len(short)} đơn vị trực thuộc chưa đạt.",
        short,
    )


def not_measured(code: str, title: str, goal: str, reason: str) -> Measured:
    """A target the data does not yet allow to measure."""
    return Target(code, title, goal, None, None, reason)


def initiative_share(initiatives_proposed: int) -> Measured:
    """≥ 15% of civil servants with an initiative recognised at base level: not measurable yet."""
    return not_measured(
        "INITIATIVE_SHARE",
        "Tỷ lệ cán bộ, công chức có sáng kiến được công nhận cấp cơ sở",
        f"≥ {INITIATIVE_SHARE_GOAL:g}%",
        "Chưa đo được: hệ thống chưa có số cán bộ, công chức và chưa ghi nhận việc công nhận sáng kiến "
        f"({initiatives_proposed} sáng kiến đã được đề nghị).",
    )


def award_shares(awards_total: int, by_subject_kind: Mapping[str, int]) -> list[Measured]:
    """Shares of awards: collectives are measured; direct workers, small collectives, women, youth are not."""
    collectives = by_subject_kind.get("collective", 0)
    share = round(100 * collectives / awards_total, 1) if awards_total else None
    reason = "Chưa đo được: quyết định khen thưởng chưa ghi {what} của người được khen."
    return [
        Target(
            "AWARD_SHARE_COLLECTIVES",
            "Tỷ lệ khen thưởng tập thể",
            "theo dõi",
            share,
            None,
            f"{collectives}/{awards_total} lượt khen thưởng là tập thể.",
        ),
        not_measured("AWARD_SHARE_DIRECT_WORKERS", "Tỷ lệ khen thưởng người lao động trực tiếp", "chú trọng",
                     reason.format(what="vị trí công tác")),
        not_measured("AWARD_SHARE_SMALL_COLLECTIVES", "Tỷ lệ khen thưởng tập thể nhỏ", "chú trọng",
                     reason.format(what="quy mô tập thể")),
        not_measured("AWARD_SHARE_WOMEN", "Tỷ lệ khen thưởng nữ", "chú trọng",
                     reason.format(what="giới tính")),
        not_measured("AWARD_SHARE_YOUTH", "Tỷ lệ khen thưởng đoàn viên, thanh niên", "chú trọng",
                     reason.format(what="tuổi")),
    ]  # fmt: skip


def processing(review: Mapping[str, int]) -> list[Measured]:
    """The level's dossier processing: mean days from receipt to the end, and the share returned."""
    figures = processing_figures(review)
    counts = f"{figures.received} hồ sơ tiếp nhận, {figures.finished} đã xử lý xong"
    return [
        Target(
            "PROCESSING_DAYS",
            "Thời gian xử lý hồ sơ bình quân (ngày)",
            "theo dõi",
            figures.mean_processing_days,
            None,
            f"{counts}.",
        ),
        Target(
            "RETURN_RATE",
            "Tỷ lệ hồ sơ phải trả lại để bổ sung",
            "theo dõi",
            figures.return_rate_percent,
            None,
            f"{figures.returned} hồ sơ bị trả lại ít nhất một lần; {counts}.",
        ),
    ]
