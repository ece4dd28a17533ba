"""Unit tests of review.domain.eligibility: each rule of the shipped rule sets, explained."""

from __future__ import annotations

from datetime import date

import pytest

from emutrack_kit.errors import Unprocessable
from review.domain.eligibility import Appraisal, RuleResult, evaluate, rule_set_for
from review.domain.history import AwardRecord, InitiativeRecord, MemberStats, SubjectHistory
from review.domain.rules import RuleSet
from review.rules import load_default_rule_sets

RULE_SETS = load_default_rule_sets()
LDTT, CSTD_CS = "lao_dong_tien_tien", "chien_si_thi_dua_co_so"
CSTD_TP = "chien_si_thi_dua_thanh_pho"


def rules_of(award: str, on: date = date(2024, 3, 1)) -> RuleSet:
    return rule_set_for(award, on, RULE_SETS)


def person(titles: dict[int, set[str]], **kw: object) -> SubjectHistory:
    by_year = {y: frozenset(t) for y, t in titles.items()}
    return SubjectHistory("nguyen-thi-lan@p-kim-giang", "individual", by_year, **kw)  # type: ignore[arg-type]


def result(appraisal: Appraisal, rule_id: str) -> RuleResult:
    return next(r for r in appraisal.results if r.rule_id == rule_id)


CITY_INITIATIVE_2023 = InitiativeRecord(2023, "cap_thanh_pho", "Số hoá hồ sơ thi đua phường Kim Giang")


# --- Chiến sĩ thi đua Thành phố: 3 consecutive CSTĐ cơ sở + a city-level initiative -----------------


def test_cstd_thanh_pho_eligible_with_the_facts_listed() -> None:
    lan = person({y: {LDTT, CSTD_CS} for y in (2021, 2022, 2023)}, initiatives=(CITY_INITIATIVE_2023,))

    appraisal = evaluate(rules_of(CSTD_TP), lan, 2023)

    assert appraisal.eligible
    assert appraisal.verdict == "eligible"
    consecutive = result(appraisal, "cstd-co-so-3-nam-lien-tuc")
    assert consecutive.outcome == "passed"
    assert consecutive.facts == ("Chiến sĩ thi đua cơ sở năm 2021, 2022, 2023 ✓",)
    assert consecutive.data["held"] == [2021, 2022, 2023]
    assert consecutive.data["run"] == [2021, 2022, 2023]
    assert consecutive.legal_basis == (
        "Bộ quy tắc 'Chiến sĩ thi đua Thành phố' phiên bản 1 (hiệu lực từ 01/01/2017); căn cứ: NĐ 91/2017"
    )
    initiative = result(appraisal, "sang-kien-cap-thanh-pho")
    assert initiative.outcome == "passed"
    assert initiative.facts == (
        "Sáng kiến 'Số hoá hồ sơ thi đua phường Kim Giang' công nhận cấp Thành phố năm 2023 ✓",
    )


def test_a_year_without_the_title_fails_naming_that_year() -> None:
    lan = person(
        {2021: {LDTT, CSTD_CS}, 2022: {LDTT}, 2023: {LDTT, CSTD_CS}}, initiatives=(CITY_INITIATIVE_2023,)
    )

    appraisal = evaluate(rules_of(CSTD_TP), lan, 2023)

    assert appraisal.verdict == "not_eligible"
    failed = result(appraisal, "cstd-co-so-3-nam-lien-tuc")
    assert failed.outcome == "failed"
    assert failed.data["without"] == [2022]
    assert "Không đạt Chiến sĩ thi đua cơ sở năm 2022 ✗" in failed.facts
    assert [r.rule_id for r in appraisal.with_outcome("failed")] == ["cstd-co-so-3-nam-lien-tuc"]


