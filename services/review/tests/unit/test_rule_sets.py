"""Unit tests of review.domain.rules / rule_versions and the shipped rules/*.json."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from emutrack_kit.errors import Conflict, Unprocessable
from review.domain.rule_versions import check_versions, revise, rule_set_for
from review.domain.rules import CouncilThreshold, cited_files, parse_rule_set, rule_set_to_dict
from review.rules import load_default_rule_sets

RULE_SETS = load_default_rule_sets()
AWARDS = {
    "lao_dong_tien_tien",
    "chien_si_thi_dua_co_so",
    "chien_si_thi_dua_thanh_pho",
    "chien_si_thi_dua_toan_quoc",
    "tap_the_lao_dong_xuat_sac",
    "co_thi_dua_thanh_pho",
    "bang_khen_thu_tuong",
    "cong_dan_thu_do_uu_tu",
}


def raw_cstd_co_so() -> dict[str, Any]:
    return rule_set_to_dict(rule_set_for("chien_si_thi_dua_co_so", date(2024, 1, 1), RULE_SETS))


# --- the shipped rule sets -------------------------------------------------------------------------


def test_one_rule_set_per_award_of_domain_section_5() -> None:
    assert {rs.award for rs in RULE_SETS} == AWARDS


def test_every_rule_cites_a_legal_basis_and_explains_itself_in_vietnamese() -> None:
    for rs in RULE_SETS:
        assert rs.legal_basis
        assert all(rule.legal_basis and rule.description for rule in rs.rules)
        assert cited_files(rs) == [], f"{rs.label} cites a file, not a legal document"


def test_shipped_bases_and_thresholds_follow_the_domain_table() -> None:
    by_award = {rs.award: rs for rs in RULE_SETS}
    cdtd = by_award["cong_dan_thu_do_uu_tu"]
    assert cdtd.legal_basis == "QĐ 35/2024, QĐ 71/2025 của UBND TP"
    assert cdtd.public_comment_working_days == 7
    assert cdtd.council_threshold == CouncilThreshold(0.9, "all_members")
    assert by_award["chien_si_thi_dua_thanh_pho"].council_threshold == CouncilThreshold(0.9, "all_members")
    assert by_award["chien_si_thi_dua_toan_quoc"].effective_from == date(2024, 1, 1)
    assert {a for a, rs in by_award.items() if rs.old_rule_only} == {
        "chien_si_thi_dua_co_so",
        "chien_si_thi_dua_thanh_pho",
        "bang_khen_thu_tuong",
    }
    assert all("2017-01-01" in rs.notes for rs in RULE_SETS if rs.effective_from == date(2017, 1, 1))


def test_round_trip_through_the_json_shape() -> None:
    for rs in RULE_SETS:
        assert parse_rule_set(rule_set_to_dict(rs)) == rs


# --- validation: a malformed rule set is refused naming the rule ------------------------------------------


@pytest.mark.parametrize(
    ("mutate", "field", "words"),
    [
        (lambda r: r["rules"][1].update(kind="sang_kien"), "rules[1].kind", "loại 'sang_kien'"),
        (lambda r: r["rules"][1]["params"].pop("min_level"), "rules[1].params.min_level", "thiếu tham số"),
        (lambda r: r["rules"][1]["params"].update(min_level="cap_xa"), "rules[1].params.min_level", "cap_xa"),
        (lambda r: r["rules"][2]["params"].update(max_share=15), "rules[2].params.max_share", "tỉ lệ"),
        (lambda r: r["rules"][0]["params"].update(nam=2023), "rules[0].params", "tham số lạ"),
        (lambda r: r["rules"][0].update(legal_basis=""), "rules[0].legal_basis", "legal_basis"),
        (lambda r: r["rules"][2].update(id="ldtt-nam-de-nghi"), "rules[2].id", "bị trùng"),
    ],
)
def test_malformed_rule_is_refused_naming_the_rule(mutate: Any, field: str, words: str) -> None:
    raw = raw_cstd_co_so()
    mutate(raw)
    bad_id = raw["rules"][int(field[6])]["id"]

    with pytest.raises(Unprocessable) as e:
        parse_rule_set(raw)

    assert e.value.code == "INVALID_RULE"
    assert e.value.field == field
    assert e.value.details == {"rule_id": bad_id}
    assert f"quy tắc '{bad_id}'" in e.value.message
    assert words in e.value.message


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("version", 0),
        ("effective_from", "01/01/2024"),
        ("effective_to", "2016-12-31"),
        ("council_threshold", {"share": 0.9, "of": "half"}),
        ("rules", []),
        ("subject_kind", "ward"),
    ],
)
def test_malformed_rule_set_fields_are_refused(key: str, value: object) -> None:
    raw = raw_cstd_co_so() | {key: value}

    with pytest.raises(Unprocessable) as e:
        parse_rule_set(raw)

    assert e.value.code == "INVALID_RULE_SET"
    assert e.value.field == key


def test_members_with_title_needs_a_share_or_a_count() -> None:
    raw = rule_set_to_dict(rule_set_for("tap_the_lao_dong_xuat_sac", date(2024, 1, 1), RULE_SETS))
    raw["rules"][2]["params"] = {"title": "lao_dong_tien_tien"}

    with pytest.raises(Unprocessable, match="ldtt-70-phan-tram"):
        parse_rule_set(raw)


# --- versions ----------------------------------------------------------------------------------------


def test_version_selection_by_date() -> None:
    old = parse_rule_set(raw_cstd_co_so() | {"effective_to": "2023-12-31"})
    new = parse_rule_set(raw_cstd_co_so() | {"version": 2, "effective_from": "2024-01-01"})

    assert rule_set_for("chien_si_thi_dua_co_so", date(2023, 12, 31), [new, old]) is old
    assert rule_set_for("chien_si_thi_dua_co_so", date(2024, 1, 1), [new, old]) is new
    with pytest.raises(Unprocessable) as e:
        rule_set_for("chien_si_thi_dua_co_so", date(2016, 12, 31), [new, old])
    assert e.value.code == "NO_RULES_FOR_AWARD"


def test_no_rules_for_an_award_before_its_law() -> None:
    with pytest.raises(Unprocessable) as e:
        rule_set_for("chien_si_thi_dua_toan_quoc", date(2023, 6, 1), RULE_SETS)

    assert e.value.code == "NO_RULES_FOR_AWARD"
    assert "Chiến sĩ thi đua toàn quốc" in e.value.message


def test_revise_closes_the_previous_version_the_day_before() -> None:
    current = rule_set_for("chien_si_thi_dua_co_so", date(2025, 1, 1), RULE_SETS)
    changes = {"rule_params": {"han-muc-15-phan-tram": {"max_share": 0.2}}}
    before = copy.deepcopy(changes)

    closed, new = revise(current, changes, date(2025, 7, 1))

    assert closed.effective_to == date(2025, 6, 30)
    assert closed.rules == current.rules
    assert (new.version, new.effective_from, new.effective_to) == (
        current.version + 1,
        date(2025, 7, 1),
        None,
    )
    assert new.rules[2].params["max_share"] == 0.2
    assert changes == before
    assert rule_set_for("chien_si_thi_dua_co_so", date(2025, 6, 30), [closed, new]) is closed
    assert rule_set_for("chien_si_thi_dua_co_so", date(2025, 7, 1), [closed, new]) is new
    check_versions([closed, new])


def test_revise_validates_the_new_version_and_refuses_an_earlier_date() -> None:
    current = rule_set_for("chien_si_thi_dua_co_so", date(2025, 1, 1), RULE_SETS)

    with pytest.raises(Unprocessable) as bad:
        revise(current, {"rule_params": {"sang-kien-co-so": {"within_years": 0}}}, date(2025, 7, 1))
    with pytest.raises(Unprocessable) as unknown:
        revise(current, {"rule_params": {"khong-co": {"x": 1}}}, date(2025, 7, 1))
    with pytest.raises(Conflict) as early:
        revise(current, {"notes": "sửa"}, current.effective_from)

    assert (bad.value.code, bad.value.details) == ("INVALID_RULE", {"rule_id": "sang-kien-co-so"})
    assert unknown.value.code == "UNKNOWN_RULE"
    assert early.value.code == "REVISION_TOO_EARLY"


def test_a_citation_names_the_version_and_survives_its_closing() -> None:
    current = rule_set_for("tap_the_lao_dong_xuat_sac", date(2025, 1, 1), RULE_SETS)
    closed, _ = revise(current, {"notes": "sửa"}, date(2025, 7, 1))

    cited = current.cite(current.rules[0].legal_basis)

    assert cited.startswith(
        "Bộ quy tắc 'Tập thể lao động xuất sắc' phiên bản 1 (hiệu lực từ 01/01/2017); "
        "căn cứ: Luật Thi đua, khen thưởng 06/2022/QH15, Điều 27"
    )
    assert closed.cite(closed.rules[0].legal_basis) == cited  # old appraisals still recompute


@pytest.mark.parametrize("where", ["legal_basis", "rules"])
def test_a_revision_citing_a_file_is_refused(where: str) -> None:
    current = rule_set_for("tap_the_lao_dong_xuat_sac", date(2025, 1, 1), RULE_SETS)
    raw = rule_set_to_dict(current)
    changes: dict[str, Any] = {"legal_basis": "docs/domain.md §5"}
    if where == "rules":
        changes = {"rules": [{**raw["rules"][0], "legal_basis": "xem rules/ttldxs.json"}, *raw["rules"][1:]]}

    with pytest.raises(Unprocessable) as refused:
        revise(current, changes, date(2025, 7, 1))

    assert refused.value.code == "INVALID_LEGAL_BASIS"
    assert refused.value.field == ("legal_basis" if where == "legal_basis" else "rules[0].legal_basis")


def test_overlapping_versions_are_refused() -> None:
    current = rule_set_for("chien_si_thi_dua_co_so", date(2025, 1, 1), RULE_SETS)
    _, new = revise(current, {"notes": "sửa"}, date(2025, 7, 1))

    with pytest.raises(Conflict) as e:
        check_versions([current, new])

    assert e.value.code == "OVERLAPPING_RULE_SETS"
