"""Unit tests of review.domain.scoring: sheet rules, combination, ranking, normalisation, collusion."""

from __future__ import annotations

import random
from itertools import permutations
from typing import Any

import pytest

from emutrack_kit.errors import Conflict, Forbidden, Unprocessable
from review.domain.criteria import (
    ChangeCriterion,
    CriteriaSet,
    Criterion,
    Item,
    Section,
    edit,
    new_criteria_set,
)
from review.domain.inspections import assign
from review.domain.ranking import METHOD, METHOD_VERSION, combine, suspicious_pairs
from review.domain.scoring import Mark, ScoreSheet, SheetDraft, new_adjustment, new_sheet

CS = new_criteria_set(
    CriteriaSet(
        set_id="cum-ix-2024",
        cluster_id="cum-ix",
        year=2024,
        sections=(
            Section(
                "I", "Nhiệm vụ chính trị", (Criterion("c1", "Chỉ tiêu", 10), Criterion("c2", "CCHC", 10))
            ),
            Section("II", "Thi đua", (Criterion("c3", "Phong trào", 20),)),
        ),
        bonus_items=(Item("b1", "Mô hình mới", 5),),
        penalty_items=(Item("p1", "Báo cáo chậm", 5),),
        declared_total=40,
    )
)
UNITS = [f"u{i}" for i in range(1, 10)]
EVERYONE = frozenset(permutations([*UNITS, "x", "y", "a", "b", "c", "d", "e"], 2))


def marks(c1: float, c2: float, c3: float) -> list[Mark]:
    maxima = {"c1": 10, "c2": 10, "c3": 20}
    given = {"c1": c1, "c2": c2, "c3": c3}
    return [
        Mark(cid, pts, "" if pts == maxima[cid] else "Còn thiếu minh chứng") for cid, pts in given.items()
    ]


def sheet(
    scorer: str,
    scored: str,
    c1: float,
    c2: float,
    c3: float,
    *,
    bonus: float = 0,
    penalty: float = 0,
) -> ScoreSheet:
    return new_sheet(
        CS,
        SheetDraft(
            kind="self" if scorer == scored else "cross",
            scorer_id=scorer,
            scored_id=scored,
            marks=marks(c1, c2, c3),
            bonuses=[Mark("b1", bonus, "Được biểu dương")] if bonus else [],
            penalties=[Mark("p1", penalty, "Chậm 5 ngày")] if penalty else [],
        ),
        assigned=EVERYONE,
    )


def total(points: float, *, scorer: str, scored: str) -> ScoreSheet:
    """A sheet with `points` spread over the criteria (first section gets up to 20)."""
    first = min(points, 20)
    return sheet(scorer, scored, first / 2, first / 2, points - first)


def refused(error: type[Exception], code: str, **overrides: Any) -> Any:
    fields: dict[str, Any] = {
        "kind": "cross",
        "scorer_id": "u1",
        "scored_id": "u2",
        "marks": marks(10, 10, 20),
        "assigned": frozenset({("u1", "u2")}),
    }
    fields.update(overrides)
    options = {k: fields.pop(k) for k in ("assigned", "allow_missing") if k in fields}
    with pytest.raises(error) as err:
        new_sheet(CS, SheetDraft(**fields), **options)
    assert getattr(err.value, "code", None) == code
    return err.value


# --- sheets ---------------------------------------------------------------------------------------


def test_a_sheet_totals_criteria_plus_bonus_minus_penalty() -> None:
    s = sheet("u1", "u2", 8, 9, 15, bonus=2, penalty=1.5)
    assert (s.total, s.bonus_total, s.penalty_total) == (32.5, 2, 1.5)
    assert s.section_total(CS.sections[0]) == 17
    assert (s.set_id, s.set_version) == ("cum-ix-2024", 1)


def test_a_unit_never_cross_scores_itself() -> None:
    err = refused(Forbidden, "SELF_SCORING", scored_id="u1", assigned=frozenset({("u1", "u1")}))
    assert err.field == "scored_id"


def test_only_an_assigned_inspector_may_score() -> None:
    err = refused(Forbidden, "NOT_ASSIGNED", scorer_id="u3")
    assert "u3" in err.message
    assert "u2" in err.message