def test_no_history_for_a_needed_year_is_unknown_never_passed() -> None:
    lan = person({2022: {LDTT, CSTD_CS}, 2023: {LDTT, CSTD_CS}}, initiatives=(CITY_INITIATIVE_2023,))

    appraisal = evaluate(rules_of(CSTD_TP), lan, 2023)

    unknown = result(appraisal, "cstd-co-so-3-nam-lien-tuc")
    assert unknown.outcome == "unknown"
    assert unknown.data["missing"] == [2021]
    assert unknown.facts == ("Chiến sĩ thi đua cơ sở năm 2022, 2023 ✓", "Chưa có dữ liệu năm 2021 ?")
    assert appraisal.verdict == "incomplete"
    assert not appraisal.eligible


def test_failed_wins_over_unknown_in_the_verdict() -> None:
    lan = person({2022: {LDTT}, 2023: {LDTT, CSTD_CS}}, initiatives=(CITY_INITIATIVE_2023,))

    appraisal = evaluate(rules_of(CSTD_TP), lan, 2023)

    assert result(appraisal, "cstd-co-so-3-nam-lien-tuc").outcome == "failed"
    assert appraisal.verdict == "not_eligible"


def test_only_a_base_level_initiative_fails_the_city_level_rule() -> None:
    base = InitiativeRecord(2022, "co_so", "Sổ tay tiếp dân")
    lan = person({y: {LDTT, CSTD_CS} for y in (2021, 2022, 2023)}, initiatives=(base,))

    initiative = result(evaluate(rules_of(CSTD_TP), lan, 2023), "sang-kien-cap-thanh-pho")

    assert initiative.outcome == "failed"
    assert initiative.facts == ("Chỉ có 0/1 sáng kiến cấp Thành phố trở lên trong 2021–2023 ✗",)


def test_a_nationwide_initiative_counts_as_at_least_city_level() -> None:
    national = InitiativeRecord(2021, "toan_quoc", "Phần mềm quản lý thi đua")
    lan = person({y: {LDTT, CSTD_CS} for y in (2021, 2022, 2023)}, initiatives=(national,))

    assert evaluate(rules_of(CSTD_TP), lan, 2023).eligible


def test_collective_cannot_be_appraised_for_an_individual_award() -> None:
    ward = SubjectHistory("p-kim-giang", "collective", {2023: frozenset()})

    with pytest.raises(Unprocessable) as e:
        evaluate(rules_of(CSTD_TP), ward, 2023)

    assert e.value.code == "SUBJECT_KIND_MISMATCH"


# --- Chiến sĩ thi đua cơ sở, toàn quốc ------------------------------------------------------------------


def test_cstd_co_so_needs_ldtt_and_a_base_initiative_the_quota_is_left_to_the_round() -> None:
    rules = rules_of(CSTD_CS)
    ok = person({2023: {LDTT}}, initiatives=(InitiativeRecord(2023, "co_so", "Một cửa điện tử"),))
    no_initiative = person({2022: set(), 2023: {LDTT}})

    appraisal = evaluate(rules, ok, 2023)

    assert appraisal.eligible
    assert appraisal.quota_rule_ids == ("han-muc-15-phan-tram",)
    assert "han-muc-15-phan-tram" not in [r.rule_id for r in appraisal.results]
    assert result(evaluate(rules, no_initiative, 2023), "sang-kien-co-so").outcome == "failed"


def test_cstd_toan_quoc_needs_two_consecutive_city_titles_three_years_apart() -> None:
    rules = rules_of("chien_si_thi_dua_toan_quoc", date(2025, 3, 1))
    titles = {y: set() for y in range(2019, 2026)} | {2022: {CSTD_TP}, 2025: {CSTD_TP}}
    national = InitiativeRecord(2024, "toan_quoc", "Mô hình chính quyền số cấp xã")

    appraisal = evaluate(rules, person(titles, initiatives=(national,)), 2025)

    assert appraisal.eligible
    assert result(appraisal, "cstd-tp-2-lan-lien-tuc").facts == (
        "Chiến sĩ thi đua Thành phố năm 2022, 2025 ✓",
    )


