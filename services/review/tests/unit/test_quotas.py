"""Unit tests of review.domain.quotas: limits checked over the whole round, in submission order."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from emutrack_kit.errors import Unprocessable
from review.domain.eligibility import RoundNomination, check_quotas, rule_set_for
from review.rules import load_default_rule_sets

RULE_SETS = load_default_rule_sets()
CSTD_CS = rule_set_for("chien_si_thi_dua_co_so", date(2024, 1, 10), RULE_SETS)
CDTD = rule_set_for("cong_dan_thu_do_uu_tu", date(2024, 6, 1), RULE_SETS)
START = datetime(2024, 1, 5, 8, 0)


def nominations(award: str, unit_ids: list[str], year: int = 2023) -> list[RoundNomination]:
    return [
        RoundNomination(f"hs-{i}", f"nguoi-{i}", unit, award, year, START + timedelta(hours=i))
        for i, unit in enumerate(unit_ids, start=1)
    ]


def test_fifteen_percent_of_twenty_ldtt_allows_three_cstd_co_so() -> None:
    round_ = nominations("chien_si_thi_dua_co_so", ["p-kim-giang"] * 3)

    results = check_quotas(CSTD_CS, round_, {"p-kim-giang": {"lao_dong_tien_tien": 20}}, {})

    assert [r.outcome for r in results] == ["passed", "passed", "passed"]
    assert {r.limit for r in results} == {3}


def test_a_fourth_cstd_co_so_in_the_unit_is_flagged_the_last_submitted() -> None:
    round_ = nominations("chien_si_thi_dua_co_so", ["p-kim-giang"] * 4)
    round_.reverse()  # given out of order: the check sorts by submission time

    results = check_quotas(CSTD_CS, round_, {"p-kim-giang": {"lao_dong_tien_tien": 20}}, {})

    assert [r.nomination_id for r in results if r.exceeds] == ["hs-4"]
    flagged = next(r for r in results if r.exceeds)
    assert flagged.rule_id == "han-muc-15-phan-tram"
    assert flagged.position == 4
    assert flagged.facts == (
        "Đơn vị p-kim-giang: 15% của 20 Lao động tiên tiến năm 2023 = tối đa 3 Chiến sĩ thi đua cơ sở; "
        "đã khen trước đợt này: 0; đề nghị này xếp thứ 4 trong đợt theo thứ tự nộp → vượt hạn mức ✗",
    )


def test_share_quota_is_per_unit_rounds_down_and_counts_earlier_awards() -> None:
    round_ = nominations("chien_si_thi_dua_co_so", ["p-kim-giang", "p-dai-kim", "p-dai-kim", "p-kim-giang"])
    counts = {"p-kim-giang": {"lao_dong_tien_tien": 19}, "p-dai-kim": {"lao_dong_tien_tien": 14}}

    results = check_quotas(CSTD_CS, round_, counts, {"p-kim-giang": 1})

    # Kim Giang: floor(15% × 19) = 2, one already awarded → only hs-1 fits; Đại Kim: floor(2.1) = 2.
    assert {r.nomination_id: r.outcome for r in results} == {
        "hs-1": "passed",
        "hs-4": "failed",
        "hs-2": "passed",
        "hs-3": "passed",
    }


def test_unit_without_ldtt_count_is_unknown() -> None:
    results = check_quotas(CSTD_CS, nominations("chien_si_thi_dua_co_so", ["p-ha-dinh"]), {}, {})

    assert [r.outcome for r in results] == ["unknown"]
    assert results[0].limit is None


def test_eleventh_cong_dan_thu_do_uu_tu_of_the_year_is_flagged() -> None:
    round_ = nominations("cong_dan_thu_do_uu_tu", [f"q-{i}" for i in range(11)], year=2024)

    results = check_quotas(CDTD, round_, {}, {})

    assert [r.nomination_id for r in results if r.exceeds] == ["hs-11"]
    assert (
        results[-1]
        .facts[0]
        .startswith("Tối đa 10 Công dân Thủ đô ưu tú mỗi năm; năm 2024 đã tặng trước đợt này: 0")
    )


def test_awards_of_earlier_rounds_use_up_the_yearly_quota() -> None:
    round_ = nominations("cong_dan_thu_do_uu_tu", ["q-thanh-xuan", "q-hoang-mai", "q-ha-dong"], year=2024)

    results = check_quotas(CDTD, round_, {}, {"q-dong-da": 5, "q-ba-dinh": 4})

    assert [r.outcome for r in results] == ["passed", "failed", "failed"]


def test_other_awards_in_the_round_are_ignored_and_a_set_without_quotas_gives_nothing() -> None:
    mixed = nominations("lao_dong_tien_tien", ["p-kim-giang"] * 5)
    cstd_tp = rule_set_for("chien_si_thi_dua_thanh_pho", date(2024, 1, 10), RULE_SETS)

    assert check_quotas(CDTD, mixed, {}, {}) == []
    assert check_quotas(cstd_tp, nominations("chien_si_thi_dua_thanh_pho", ["p-kim-giang"]), {}, {}) == []


def test_a_round_mixing_years_is_refused() -> None:
    round_ = nominations("cong_dan_thu_do_uu_tu", ["q-a"], 2023) + nominations(
        "cong_dan_thu_do_uu_tu", ["q-b"], 2024
    )

    with pytest.raises(Unprocessable) as e:
        check_quotas(CDTD, round_, {}, {})

    assert e.value.code == "MIXED_YEARS_IN_ROUND"