def test_self_assessment_is_its_own_kind_by_the_unit_itself() -> None:
    own = new_sheet(CS, SheetDraft(kind="self", scorer_id="u2", scored_id="u2", marks=marks(10, 10, 20)))
    assert own.kind == "self"
    refused(Unprocessable, "SELF_SHEET_OTHER_UNIT", kind="self")


def test_a_score_above_max_is_refused_naming_the_criterion_and_its_max() -> None:
    err = refused(Unprocessable, "SCORE_ABOVE_MAX", marks=[*marks(10, 10, 20)[:2], Mark("c3", 25)])
    assert "'c3'" in err.message
    assert "tối đa 20" in err.message
    assert err.field == "marks[2].points"
    assert err.details == {"ref_id": "c3", "points": 25, "max_points": 20}


def test_fractional_points_are_printed_the_vietnamese_way() -> None:
    err = refused(Unprocessable, "SCORE_ABOVE_MAX", marks=[Mark("c1", 10.5), *marks(10, 10, 20)[1:]])
    assert "10,5" in err.message


@pytest.mark.parametrize(
    ("bad", "code", "field"),
    [
        (Mark("c1", -1, "Âm"), "NEGATIVE_SCORE", "marks[0].points"),
        (Mark("c9", 1, "Lạ"), "UNKNOWN_CRITERION", "marks[0].ref_id"),
        (Mark("c2", 10), "DUPLICATE_SCORE", "marks[1]"),  # the second mark of c2 is the repeat
    ],
)
def test_bad_points_are_refused(bad: Mark, code: str, field: str) -> None:
    rest = marks(10, 10, 20)[1:]
    err = refused(Unprocessable, code, marks=[bad, *rest])
    assert err.field == field


def test_a_comment_is_required_when_points_are_below_the_max() -> None:
    err = refused(Unprocessable, "COMMENT_REQUIRED", marks=[Mark("c1", 7), *marks(10, 10, 20)[1:]])
    assert "7/10" in err.message
    assert err.field == "marks[0].comment"
    ok = new_sheet(
        CS,
        SheetDraft(
            kind="self",
            scorer_id="u1",
            scored_id="u1",
            marks=[Mark(c.criterion_id, c.max_points) for c in CS.criteria.values()],
        ),
    )
    assert ok.total == 40, "full marks need no comment"


def test_every_criterion_is_scored_unless_the_sheet_is_a_draft() -> None:
    err = refused(Unprocessable, "MISSING_SCORES", marks=marks(10, 10, 20)[:1])
    assert err.details == {"criterion_ids": ["c2", "c3"]}
    draft = new_sheet(
        CS, SheetDraft(kind="self", scorer_id="u1", scored_id="u1", marks=[]), allow_missing=True
    )
    assert draft.total == 0


def test_bonus_and_penalty_items_are_checked_against_their_own_maxima() -> None:
    err = refused(Unprocessable, "BONUS_ABOVE_MAX", bonuses=[Mark("b1", 6, "Hai mô hình")])
    assert "tối đa 5" in err.message
    refused(Unprocessable, "PENALTY_ABOVE_MAX", penalties=[Mark("p1", 5.5, "Chậm")])
    refused(Unprocessable, "UNKNOWN_ITEM", penalties=[Mark("p9", 1, "?")])
    refused(Unprocessable, "UNKNOWN_ITEM", bonuses=[Mark("c1", 1, "một tiêu chí, không phải mục thưởng")])
    assert (
        refused(Unprocessable, "COMMENT_REQUIRED", penalties=[Mark("p1", 2)]).field == "penalties[0].comment"
    )


def test_a_head_adjustment_needs_a_reason_of_ten_characters() -> None:
    adj = new_adjustment("u2", -2, "  Chưa nộp báo cáo quý IV  ", "u1")
    assert (adj.delta, adj.reason) == (-2, "Chưa nộp báo cáo quý IV")
    with pytest.raises(Unprocessable) as err:
        new_adjustment("u2", 1, "  ngắn   ", "u1")
    assert err.value.code == "REASON_TOO_SHORT"
    with pytest.raises(Unprocessable) as err:
        new_adjustment("u2", 0, "Không điều chỉnh gì", "u1")
    assert err.value.code == "ZERO_ADJUSTMENT"


# --- combination and ranking ----------------------------------------------------------------------


