"""Decisions (quyết định khen thưởng) on awards within a level's authority, and who decides which award.

An award outside the level's authority is forwarded to the parent level (`review.domain.forwarding`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from emutrack_kit.errors import Conflict, Forbidden, Unprocessable
from review.domain.ballots import DEFAULT_THRESHOLDS, ThresholdRule, threshold_for
from review.domain.history import label
from review.domain.sessions import ItemResult, Nomination
from review.domain.working_days import (
    COMMENT_PERIODS,
    HOLIDAYS,
    MAKE_UP_SATURDAYS,
    ensure_comment_period_over,
)

LevelKind = Literal["ward", "district", "city", "central"]


@dataclass(frozen=True)
class Level:
    """A level of the tree; `signers`: its chair and deputies who may sign for the chair (KT. Chủ tịch)."""

    unit_id: str
    kind: LevelKind
    name: str
    signers: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Authority:
    """The level kinds whose head decides an award, and who that is."""

    levels: frozenset[LevelKind]
    decider: str


def _auth(decider: str, *levels: LevelKind) -> Authority:
    return Authority(frozenset(levels), decider)


_LOCAL_HEAD = "Chủ tịch UBND / thủ trưởng đơn vị cấp quyết định"
_CITY_CHAIR = "Chủ tịch UBND Thành phố"
_PM, _PRESIDENT = "Thủ tướng Chính phủ", "Chủ tịch nước"
# Configurable data from docs/domain.md §5 ("each level's head decides the awards of that level"); check
# against Luật 06/2022/QH15 and NĐ 98/2023, NĐ 152/2025 (decentralisation to communes) before relying on it.
DEFAULT_AUTHORITY: dict[str, Authority] = {
    "lao_dong_tien_tien": _auth(_LOCAL_HEAD, "ward", "district", "city"),
    "tap_the_lao_dong_tien_tien": _auth(_LOCAL_HEAD, "ward", "district", "city"),
    "chien_si_thi_dua_co_so": _auth(_LOCAL_HEAD, "ward", "district", "city"),
    "tap_the_lao_dong_xuat_sac": _auth(_LOCAL_HEAD, "district", "city"),
    "giay_khen": _auth("Chủ tịch UBND cấp xã, cấp huyện", "ward", "district"),
    "chien_si_thi_dua_thanh_pho": _auth(_CITY_CHAIR, "city"),
    "bang_khen_thanh_pho": _auth(_CITY_CHAIR, "city"),
    "co_thi_dua_thanh_pho": _auth(_CITY_CHAIR, "city"),
    "cong_dan_thu_do_uu_tu": _auth(_CITY_CHAIR, "city"),
    "chien_si_thi_dua_toan_quoc": _auth(_PM, "central"),
    "bang_khen_thu_tuong": _auth(_PM, "central"),
    "co_thi_dua_chinh_phu": _auth(_PM, "central"),
    "huan_chuong_lao_dong_hang_ba": _auth(_PRESIDENT, "central"),
}


@dataclass(frozen=True)
class DecisionRules:
    """The data a decision is checked against (all editable, versioned by the caller)."""

    authority: Mapping[str, Authority] = field(default_factory=lambda: DEFAULT_AUTHORITY)
    thresholds: Mapping[str, ThresholdRule] = field(default_factory=lambda: DEFAULT_THRESHOLDS)
    comment_periods: Mapping[str, int] = field(default_factory=lambda: COMMENT_PERIODS)
    holidays: frozenset[date] = HOLIDAYS
    make_up_days: frozenset[date] = MAKE_UP_SATURDAYS


DEFAULT_RULES = DecisionRules()


def authority_for(award_code: str, rules: DecisionRules = DEFAULT_RULES) -> Authority:
    """Who decides the award; NO_AUTHORITY_RULE when the map does not say."""
    authority = rules.authority.get(award_code)
    if authority is None:
        raise Unprocessable(
            "NO_AUTHORITY_RULE",
            f"Chưa cấu hình cấp có thẩm quyền quyết định '{label(award_code)}'.",
            field="award_code",
        )
    return authority


def decides_here(award_code: str, level: Level, rules: DecisionRules = DEFAULT_RULES) -> bool:
    """True if this level's head decides the award (else it is forwarded)."""
    return level.kind in authority_for(award_code, rules).levels


