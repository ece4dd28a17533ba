"""Appraisal inputs beyond the dossier: decided awards, round quotas, recomputation, comment periods."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from emutrack_kit.errors import AppError
from review.domain.appraisal import Appraised, QuotaInputs, declared_history, frozen_appraisal, with_quotas
from review.domain.eligibility import evaluate
from review.domain.history import AwardRecord, DeclaredAward
from review.domain.integrity import content_hash, freeze
from review.domain.nominations import subject_key
from review.domain.quotas import RoundNomination, capped_awards, counted_codes
from review.domain.recompute import check_appraisal
from review.domain.rule_versions import rule_set_for
from review.domain.working_days import comment_period
from review.rules import load_default_rule_sets

RULES = load_default_rule_sets()
T0 = datetime(2020, 12, 1, 2, 0, tzinfo=UTC)


def decided(code: str, year: int, number: str) -> AwardRecord:
    return AwardRecord(code=code, year=year, decision_number=number, level="p-kim-giang")


def test_a_person_is_the_same_subject_at_every_level_whatever_the_accents() -> None:
    assert (
        subject_key("individual", None, "p-kim-giang", "Nguyễn Thị Thịnh") == "p-kim-giang|nguyen thi thinh"
    )
    assert (
        subject_key("individual", None, "p-kim-giang", "NGUYỄN THỊ THỊNH") == "p-kim-giang|nguyen thi thinh"
    )
    assert subject_key("collective", "p-ha-dinh", "p-kim-giang", "Phường Hạ Đình") == "p-ha-dinh"


def test_decided_titles_join_declared_ones_as_known_years() -> None:
    history = declared_history(
        "k",
        "individual",
        [DeclaredAward(name="Chiến sĩ thi đua cơ sở", year=2018)],
        [decided("chien_si_thi_dua_co_so", 2020, "20/QĐ"), decided("chien_si_thi_dua_co_so", 2019, "19/QĐ")],
    )
    assert sorted(history.titles_by_year) == [2018, 2019, 2020]
    assert [(a.year, a.level) for a in history.awards] == [
        (2018, "khai_bao"),
        (2019, "p-kim-giang"),
        (2020, "p-kim-giang"),
    ]
    rule_set = rule_set_for("chien_si_thi_dua_thanh_pho", date(2020, 12, 1), RULES)
    assert evaluate(rule_set, history, 2020).results[0].outcome == "passed"


def competing(n: int, unit: str = "p-kim-giang") -> tuple[RoundNomination, ...]:
    return tuple(
        RoundNomination(
            f"n{i}", f"{unit}|nguoi {i}", unit, "chien_si_thi_dua_co_so", 2020, T0 + timedelta(minutes=i)
        )
        for i in range(n)
    )


def quota_outcomes(nomination: str, quota: QuotaInputs) -> list[str]:
    rule_set = rule_set_for("chien_si_thi_dua_co_so", date(2020, 12, 1), RULES)
    appraisal = evaluate(rule_set, declared_history("k", "individual", []), 2020)
    added = with_quotas(appraisal, rule_set, nomination, quota).results[len(appraisal.results) :]
    return [r.outcome for r in added]


def test_the_share_quota_counts_the_units_decided_holders_and_those_already_awarded() -> None:
    holders = {"p-kim-giang": {"lao_dong_tien_tien": 20}}  # 15% of 20 = 3
    assert quota_outcomes("n2", QuotaInputs(competing(4), holders)) == ["passed"]
    assert quota_outcomes("n3", QuotaInputs(competing(4), holders)) == ["failed"]
    already = {"p-kim-giang": {"lao_dong_tien_tien": 20, "chien_si_thi_dua_co_so": 2}}
    assert quota_outcomes("n0", QuotaInputs(competing(4), already)) == ["passed"]
    assert quota_outcomes("n1", QuotaInputs(competing(4), already)) == ["failed"]
    assert quota_outcomes("n0", QuotaInputs(competing(4), {})) == ["unknown"]


def test_the_yearly_count_of_capital_citizens_is_city_wide() -> None:
    rule_set = rule_set_for("cong_dan_thu_do_uu_tu", date(2020, 12, 1), RULES)
    people = tuple(
        RoundNomination(f"n{i}", f"q{i}|x", f"q{i}", rule_set.award, 2020, T0 + timedelta(minutes=i))
        for i in range(3)
    )
    appraisal = evaluate(rule_set, declared_history("k", "individual", []), 2020)
    quota = QuotaInputs(people, {"*": {rule_set.award: 8}})  # 8 already this year: room for two
    outcomes = [
        next(
            r.outcome
            for r in with_quotas(appraisal, rule_set, n.nomination_id, quota).results
            if r.kind == "count_per_year_quota"
        )
        for n in people
    ]
    assert outcomes == ["passed", "passed", "failed"]


def stored_appraisal() -> tuple[dict[str, Any], Any, dict[str, Any]]:
    rule_set = rule_set_for("chien_si_thi_dua_co_so", date(2020, 12, 1), RULES)
    history = declared_history("k", "individual", [DeclaredAward(name="Lao động tiên tiến", year=2020)])
    quota = QuotaInputs(competing(2), {"p-kim-giang": {"lao_dong_tien_tien": 10}})
    appraisal = with_quotas(evaluate(rule_set, history, 2020), rule_set, "n1", quota)
    nomination = Appraised("n1", rule_set.award, 2020)
    snapshot = frozen_appraisal(nomination, history, appraisal, rule_set.version, quota)
    stored = {
        "verdict": snapshot.result["verdict"],
        "results": [dict(r) for r in snapshot.result["results"]],
        "inputs": snapshot.inputs,
        "content_hash": snapshot.content_hash,
    }
    return stored, rule_set, quota.as_data()


def test_a_stored_appraisal_recomputes_to_the_same_result() -> None:
    stored, rule_set, quota = stored_appraisal()
    assert stored["inputs"]["quota"] == {"snapshot": content_hash(quota)}
    assert check_appraisal(stored, rule_set, quota) == {
        "content_hash": stored["content_hash"],
        "intact": True,
        "recomputed_matches": True,
    }


def test_an_edited_result_or_quota_snapshot_is_caught() -> None:
    stored, rule_set, quota = stored_appraisal()
    assert check_appraisal({**stored, "verdict": "eligible"}, rule_set, quota)["intact"] is False
    edited_quota = {**quota, "holders": {"p-kim-giang": {"lao_dong_tien_tien": 0}}}
    assert check_appraisal(stored, rule_set, edited_quota)["intact"] is False
    assert check_appraisal(stored, rule_set, None)["intact"] is False
    # The snapshot rewritten and the appraisal re-hashed to match: the rules no longer agree.
    inputs = {**stored["inputs"], "quota": {"snapshot": content_hash(edited_quota)}}
    result = {"verdict": stored["verdict"], "results": stored["results"]}
    forged = freeze("appraisal", inputs, "eligibility-rules", rule_set.version, result)
    rehashed = {**stored, "inputs": forged.inputs, "content_hash": forged.content_hash}
    assert check_appraisal(rehashed, rule_set, edited_quota) == {
        "content_hash": forged.content_hash,
        "intact": True,
        "recomputed_matches": False,
    }


def test_the_comment_period_counts_working_days_after_publication() -> None:
    assert comment_period("cong_dan_thu_do_uu_tu", date(2020, 12, 29)) == (7, date(2021, 1, 8))
    # Published on the eve of Tết Canh Tý (23–29/1/2020 off): the seven days start on 30/1.
    assert comment_period("cong_dan_thu_do_uu_tu", date(2020, 1, 22)) == (7, date(2020, 2, 7))
    for award, published, code in [
        ("bang_khen_thanh_pho", date(2020, 12, 29), "NO_COMMENT_PERIOD"),
        ("cong_dan_thu_do_uu_tu", date(2030, 3, 2), "NO_HOLIDAY_DATA"),
    ]:
        with pytest.raises(AppError) as refused:
            comment_period(award, published)
        assert refused.value.code == code


def test_quota_inputs_survive_the_round_trip_through_data() -> None:
    quota = QuotaInputs(competing(2), {"p-kim-giang": {"lao_dong_tien_tien": 3}})
    data = quota.as_data()
    assert data["competing"][0] == {**asdict(competing(1)[0]), "submitted_at": T0.isoformat()}


def test_quotas_say_what_they_count() -> None:
    cstd = rule_set_for("chien_si_thi_dua_co_so", date(2020, 12, 1), RULES)
    citizen = rule_set_for("cong_dan_thu_do_uu_tu", date(2020, 12, 1), RULES)
    assert counted_codes(cstd) == (frozenset({"lao_dong_tien_tien", "chien_si_thi_dua_co_so"}), False)
    assert counted_codes(citizen) == (frozenset(), True)
    assert capped_awards(RULES) == {"cong_dan_thu_do_uu_tu"}
