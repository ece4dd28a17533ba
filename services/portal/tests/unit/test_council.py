"""Pure helpers of the council's pages: how a member votes, who is absent, what is left to decide, tallies."""

from __future__ import annotations

import unicodedata

from portal.domain.council import (
    CHOICE_CODES,
    CHOICES,
    DONE_VI,
    RECORDED,
    absent,
    passed_by_award,
    tally_line,
    vote_mode,
)


def test_a_present_member_votes_in_person_and_an_absent_one_in_writing() -> None:
    assert vote_mode(["chu-tich", "uy-vien-1"], "uy-vien-1") == "in_person"
    assert vote_mode(["chu-tich"], "uy-vien-2") == "written"
    assert vote_mode([], "chu-tich") == "written"


def test_the_absent_keep_the_councils_order() -> None:
    members = ["chu-tich", "uy-vien-1", "uy-vien-2", "uy-vien-3"]
    assert absent(members, ["uy-vien-1"]) == ["chu-tich", "uy-vien-2", "uy-vien-3"]
    assert absent(members, members) == []


def test_only_passed_items_are_grouped_by_award_in_agenda_order() -> None:
    agenda = [
        {"nomination_id": "a", "award_code": "giay_khen", "result": {"passed": True}},
        {"nomination_id": "b", "award_code": "bang_khen_thanh_pho", "result": {"passed": True}},
        {"nomination_id": "c", "award_code": "giay_khen", "result": {"passed": False}},
        {"nomination_id": "d", "award_code": "giay_khen", "result": None},
        {"nomination_id": "e", "award_code": "giay_khen", "result": {"passed": True}},
    ]
    grouped = passed_by_award(agenda)
    assert list(grouped) == ["giay_khen", "bang_khen_thanh_pho"]
    assert [i["nomination_id"] for i in grouped["giay_khen"]] == ["a", "e"]


def test_a_tally_reads_as_counts_only() -> None:
    result = {"yes": 2, "no": 0, "abstain": 1, "votes_cast": 3, "written": 1, "members": 3, "present": 2}
    assert tally_line(result) == (
        "Đồng ý 2, không đồng ý 0, không biểu quyết 1; 3 phiếu (1 bằng văn bản) trên 3 thành viên, 2 có mặt."
    )


def test_the_ballots_words_are_vietnamese_nfc() -> None:
    assert sorted(CHOICE_CODES) == ["abstain", "no", "yes"]
    words = [label for _, label in CHOICES] + [RECORDED, *DONE_VI.values()]
    assert all(unicodedata.is_normalized("NFC", w) for w in words)
    assert RECORDED == "Đã ghi nhận phiếu"
