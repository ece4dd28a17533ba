"""How a dossier reads: times in Hà Nội, sizes, its steps told with names, what it still lacks."""

from __future__ import annotations

from datetime import UTC, datetime

from portal.domain.dossiers import (
    AWARDS,
    at_vi,
    deadline_for,
    form_errors,
    missing_kinds,
    reasons_of,
    size_vi,
    timeline,
)

ME = ("ha-dinh.officer", "Đỗ Thị Hồng Nhung")
LEVELS = {"q-thanh-xuan": "Quận Thanh Xuân"}


def _entry(status: str, at: str, by: str, **more: str) -> dict[str, str]:
    return {"status": status, "at": at, "by": by, **more}


def test_moments_read_as_day_then_hour_in_ha_noi_time() -> None:
    assert at_vi("2026-12-07T17:05:00+00:00") == "08/12/2026 00:05"
    assert at_vi(datetime(2020, 1, 31, 16, 59, tzinfo=UTC)) == "31/01/2020 23:59"
    assert at_vi(None) == at_vi("") == ""


def test_sizes_read_with_a_decimal_comma() -> None:
    assert [size_vi(n) for n in (512, 3482, 1_258_291)] == ["512 byte", "3,4 KB", "1,2 MB"]


def test_the_timeline_names_who_acted_and_tells_a_resubmission_apart() -> None:
    history = [
        _entry("draft", "2026-12-07T02:00:00+00:00", ME[0]),
        _entry("submitted", "2026-12-07T02:10:00+00:00", "ha-dinh.colleague"),
        _entry("received", "2026-12-07T02:10:01+00:00", "system:review", level_unit_id="q-thanh-xuan"),
        _entry(
            "returned",
            "2026-12-08T01:00:00+00:00",
            "q.office",
            level_unit_id="q-thanh-xuan",
            reason="Thiếu chữ ký; Thiếu số liệu",
        ),
        _entry("submitted", "2026-12-08T03:00:00+00:00", ME[0]),
        _entry("appraised", "2026-12-09T03:00:00+00:00", "q.office", level_unit_id="q-tay-ho"),
    ]
    steps = timeline(history, ME, "Phường Hạ Đình", LEVELS)
    assert [s.label for s in steps] == [
        "Tạo hồ sơ (bản nháp)", "Gửi hồ sơ", "Tiếp nhận hồ sơ", "Trả lại để bổ sung",
        "Gửi lại sau khi bổ sung", "Đã thẩm định",
    ]  # fmt: skip
    assert [s.who for s in steps] == [
        "Đỗ Thị Hồng Nhung, Phường Hạ Đình", "Cán bộ Phường Hạ Đình", "Quận Thanh Xuân (tự động)",
        "Thường trực Hội đồng TĐKT Quận Thanh Xuân", "Đỗ Thị Hồng Nhung, Phường Hạ Đình",
        "Thường trực Hội đồng TĐKT cấp trên",
    ]  # fmt: skip
    assert steps[0].at == "07/12/2026 09:00"
    assert steps[3].reasons == ("Thiếu chữ ký", "Thiếu số liệu")
    assert all("." not in s.who.split(",")[0] for s in steps), "no account ids, only names"


def test_a_reason_list_is_split_and_blank_reasons_dropped() -> None:
    assert reasons_of("Một; Hai;  ") == ("Một", "Hai")
    assert reasons_of(None) == ()


def test_a_unit_s_own_later_deadline_counts() -> None:
    round_ = {
        "deadline": "2026-12-31T23:59:59+07:00",
        "extensions": [
            {"unit_id": "p-ha-dinh", "deadline": "2027-01-10T23:59:59+07:00"},
            {"unit_id": "p-kim-giang", "deadline": "2027-02-01T23:59:59+07:00"},
        ],
    }
    assert deadline_for(round_, "p-ha-dinh").isoformat() == "2027-01-10T23:59:59+07:00"
    assert deadline_for(round_, "p-nhan-chinh").isoformat() == "2026-12-31T23:59:59+07:00"


def test_the_required_documents_missing_are_named() -> None:
    assert missing_kinds([]) == ["Báo cáo thành tích", "Biên bản họp Hội đồng TĐKT"]
    assert missing_kinds([{"kind": "council_minutes"}, {"kind": "other"}]) == ["Báo cáo thành tích"]
    assert missing_kinds([{"kind": "achievement_report"}, {"kind": "council_minutes"}]) == []


def test_service_fields_are_named_as_on_the_form() -> None:
    fields = {"subject.full_name": "Cần họ và tên.", "award_code": "Không xét cho tập thể."}
    assert form_errors(fields) == {"full_name": "Cần họ và tên.", "award_code": "Không xét cho tập thể."}


def test_award_names_are_vietnamese_in_nfc() -> None:
    import unicodedata

    assert all(unicodedata.is_normalized("NFC", name) for _, name, _ in AWARDS)
    assert len({code for code, _, _ in AWARDS}) == len(AWARDS)