@dataclass(frozen=True)
class Awardee:
    """A collective or a person named in a decision, with the nomination it came from."""

    nomination_id: str
    subject_kind: Literal["collective", "individual"]
    subject_id: str
    subject_name: str
    proposing_unit_id: str


@dataclass(frozen=True)
class Decision:
    """A decision: number, date, signer, level, award, awardees, and the ballots it rests on."""

    number: str
    signed_on: date
    signer_id: str
    level_unit_id: str
    award_code: str
    awardees: tuple[Awardee, ...]
    ballot_ids: tuple[str, ...]


def ensure_passed(nomination: Nomination, result: ItemResult | None, required: ThresholdRule | None) -> None:
    """The nomination's own council voted on it at its level and the tally passes (`required`, if given)."""
    if result is None or (result.nomination_id, result.level_unit_id) != (
        nomination.nomination_id,
        nomination.level_unit_id,
    ):
        raise Conflict(
            "NO_TALLY",
            f"Hồ sơ của {nomination.subject_name} chưa có kết quả bỏ phiếu của Hội đồng cấp này.",
            field="results",
            details={"nomination_id": nomination.nomination_id},
        )
    passed = result.tally.passes(required) if required else result.passed
    if not passed:
        raise Conflict(
            "TALLY_NOT_PASSED",
            f"Hồ sơ của {nomination.subject_name} không đạt số phiếu cần thiết: "
            f"{result.tally.explain(required or result.rule)}.",
            field="results",
            details={"nomination_id": nomination.nomination_id, "tally": result.tally.public()},
        )


@dataclass(frozen=True)
class DecisionDraft:
    """What the chair signs: number, date, signer, level, award, and the nominations it honours."""

    number: str
    signed_on: date
    signer_id: str
    level: Level
    award_code: str
    nominations: Sequence[Nomination]


def issue_decision(
    draft: DecisionDraft,
    results: Mapping[str, ItemResult],
    comment_published_on: Mapping[str, date] | None = None,
    rules: DecisionRules = DEFAULT_RULES,
) -> Decision:
    """A decision for nominations whose ballot passed the award's threshold, within the level's authority."""
    number, signed_on, signer_id, level = draft.number, draft.signed_on, draft.signer_id, draft.level
    award_code, nominations = draft.award_code, draft.nominations
    if not number.strip():
        raise Unprocessable("NO_DECISION_NUMBER", "Cần số quyết định.", field="number")
    if not nominations:
        raise Unprocessable(
            "NO_AWARDEES", "Quyết định cần ít nhất một người/tập thể được khen.", field="nominations"
        )
    authority = authority_for(award_code, rules)
    if level.kind not in authority.levels:
        raise Forbidden(
            "OUTSIDE_AUTHORITY",
            f"'{label(award_code)}' do {authority.decider} quyết định, không thuộc thẩm quyền "
            f"của {level.name}; hãy trình cấp trên.",
            field="award_code",
        )
    if signer_id not in level.signers:
        raise Forbidden(
            "NOT_A_SIGNER",
            f"Người ký không phải Chủ tịch (hoặc người ký thay) của {level.name}.",
            field="signer_id",
        )
    required = threshold_for(award_code, rules.thresholds)
    published = comment_published_on or {}
    seen: set[str] = set()
    for i, n in enumerate(nominations):
        if n.award_code != award_code or n.level_unit_id != level.unit_id or n.nomination_id in seen:
            raise Unprocessable(
                "NOT_IN_DECISION",
                f"Hồ sơ của {n.subject_name} không thuộc quyết định này "
                "(khác hình thức khen thưởng, khác cấp, hoặc bị trùng).",
                field=f"nominations[{i}]",
            )
        seen.add(n.nomination_id)
        if not (n.simplified and n.nomination_id not in results):  # an ad hoc deed needs no vote
            ensure_passed(n, results.get(n.nomination_id), required)
        ensure_comment_period_over(
            award_code,
            published.get(n.nomination_id),
            signed_on,
            rules.comment_periods,
            rules.holidays,
            rules.make_up_days,
        )
    awardees = tuple(
        Awardee(n.nomination_id, n.subject_kind, n.subject_id, n.subject_name, n.proposing_unit_id)
        for n in nominations
    )
    ballots = tuple(
        results[n.nomination_id].tally.ballot_id for n in nominations if n.nomination_id in results
    )
    return Decision(number.strip(), signed_on, signer_id, level.unit_id, award_code, awardees, ballots)