# --- Công dân Thủ đô ưu tú ----------------------------------------------------------------------------


def test_cong_dan_thu_do_uu_tu_all_rules_pass_for_a_living_clean_first_time_candidate() -> None:
    citizen = person({}, discipline_years=frozenset(), deceased=False, prosecuted=False)

    appraisal = evaluate(rules_of("cong_dan_thu_do_uu_tu"), citizen, 2024)

    assert appraisal.eligible
    assert appraisal.quota_rule_ids == ("toi-da-10-moi-nam",)


def test_cong_dan_thu_do_uu_tu_refuses_second_award_posthumous_and_disciplined() -> None:
    earlier = AwardRecord("cong_dan_thu_do_uu_tu", 2019, "1234/QĐ-UBND", "cap_thanh_pho")
    citizen = person(
        {}, awards=(earlier,), discipline_years=frozenset({2016}), deceased=True, prosecuted=True
    )

    appraisal = evaluate(rules_of("cong_dan_thu_do_uu_tu"), citizen, 2024)

    assert {r.rule_id for r in appraisal.with_outcome("failed")} == {
        "mot-lan-moi-nguoi",
        "khong-truy-tang",
        "khong-bi-ky-luat",
        "khong-bi-truy-cuu",
    }
    assert result(appraisal, "mot-lan-moi-nguoi").facts == (
        "Đã được tặng Công dân Thủ đô ưu tú năm 2019 (QĐ 1234/QĐ-UBND) ✗",
    )
    assert result(appraisal, "khong-bi-ky-luat").facts == ("Bị kỷ luật năm 2016 ✗",)


def test_cong_dan_thu_do_uu_tu_without_personal_records_is_unknown() -> None:
    appraisal = evaluate(rules_of("cong_dan_thu_do_uu_tu"), person({}), 2024)

    assert {r.rule_id for r in appraisal.with_outcome("unknown")} == {
        "khong-truy-tang",
        "khong-bi-ky-luat",
        "khong-bi-truy-cuu",
    }
    assert appraisal.verdict == "incomplete"


# --- Bằng khen Thủ tướng: Bằng khen cấp tỉnh, then 5 years HTXS and 5 initiatives ------------------------

HTXS = "hoan_thanh_xuat_sac_nhiem_vu"
BK_TINH_2018 = AwardRecord("bang_khen_cap_tinh", 2018, "5678/QĐ-UBND", "cap_thanh_pho")
FIVE_INITIATIVES = tuple(InitiativeRecord(y, "co_so", f"Sáng kiến {y}") for y in range(2019, 2024))


def test_bang_khen_thu_tuong_after_provincial_award_and_five_excellent_years() -> None:
    officer = person(
        {y: {HTXS} for y in range(2019, 2024)}, awards=(BK_TINH_2018,), initiatives=FIVE_INITIATIVES
    )

    appraisal = evaluate(rules_of("bang_khen_thu_tuong"), officer, 2023)

    assert appraisal.eligible
    facts = result(appraisal, "bang-khen-tinh-roi-5-nam-htxs").facts
    assert facts[0] == "Bằng khen cấp tỉnh (Chủ tịch UBND Thành phố) năm 2018 (QĐ 5678/QĐ-UBND) ✓"


def test_bang_khen_thu_tuong_too_soon_after_the_provincial_award() -> None:
    recent = AwardRecord("bang_khen_cap_tinh", 2021, "99/QĐ-UBND", "cap_thanh_pho")
    officer = person({y: {HTXS} for y in range(2019, 2024)}, awards=(recent,), initiatives=FIVE_INITIATIVES)

    held = result(evaluate(rules_of("bang_khen_thu_tuong"), officer, 2023), "bang-khen-tinh-roi-5-nam-htxs")

    assert held.outcome == "failed"
    assert "chưa đủ 5 năm" in held.facts[0]


