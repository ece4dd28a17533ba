"""Appraisal from a dossier's declarations: names matched to codes, unknowns never guessed."""

from __future__ import annotations

from datetime import date

import pytest

from emutrack_kit.errors import Unprocessable
from review.domain.appraisal import Appraised, declared_history, ensure_registered, frozen_appraisal
from review.domain.eligibility import evaluate
from review.domain.history import DeclaredAward
from review.domain.rule_versions import rule_set_for
from review.rules import load_default_rule_sets


def test_declared_titles_become_known_years_and_unknown_names_are_left_out() -> None:
    history = declared_history(
        "hs-1@q",
        "individual",
        [
            DeclaredAward(name="chiến sĩ thi đua cơ sở", year=2019),
            DeclaredAward(name="Bằng khen của Chủ tịch UBND Thành phố", year=2018, decision_number="12/QĐ"),
            DeclaredAward(name="Huy chương vì thế hệ trẻ", year=2017),
        ],
    )
    assert dict(history.titles_by_year) == {2019: frozenset({"chien_si_thi_dua_co_so"})}
    assert [a.code for a in history.awards] == ["chien_si_thi_dua_co_so", "bang_khen_cap_tinh"]
    assert history.initiatives_known is False


def test_initiatives_not_on_record_are_unknown_not_failed() -> None:
    rule_set = rule_set_for("chien_si_thi_dua_thanh_pho", date(2020, 12, 1), load_default_rule_sets())
    cstd = "Chiến sĩ thi đua cơ sở"
    history = declared_history(
        "x", "individual", [DeclaredAward(name=cstd, year=y) for y in (2018, 2019, 2020)]
    )
    appraisal = evaluate(rule_set, history, 2020)
    assert [r.outcome for r in appraisal.results] == ["passed", "unknown"]
    frozen = frozen_appraisal(Appraised("x", rule_set.award, 2020), history, appraisal, rule_set.version)
    again = frozen_appraisal(Appraised("x", rule_set.award, 2020), history, appraisal, rule_set.version)
    assert frozen.content_hash == again.content_hash
    assert frozen.result["verdict"] == "incomplete"


def test_year_end_evaluation_needs_a_registration() -> None:
    with pytest.raises(Unprocessable) as refused:
        ensure_registered("annual_merit", False, "Phường Kim Giang", 2020)
    assert refused.value.code == "NOT_REGISTERED"
    ensure_registered("exceptional", False, "Phường Kim Giang", 2020)  # đột xuất: no registration needed