def test_final_is_the_mean_of_cross_totals_plus_adjustments_with_self_shown_beside() -> None:
    sheets = [
        total(30, scorer="u2", scored="u1"),
        total(34, scorer="u3", scored="u1"),
        sheet("u1", "u1", 10, 10, 20),
    ]
    sheets += [total(20, scorer="u1", scored="u2"), total(21, scorer="u3", scored="u2")]
    adjustments = [new_adjustment("u2", 1.5, "Đạt giải nhất hội thi", "u1")]
    result = combine(CS, sheets, adjustments)
    assert (result.method, result.method_version, result.normalised) == (METHOD, METHOD_VERSION, False)
    assert (result.set_id, result.set_version) == ("cum-ix-2024", 1)
    u1, u2 = result.results
    assert (u1.unit_id, u1.rank, u1.cross_mean, u1.final, u1.self_total) == ("u1", 1, 32, 32, 40)
    assert u1.cross_totals == (("u2", 30), ("u3", 34))
    assert (u2.unit_id, u2.cross_mean, u2.adjustment, u2.final, u2.self_total) == ("u2", 20.5, 1.5, 22, None)


def test_a_worked_ranking_with_ties_broken_as_documented() -> None:
    given = {
        "u1": (10, 10, 15, 0, 0),  # 35
        "u2": (9, 9, 12, 0, 0),  # 30, first section 18
        "u3": (8, 7, 15, 0, 0),  # 30, first section 15
        "u4": (5, 5, 16, 0, 1),  # 25, one penalty point
        "u5": (5, 5, 15, 0, 0),  # 25, no penalty
        "u6": (5, 5, 10, 0, 0),  # 20, no bonus
        "u7": (5, 5, 8, 2, 0),  # 20, two bonus points
        "u8": (4, 4, 4, 0, 0),  # 12, identical to u9: unit id decides
        "u9": (4, 4, 4, 0, 0),
    }
    sheets = [
        sheet(scorer, unit, c1, c2, c3, bonus=b, penalty=p)
        for unit, (c1, c2, c3, b, p) in given.items()
        for scorer in ("x", "y")
    ]
    ranked = combine(CS, reversed(sheets)).results
    assert [r.unit_id for r in ranked] == ["u1", "u2", "u3", "u5", "u4", "u7", "u6", "u8", "u9"]
    assert [r.rank for r in ranked] == list(range(1, 10))
    assert [r.final for r in ranked] == [35, 30, 30, 25, 25, 20, 20, 12, 12]


def test_float_noise_does_not_break_a_tie() -> None:
    a = [sheet("x", "u1", 0.1, 0.2, 0), sheet("y", "u1", 0.3, 0, 0)]
    b = [sheet("x", "u2", 0.3, 0, 0), sheet("y", "u2", 0.1, 0.2, 0)]
    u1, u2 = combine(CS, a + b).results
    assert u1.final == u2.final == 0.3
    assert (u1.unit_id, u2.unit_id) == ("u1", "u2")


def test_sheets_of_another_criteria_version_are_refused() -> None:
    v2 = edit(CS, ChangeCriterion("c3", text="Phong trào thi đua"))
    with pytest.raises(Conflict) as err:
        combine(v2, [total(30, scorer="u2", scored="u1")])
    assert err.value.code == "CRITERIA_VERSION_MISMATCH"


def test_duplicate_sheets_and_units_without_cross_scores_are_refused() -> None:
    one = total(30, scorer="u2", scored="u1")
    with pytest.raises(Conflict) as err:
        combine(CS, [one, one])
    assert err.value.code == "DUPLICATE_SHEET"
    with pytest.raises(Conflict) as err:
        combine(CS, [one, sheet("u3", "u3", 10, 10, 20)])
    assert (err.value.code, err.value.details) == ("NO_CROSS_SCORES", {"unit_ids": ["u3"]})
    with pytest.raises(Conflict) as err:
        combine(CS, [one], [new_adjustment("u9", 1, "Lý do đủ mười ký tự", "u2")])
    assert err.value.details == {"unit_ids": ["u9"]}


# --- per-inspector normalisation ------------------------------------------------------------------

QUALITY = {"a": 36, "b": 32, "c": 28, "d": 24}


