"""Example payloads of every kind of news notify tells, as they travel (for checking templates)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from emutrack_contracts import samples
from emutrack_contracts.registry import EVENT_TYPES, payload_model
from notify.domain.naming import Names, named
from notify.domain.outgoing import Payload

AT = datetime(2020, 12, 28, 3, 0, tzinfo=UTC)
ROUND = "kt-nam-2020-q-thanh-xuan"  # the round of samples.nomination_submitted
# What notify would have learnt by the time these events arrive (unit.*, round.opened, nomination.submitted).
EXAMPLE_NAMES = Names(
    units={
        "ha-noi": "Thành phố Hà Nội",
        "q-thanh-xuan": "Quận Thanh Xuân",
        "p-kim-giang": "Phường Kim Giang",
        "p-ha-dinh": "Phường Hạ Đình",
    },
    rounds={"r": "Đăng ký thi đua năm 2020", ROUND: "Khen thưởng tổng kết năm 2020"},
    dossiers={
        "hs-1": {"subject_name": "Phường Kim Giang", "award_name": "Bằng khen của Chủ tịch UBND Thành phố"}
    },
)
_PAYLOADS: dict[str, Payload] = {
    "nomination.status_changed": {
        "nomination_id": "hs-1@q-thanh-xuan", "dossier_id": "hs-1", "round_id": ROUND, "year": 2020,
        "proposing_unit_id": "p-kim-giang", "level_unit_id": "q-thanh-xuan", "status": "returned",
        "reasons": ["Thiếu biên bản họp Hội đồng"], "changed_at": AT,
    },
    "public_comment.opened": {
        "nomination_id": "hs-2@ha-noi", "dossier_id": "hs-2", "year": 2020,
        "proposing_unit_id": "q-thanh-xuan", "level_unit_id": "ha-noi", "subject_name": "Nguyễn Văn Tâm",
        "award_code": "cong_dan_thu_do_uu_tu",
        "award_name": "Công dân Thủ đô ưu tú", "published_on": date(2020, 12, 29),
        "channel": "Cổng thông tin điện tử Thành phố", "working_days": 7, "ends_on": date(2021, 1, 8),
    },
    "initiative.decided": {
        "submission_id": "sk-1", "round_id": "sk-2020", "year": 2020, "unit_id": "p-kim-giang",
        "unit_name": "Phường Kim Giang", "level_unit_id": "q-thanh-xuan", "level_name": "Quận Thanh Xuân",
        "title": "Số hoá hồ sơ hộ tịch bằng mã QR", "authors": ["Nguyễn Thị Thịnh", "Lê Văn Hùng"],
        "claimed_scope": "cap_huyen", "recognised": True, "scope": "cap_huyen", "mean_score": 81.5,
        "decision_number": "12/QĐ-UBND", "signed_on": date(2020, 6, 1), "reasons": [],
    },
    "decision.issued": {
        "decision_id": "q|1", "number": "2150/QĐ-UBND", "signed_on": date(2020, 12, 30), "signer_id": "m1",
        "level_unit_id": "q-thanh-xuan", "award_code": "x", "award_name": "Tập thể lao động xuất sắc",
        "awardees": [
            {"nomination_id": "a", "subject_kind": "collective", "subject_id": "p-kim-giang",
             "subject_name": "Phường Kim Giang", "proposing_unit_id": "p-kim-giang"},
            {"nomination_id": "b", "subject_kind": "collective", "subject_id": "p-ha-dinh",
             "subject_name": "Phường Hạ Đình", "proposing_unit_id": "p-ha-dinh"},
        ],
        "ballot_ids": ["b1"], "content_hash": "0" * 64,
    },
    "round.extension_granted": {
        "round_id": "r", "round_name": "Đăng ký thi đua năm 2020", "receiving_unit_id": "q-thanh-xuan",
        "unit_id": "p-ha-dinh", "unit_name": "Phường Hạ Đình",
        "deadline": datetime(2020, 2, 12, 16, 59, 59, tzinfo=UTC),
        "reason": "Phường đang kiện toàn cán bộ làm công tác thi đua, khen thưởng", "granted_at": AT,
    },
    "council_session.scheduled": {
        "session_id": "ss-1", "level_unit_id": "q-thanh-xuan", "name": "Phiên họp xét khen thưởng năm 2020",
        "held_on": date(2020, 12, 28), "member_ids": ["m1", "m2"], "chair_id": "m1",
    },
    "council_session.closed": {
        "session_id": "ss-1", "level_unit_id": "q-thanh-xuan", "name": "Phiên họp xét khen thưởng năm 2020",
        "closed_at": AT,
        "results": [{"nomination_id": "a", "question": "Tập thể lao động xuất sắc: Phường Kim Giang",
                     "members": 9, "votes_cast": 9, "yes": 9, "no": 0, "abstain": 0, "passed": True,
                     "content_hash": "0" * 64}],
    },
    "cluster_ranking.published": {
        "cluster_id": "cum-1", "cluster_name": "Cụm thi đua số 2", "year": 2020,
        "level_unit_id": "q-thanh-xuan",
        "member_ids": ["p-kim-giang", "p-ha-dinh"], "suspicious_pairs": 0, "method": "cross-mean@1",
        "content_hash": "0" * 64, "published_at": AT,
        "ranking": [{"unit_id": "p-ha-dinh", "rank": 1, "final_score": 98.0, "cross_mean": 98.0},
                    {"unit_id": "p-kim-giang", "rank": 2, "final_score": 80.0, "cross_mean": 80.0}],
    },
}  # fmt: skip


def _reminder() -> Payload:
    return {
        "round_name": "Đăng ký thi đua năm 2020",
        "round_kind": "registration",
        "deadline": "2020-02-05T16:59:59+00:00",
        "offset": 3,
        "unit_name": "Phường Kim Giang",
    }


def _late_report() -> Payload:
    reminder = _reminder()
    return {
        "round_name": reminder["round_name"],
        "round_kind": "nomination",
        "deadline": reminder["deadline"],
        "late": ["Phường Hạ Đình"],
    }


def _digest() -> Payload:
    return {
        "day": "2020-12-28",
        "items": [
            {
                "subject": "Hồ sơ đề nghị “Giấy khen” cho Phường Kim Giang: đã tiếp nhận",
                "body": "Hồ sơ đã được Quận Thanh Xuân tiếp nhận.",
            }
        ],
    }


_FROM_SAMPLES = {
    "registration.submitted": lambda: samples.registration_submitted("Tập thể lao động tiên tiến"),
    "registration.status_changed": lambda: samples.registration_changed(
        "submitted", "approved", "Tập thể lao động tiên tiến"
    ),
    "individual_registrations.submitted": lambda: samples.people_listed(1, ["chien_si_thi_dua_co_so"]),
    "nomination.submitted": lambda: samples.nomination_submitted(),
}


def example_payload(event_type: str) -> Payload:
    """A realistic payload of the news, JSON-shaped as it travels; KeyError if there is none."""
    if event_type == "reminder":
        return _reminder()
    if event_type == "late_report":
        return _late_report()
    if event_type == "digest":
        return _digest()
    if event_type in _FROM_SAMPLES:
        return dict(_FROM_SAMPLES[event_type]().payload)
    if event_type in _PAYLOADS and event_type in EVENT_TYPES:
        return payload_model(event_type).model_validate(_PAYLOADS[event_type]).model_dump(mode="json")
    raise KeyError(event_type)


def named_example(event_type: str) -> Payload:
    """The example payload as templates see it: with the names of what it names by id."""
    return dict(named(example_payload(event_type), EXAMPLE_NAMES))