def test_bang_khen_thu_tuong_counts_initiatives() -> None:
    officer = person(
        {y: {HTXS} for y in range(2019, 2024)}, awards=(BK_TINH_2018,), initiatives=FIVE_INITIATIVES[:4]
    )

    initiatives = result(evaluate(rules_of("bang_khen_thu_tuong"), officer, 2023), "5-sang-kien-trong-5-nam")

    assert initiatives.outcome == "failed"
    assert initiatives.facts[-1] == "Chỉ có 4/5 sáng kiến cấp cơ sở trở lên trong 2019–2023 ✗"


# --- Collective awards: Tập thể lao động xuất sắc, Cờ thi đua Thành phố ---------------------------------


def ward(**kw: object) -> SubjectHistory:
    return SubjectHistory("p-kim-giang", "collective", **kw)  # type: ignore[arg-type]


def test_tap_the_lao_dong_xuat_sac_checks_what_the_data_gives_and_leaves_the_rest_unknown() -> None:
    stats = MemberStats(20, {LDTT: 15, CSTD_CS: 2})
    kim_giang = ward(
        titles_by_year={2023: frozenset({"tap_the_lao_dong_tien_tien"})},
        members_by_year={2023: stats},
        facts_by_year={2023: {"no_member_disciplined": True}},
    )

    appraisal = evaluate(rules_of("tap_the_lao_dong_xuat_sac"), kim_giang, 2023)

    assert [r.outcome for r in appraisal.results] == ["passed", "unknown", "passed", "passed", "passed"]
    assert result(appraisal, "ldtt-70-phan-tram").facts == (
        "Năm 2023: 15/20 thành viên đạt Lao động tiên tiến (cần ≥ 70%) ✓",
    )
    assert result(appraisal, "tat-ca-hoan-thanh-nhiem-vu").facts == (
        "Chưa có dữ liệu 'Tất cả thành viên hoàn thành nhiệm vụ' năm 2023 ?",
    )
    assert appraisal.verdict == "incomplete"


def test_tap_the_lao_dong_xuat_sac_below_seventy_percent_fails() -> None:
    kim_giang = ward(titles_by_year={2023: frozenset()}, members_by_year={2023: MemberStats(20, {LDTT: 13})})

    appraisal = evaluate(rules_of("tap_the_lao_dong_xuat_sac"), kim_giang, 2023)

    assert result(appraisal, "ldtt-70-phan-tram").outcome == "failed"
    assert result(appraisal, "co-cstd-co-so").outcome == "failed"
    assert result(appraisal, "ttldtt-nam-de-nghi").outcome == "failed"


@pytest.mark.parametrize(("honoured", "outcome"), [(True, "passed"), (False, "failed"), (None, "unknown")])
def test_co_thi_dua_reads_the_cluster_vote(honoured: bool | None, outcome: str) -> None:
    facts = {} if honoured is None else {2023: {"honoured_by_cluster": honoured}}
    appraisal = evaluate(rules_of("co_thi_dua_thanh_pho"), ward(facts_by_year=facts), 2023)

    assert result(appraisal, "duoc-cum-suy-ton").outcome == outcome


# --- History helpers ----------------------------------------------------------------------------------


def test_consecutive_years_with_stops_at_a_gap_or_an_unknown_year() -> None:
    lan = person({2019: {CSTD_CS}, 2020: set(), 2021: {CSTD_CS}, 2022: {CSTD_CS}, 2023: {CSTD_CS}})

    assert lan.consecutive_years_with(CSTD_CS, 2023) == [2021, 2022, 2023]
    assert lan.consecutive_years_with(CSTD_CS, 2019) == [2019]
    assert lan.consecutive_years_with(CSTD_CS, 2020) == []
    assert lan.consecutive_years_with(CSTD_CS, 2025) == []
    assert lan.holds(CSTD_CS, 2018) is None