def everyone_scores_everyone(harsh: str, by: float) -> list[ScoreSheet]:
    return [
        total(QUALITY[unit] - (by if scorer == harsh else 0), scorer=scorer, scored=unit)
        for scorer in QUALITY
        for unit in QUALITY
        if scorer != unit
    ]


def test_normalisation_removes_a_harsh_inspectors_effect() -> None:
    sheets = everyone_scores_everyone("d", 12)  # d takes 12 points off everything it scores
    raw = {r.unit_id: r for r in combine(CS, sheets).results}
    assert raw["c"].final == raw["d"].final == 24, (
        "d is never scored by its harsh self, so it catches up with c"
    )
    fair = combine(CS, sheets, normalise=True)
    assert fair.normalised
    assert [r.unit_id for r in fair.results] == ["a", "b", "c", "d"]
    by_unit = {r.unit_id: r for r in fair.results}
    assert by_unit["c"].final - by_unit["d"].final > 2
    given_by_d = [t for r in fair.results for s, t in r.used_totals if s == "d"]
    raw_by_d = [t for r in fair.results for s, t in r.cross_totals if s == "d"]
    assert sum(given_by_d) > sum(raw_by_d), "the harsh inspector's totals are raised"


def test_normalisation_ignores_a_uniform_offset() -> None:
    honest = combine(CS, everyone_scores_everyone("d", 0), normalise=True)
    harsh = combine(CS, everyone_scores_everyone("d", 12), normalise=True)
    assert [r.unit_id for r in honest.results] == [r.unit_id for r in harsh.results]


def test_normalisation_needs_two_sheets_per_inspector() -> None:
    sheets = [total(30, scorer="u2", scored="u1"), total(20, scorer="u1", scored="u2")]
    with pytest.raises(Unprocessable) as err:
        combine(CS, sheets, normalise=True)
    assert err.value.code == "NORMALISATION_IMPOSSIBLE"
    assert err.value.details == {"unit_ids": ["u1", "u2"]}


# --- collusion ------------------------------------------------------------------------------------


def test_a_pair_scoring_each_other_high_is_flagged_with_evidence() -> None:
    sheets = [
        total(38, scorer="a", scored="b"),
        total(38, scorer="b", scored="a"),
        total(28, scorer="c", scored="a"),
        total(27, scorer="d", scored="a"),
        total(28, scorer="c", scored="b"),
        total(29, scorer="e", scored="b"),
        # c and d also inspect each other, honestly
        total(30, scorer="c", scored="d"),
        total(30, scorer="d", scored="c"),
        total(31, scorer="e", scored="d"),
        total(29, scorer="a", scored="d"),
        total(30, scorer="e", scored="c"),
        total(29, scorer="b", scored="c"),
    ]
    (pair,) = suspicious_pairs(CS, sheets)
    assert (pair.unit_a, pair.unit_b) == ("a", "b")
    assert (pair.a_to_b, pair.others_to_b, pair.b_to_a, pair.others_to_a) == (38, 28.5, 38, 27.5)
    assert pair.threshold == pytest.approx(4)
    assert suspicious_pairs(CS, sheets, threshold=10) == ()


def test_one_sided_generosity_is_not_a_pair() -> None:
    sheets = [
        total(38, scorer="a", scored="b"),
        total(27, scorer="b", scored="a"),
        total(28, scorer="c", scored="a"),
        total(28, scorer="c", scored="b"),
    ]
    assert suspicious_pairs(CS, sheets) == ()


def test_a_pair_nobody_else_scored_is_not_judged() -> None:
    assert suspicious_pairs(CS, [total(40, scorer="a", scored="b"), total(40, scorer="b", scored="a")]) == ()


@pytest.mark.parametrize("seed", range(5))
def test_honest_noisy_scores_raise_no_flag(seed: int) -> None:
    rng = random.Random(seed)
    members = [f"u{i}" for i in range(1, 7)]
    result = assign(members, 3, seed=seed)  # 6 units, k = 3: units three seats apart inspect each other
    mutual = [(a, b) for a, b in result.pairs if (b, a) in result.pair_set]
    assert mutual, "the data must contain pairs that inspected each other"
    quality = {u: rng.uniform(20, 36) for u in members}
    sheets = [
        total(round(quality[b] + rng.uniform(-1.5, 1.5), 1), scorer=a, scored=b) for a, b in result.pairs
    ]
    assert suspicious_pairs(CS, sheets) == ()
