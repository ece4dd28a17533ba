"""Authorization as a matrix: every role, bound at five places of the tree, against every endpoint.

The four services' HTTP apps run in-process (httpx.ASGITransport) on the real MongoDB-protocol
server. The target is always Phường Kim Giang (ha-noi > q-thanh-xuan > p-kim-giang); a caller
holds one role at one of the units below. Expected outcomes are written out literally in the
tables: they are the specification, deliberately NOT derived from the production code.

The read-only matrices share one seeded world per module (one Kim Giang registration, also fed
to review, notify and reporting as the registration.submitted event the outbox relay would
publish; Kim Giang's and Khương Đình's lists of people; a Kim Giang draft dossier with its report).
The writing matrices (submit a registration or a list of people; approve, withdraw, amend a
submitted Kim Giang registration; accept it late; draft, attach to, submit a dossier) check that a
refusal changed nothing stored and an acceptance did. Refused cases change nothing, so they share
one seeded world per kind of starting state and check that state after each call; allowed cases
get a freshly seeded namespace of their own (`seeded_registry`), or, for dossiers, a dossier of
their own inside the shared world.
"""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import docx
import httpx
import openpyxl
import pytest
from openpyxl import load_workbook
from pymongo import AsyncMongoClient

import notify.bootstrap
import notify.entrypoints.http
import registration.bootstrap
import registration.entrypoints.http
import registration.usecases.seeding
import reporting.bootstrap
import reporting.entrypoints.http
import review.bootstrap
import review.entrypoints.http
from emutrack_contracts import Envelope
from emutrack_kit.auth import mint_token
from emutrack_kit.consumer import Position
from emutrack_kit.settings import DEV_JWT_SECRET
from emutrack_kit_testing.helpers import bearer, isolated_settings
from emutrack_kit_testing.office import office_tools, pdf_pages
from notify.config import Settings as NotifySettings
from registration.config import Settings as RegistrationSettings
from registration.domain.rounds import Round, end_of_day
from registration.entrypoints.seed import seed
from reporting.config import Settings as ReportingSettings
from review.config import Settings as ReviewSettings

from .matrix import cases, check_tables

# ---------------------------------------------------------------------------------------------
# The specification
# ---------------------------------------------------------------------------------------------

TARGET = "p-kim-giang"
ROUND = "dk-2020-q-thanh-xuan"
SUBMIT_URL = f"/rounds/{ROUND}/registrations"
IN_ROUND = datetime(2020, 1, 30, 3, 0, tzinfo=UTC)  # the round runs 22/01/2020 - 05/02/2020
# The deadline is 05/02/2020 23:59:59 Hà Nội = 2020-02-05T16:59:59Z; this is 06/02 09:00 Hà Nội.
AFTER_DEADLINE = datetime(2020, 2, 6, 2, 0, tzinfo=UTC)
LATE_URL = f"/rounds/{ROUND}/late-registrations"
LATE_REASON = "Phường gửi công văn giải trình ngày 06/02/2020"
WITHDRAW_REASON = "Đăng ký nhầm danh hiệu"
AMENDED_TITLE = "tap_the_lao_dong_xuat_sac"
PEOPLE_URL = f"/rounds/{ROUND}/units/{TARGET}/individual-registrations"
KIM_GIANG_PERSON = {"full_name": "Nguyễn Thị Thịnh", "title": "Lao động tiên tiến"}
KHUONG_DINH_PERSON = {"full_name": "Trần Văn Thịnh", "title": "Lao động tiên tiến"}  # a control
NEW_PEOPLE = [{"full_name": "Lê Thị Hồng Nhung", "title": "Chiến sĩ thi đua cơ sở"}]
NOMINATION_ROUND = "kt-2020-q-thanh-xuan"  # opened by the tests, receiving Thanh Xuân, open till 2099
DOSSIER = {
    "round_id": NOMINATION_ROUND,
    "unit_id": TARGET,
    "subject": {"kind": "collective"},
    "award_code": "bang_khen_thanh_pho",
    "dossier_kind": "annual_merit",
    "summary": "Hoàn thành xuất sắc nhiệm vụ năm 2020, dẫn đầu Cụm thi đua số 2.",
}
PDF = b"%PDF-1.7\n" + "Báo cáo thành tích của Phường Kim Giang".encode() + b"\n%%EOF"

# The level's planning: Thanh Xuân's movements, rounds, deadlines and task calendar.
SEEDED_MOVEMENT = "mv-2020-q-thanh-xuan-hoan-thanh-xuat-sac"
CALENDAR = "q-thanh-xuan-2020"
MOVEMENT = {
    "launching_unit_id": "q-thanh-xuan",
    "name": "Thi đua chuyên đề chuyển đổi số năm 2020",
    "kind": "thematic",
    "theme": "Đẩy mạnh chuyển đổi số trong cải cách hành chính",
    "criteria": ["Tỷ lệ hồ sơ trực tuyến mức độ 4"],
    "starts_on": "2020-02-01",
    "ends_on": "2020-11-30",
}
PLANNED_ROUND = {
    "receiving_unit_id": "q-thanh-xuan",
    "name": "Xét công nhận sáng kiến cấp Quận đợt 3/2020",
    "kind": "initiative",
    "year": 2020,
    "opened_on": "2020-06-01",
    "deadline": "2020-09-30",
}

# Kim Giang's forms, initiatives and exemplars (rounds seeded from the 2020 calendar).
MODELS_URL = f"/rounds/{ROUND}/units/{TARGET}/forms/emulation-models"
MODEL_ROW = {
    "model_name": "Phường sáng - xanh - sạch - đẹp",
    "model_goal": "100% tổ dân phố ra quân hằng tháng",
}
INITIATIVES_URL = "/rounds/sk-2020-2-q-thanh-xuan/initiatives"
EXEMPLARS_URL = "/rounds/dh-2020-q-thanh-xuan/exemplars"
IN_MAY = datetime(2020, 5, 4, 3, 0, tzinfo=UTC)  # the initiative and exemplar rounds are open
INITIATIVE = {
    "unit_id": TARGET,
    "title": "Số hóa sổ hộ tịch bằng mã QR",
    "field": "Cải cách hành chính",
    "authors": [{"full_name": "Nguyễn Thị Thịnh"}],
    "recognition_level": "cap_huyen",
    "applied_since": "2020-01-02",
    "summary": "Gắn mã QR cho từng sổ hộ tịch.",
    "benefits": "Tra cứu nhanh hơn.",
}
EXEMPLAR = {
    "unit_id": TARGET,
    "category": "nguoi_tot_viec_tot",
    "subject_kind": "individual",
    "subject_name": "Trần Văn Bình",
    "field": "Nhân đạo, từ thiện",
    "achievement": "Trả lại ví cho người đánh rơi.",
}

SEEN, HIDDEN = "seen", "hidden"

# POST /rounds/dk-2020-q-thanh-xuan/registrations {"unit_id": "p-kim-giang", ...}
SUBMIT_FOR_KIM_GIANG: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (201,      403,        403,    403,         403),
    "unit_head":       (403,      403,        403,    403,         403),
    "standing_office": (403,      403,        403,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (201,      201,        201,    403,         403),
}  # fmt: skip

# GET /registrations/{id of the Kim Giang registration}
READ_KIM_GIANG_REGISTRATION: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (200,      403,        403,    403,         403),
    "unit_head":       (200,      403,        403,    403,         403),
    "standing_office": (200,      200,        200,    403,         403),
    "council_member":  (200,      200,        200,    403,         403),
    "council_chair":   (200,      200,        200,    403,         403),
    "cluster_head":    (200,      403,        403,    403,         403),
    "viewer":          (200,      200,        200,    403,         403),
    "admin":           (200,      200,        200,    403,         403),
}  # fmt: skip

# GET /units/p-kim-giang/counts?period=2020 (reporting): same rule as reading the registration.
READ_KIM_GIANG_COUNTS: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (200,      403,        403,    403,         403),
    "unit_head":       (200,      403,        403,    403,         403),
    "standing_office": (200,      200,        200,    403,         403),
    "council_member":  (200,      200,        200,    403,         403),
    "council_chair":   (200,      200,        200,    403,         403),
    "cluster_head":    (200,      403,        403,    403,         403),
    "viewer":          (200,      200,        200,    403,         403),
    "admin":           (200,      200,        200,    403,         403),
}  # fmt: skip

# GET /units/q-thanh-xuan/children/counts?period=2020 (reporting): drilling into Kim Giang's district
# needs a binding that reaches the district itself (any role held at it, or a subtree role above).
DRILL_INTO_THANH_XUAN: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (403,      200,        403,    403,         403),
    "unit_head":       (403,      200,        403,    403,         403),
    "standing_office": (403,      200,        200,    403,         403),
    "council_member":  (403,      200,        200,    403,         403),
    "council_chair":   (403,      200,        200,    403,         403),
    "cluster_head":    (403,      200,        403,    403,         403),
    "viewer":          (403,      200,        200,    403,         403),
    "admin":           (403,      200,        200,    403,         403),
}  # fmt: skip

# GET /rounds/dk-2020-q-thanh-xuan/coverage (reporting): the round's receiving unit is the district,
# so who may see it is who may drill into the district.
COVERAGE_OF_THANH_XUAN_ROUND = DRILL_INTO_THANH_XUAN

# GET /units/p-kim-giang/awards.xlsx?period=2020 (reporting): whoever reads Kim Giang's numbers.
LIST_KIM_GIANG_AWARDEES = READ_KIM_GIANG_COUNTS

# GET /units/p-kim-giang/series?period=2020 (reporting): Kim Giang's months, for whoever reads its numbers.
READ_KIM_GIANG_SERIES = READ_KIM_GIANG_COUNTS

# GET /units/q-thanh-xuan/targets?period=2020 and /rankings (reporting): the district's targets and its
# clusters' rankings, for whoever may drill into the district.
THANH_XUAN_TARGETS = DRILL_INTO_THANH_XUAN
THANH_XUAN_RANKINGS = DRILL_INTO_THANH_XUAN

# GET /units/p-kim-giang/reports/annual.docx?period=2020 (reporting): whoever reads Kim Giang's numbers.
KIM_GIANG_ANNUAL_REPORT: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (200,      403,        403,    403,         403),
    "unit_head":       (200,      403,        403,    403,         403),
    "standing_office": (200,      200,        200,    403,         403),
    "council_member":  (200,      200,        200,    403,         403),
    "council_chair":   (200,      200,        200,    403,         403),
    "cluster_head":    (200,      403,        403,    403,         403),
    "viewer":          (200,      200,        200,    403,         403),
    "admin":           (200,      200,        200,    403,         403),
}  # fmt: skip

# GET /units/q-thanh-xuan/reports/five-year.docx?from=2020 (reporting): the district's report, with its
# children's figures, for whoever may drill into the district.
THANH_XUAN_FIVE_YEAR_REPORT: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (403,      200,        403,    403,         403),
    "unit_head":       (403,      200,        403,    403,         403),
    "standing_office": (403,      200,        200,    403,         403),
    "council_member":  (403,      200,        200,    403,         403),
    "council_chair":   (403,      200,        200,    403,         403),
    "cluster_head":    (403,      200,        403,    403,         403),
    "viewer":          (403,      200,        200,    403,         403),
    "admin":           (403,      200,        200,    403,         403),
}  # fmt: skip

# GET /units/p-kim-giang/charts/registrations-by-title.png?period=2020 (reporting): as Kim Giang's numbers.
KIM_GIANG_REGISTRATIONS_CHART: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (200,      403,        403,    403,         403),
    "unit_head":       (200,      403,        403,    403,         403),
    "standing_office": (200,      200,        200,    403,         403),
    "council_member":  (200,      200,        200,    403,         403),
    "council_chair":   (200,      200,        200,    403,         403),
    "cluster_head":    (200,      403,        403,    403,         403),
    "viewer":          (200,      200,        200,    403,         403),
    "admin":           (200,      200,        200,    403,         403),
}  # fmt: skip

# GET /units/q-thanh-xuan/charts/awards-by-level.svg?from=2020&to=2021 (reporting): as the district's numbers.
THANH_XUAN_AWARDS_CHART: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (403,      200,        403,    403,         403),
    "unit_head":       (403,      200,        403,    403,         403),
    "standing_office": (403,      200,        200,    403,         403),
    "council_member":  (403,      200,        200,    403,         403),
    "council_chair":   (403,      200,        200,    403,         403),
    "cluster_head":    (403,      200,        403,    403,         403),
    "viewer":          (403,      200,        200,    403,         403),
    "admin":           (403,      200,        200,    403,         403),
}  # fmt: skip

# GET /rounds/dk-2020-q-thanh-xuan/charts/coverage.svg (reporting): as the round's coverage (the district).
THANH_XUAN_COVERAGE_CHART: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (403,      200,        403,    403,         403),
    "unit_head":       (403,      200,        403,    403,         403),
    "standing_office": (403,      200,        200,    403,         403),
    "council_member":  (403,      200,        200,    403,         403),
    "council_chair":   (403,      200,        200,    403,         403),
    "cluster_head":    (403,      200,        403,    403,         403),
    "viewer":          (403,      200,        200,    403,         403),
    "admin":           (403,      200,        200,    403,         403),
}  # fmt: skip

# GET /evaluation-register?year=2020 (review): always 200; is the Kim Giang entry in the list?
EVALUATION_REGISTER_SHOWS_KIM_GIANG: dict[str, tuple[str, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (SEEN,     HIDDEN,     HIDDEN, HIDDEN,      HIDDEN),
    "unit_head":       (SEEN,     HIDDEN,     HIDDEN, HIDDEN,      HIDDEN),
    "standing_office": (SEEN,     SEEN,       SEEN,   HIDDEN,      HIDDEN),
    "council_member":  (SEEN,     SEEN,       SEEN,   HIDDEN,      HIDDEN),
    "council_chair":   (SEEN,     SEEN,       SEEN,   HIDDEN,      HIDDEN),
    "cluster_head":    (SEEN,     HIDDEN,     HIDDEN, HIDDEN,      HIDDEN),
    "viewer":          (SEEN,     SEEN,       SEEN,   HIDDEN,      HIDDEN),
    "admin":           (SEEN,     SEEN,       SEEN,   HIDDEN,      HIDDEN),
}  # fmt: skip

# GET /inbox (notify): always 200; is the message to standing_office@q-thanh-xuan in it?
INBOX_SHOWS_STANDING_OFFICE_MESSAGE: dict[str, tuple[str, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (HIDDEN,   HIDDEN,     HIDDEN, HIDDEN,      HIDDEN),
    "unit_head":       (HIDDEN,   HIDDEN,     HIDDEN, HIDDEN,      HIDDEN),
    "standing_office": (HIDDEN,   SEEN,       HIDDEN, HIDDEN,      HIDDEN),
    "council_member":  (HIDDEN,   HIDDEN,     HIDDEN, HIDDEN,      HIDDEN),
    "council_chair":   (HIDDEN,   HIDDEN,     HIDDEN, HIDDEN,      HIDDEN),
    "cluster_head":    (HIDDEN,   HIDDEN,     HIDDEN, HIDDEN,      HIDDEN),
    "viewer":          (HIDDEN,   HIDDEN,     HIDDEN, HIDDEN,      HIDDEN),
    "admin":           (HIDDEN,   HIDDEN,     HIDDEN, HIDDEN,      HIDDEN),
}  # fmt: skip

# GET /rounds (registration): rounds are public announcements to any authenticated caller.
LIST_ROUNDS: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (200,      200,        200,    200,         200),
    "unit_head":       (200,      200,        200,    200,         200),
    "standing_office": (200,      200,        200,    200,         200),
    "council_member":  (200,      200,        200,    200,         200),
    "council_chair":   (200,      200,        200,    200,         200),
    "cluster_head":    (200,      200,        200,    200,         200),
    "viewer":          (200,      200,        200,    200,         200),
    "admin":           (200,      200,        200,    200,         200),
}  # fmt: skip

# GET /units/p-kim-giang (registration): the tree is known to any authenticated caller.
READ_UNIT: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (200,      200,        200,    200,         200),
    "unit_head":       (200,      200,        200,    200,         200),
    "standing_office": (200,      200,        200,    200,         200),
    "council_member":  (200,      200,        200,    200,         200),
    "council_chair":   (200,      200,        200,    200,         200),
    "cluster_head":    (200,      200,        200,    200,         200),
    "viewer":          (200,      200,        200,    200,         200),
    "admin":           (200,      200,        200,    200,         200),
}  # fmt: skip

# POST /registrations/{id of a submitted Kim Giang registration}/approve
APPROVE_KIM_GIANG: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (403,      403,        403,    403,         403),
    "unit_head":       (200,      403,        403,    403,         403),
    "standing_office": (403,      403,        403,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (200,      200,        200,    403,         403),
}  # fmt: skip

# POST /registrations/{id of a submitted Kim Giang registration}/withdraw {"reason": ...}
WITHDRAW_KIM_GIANG: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (200,      403,        403,    403,         403),
    "unit_head":       (200,      403,        403,    403,         403),
    "standing_office": (403,      403,        403,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (200,      200,        200,    403,         403),
}  # fmt: skip

# PATCH /registrations/{id of a submitted Kim Giang registration} {"title_code": AMENDED_TITLE}
AMEND_KIM_GIANG: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (200,      403,        403,    403,         403),
    "unit_head":       (403,      403,        403,    403,         403),
    "standing_office": (403,      403,        403,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (200,      200,        200,    403,         403),
}  # fmt: skip

# POST /rounds/dk-2020-q-thanh-xuan/late-registrations {"unit_id": "p-kim-giang", ..., "reason"}
# after the deadline: only the round's receiving office (Thanh Xuân's standing office) accepts
# late ones, or an admin at or above it; the city's standing office is NOT the receiver.
ACCEPT_LATE_FOR_KIM_GIANG: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (403,      403,        403,    403,         403),
    "unit_head":       (403,      403,        403,    403,         403),
    "standing_office": (403,      201,        403,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (403,      201,        201,    403,         403),
}  # fmt: skip

# POST /rounds/dk-2020-q-thanh-xuan/extensions {"unit_id": "p-kim-giang", "deadline", "reason"}: like
# accepting a late registration, only the round's receiving office or an admin at or above it.
EXTEND_FOR_KIM_GIANG: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (403,      403,        403,    403,         403),
    "unit_head":       (403,      403,        403,    403,         403),
    "standing_office": (403,      201,        403,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (403,      201,        201,    403,         403),
}  # fmt: skip

# GET /registrations?round_id=dk-2020-q-thanh-xuan: always 200; is Kim Giang's in the list?
# (Exactly when GET /registrations/{id} of it is allowed.)
LIST_SHOWS_KIM_GIANG: dict[str, tuple[str, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (SEEN,     HIDDEN,     HIDDEN, HIDDEN,      HIDDEN),
    "unit_head":       (SEEN,     HIDDEN,     HIDDEN, HIDDEN,      HIDDEN),
    "standing_office": (SEEN,     SEEN,       SEEN,   HIDDEN,      HIDDEN),
    "council_member":  (SEEN,     SEEN,       SEEN,   HIDDEN,      HIDDEN),
    "council_chair":   (SEEN,     SEEN,       SEEN,   HIDDEN,      HIDDEN),
    "cluster_head":    (SEEN,     HIDDEN,     HIDDEN, HIDDEN,      HIDDEN),
    "viewer":          (SEEN,     SEEN,       SEEN,   HIDDEN,      HIDDEN),
    "admin":           (SEEN,     SEEN,       SEEN,   HIDDEN,      HIDDEN),
}  # fmt: skip

# PUT /rounds/dk-2020-q-thanh-xuan/units/p-kim-giang/individual-registrations {"people": [...]}
SUBMIT_KIM_GIANG_PEOPLE: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (200,      403,        403,    403,         403),
    "unit_head":       (403,      403,        403,    403,         403),
    "standing_office": (403,      403,        403,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (200,      200,        200,    403,         403),
}  # fmt: skip

# GET /rounds/dk-2020-q-thanh-xuan/units/p-kim-giang/individual-registrations
READ_KIM_GIANG_PEOPLE: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (200,      403,        403,    403,         403),
    "unit_head":       (200,      403,        403,    403,         403),
    "standing_office": (200,      200,        200,    403,         403),
    "council_member":  (200,      200,        200,    403,         403),
    "council_chair":   (200,      200,        200,    403,         403),
    "cluster_head":    (200,      403,        403,    403,         403),
    "viewer":          (200,      200,        200,    403,         403),
    "admin":           (200,      200,        200,    403,         403),
}  # fmt: skip

# GET /rounds/dk-2020-q-thanh-xuan/units/p-kim-giang/individual-registrations.xlsx
EXPORT_KIM_GIANG_PEOPLE: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (200,      403,        403,    403,         403),
    "unit_head":       (200,      403,        403,    403,         403),
    "standing_office": (200,      200,        200,    403,         403),
    "council_member":  (200,      200,        200,    403,         403),
    "council_chair":   (200,      200,        200,    403,         403),
    "cluster_head":    (200,      403,        403,    403,         403),
    "viewer":          (200,      200,        200,    403,         403),
    "admin":           (200,      200,        200,    403,         403),
}  # fmt: skip

# GET /people?q=thinh: always 200; is Kim Giang's Nguyễn Thị Thịnh among the people found?
PEOPLE_SEARCH_SHOWS_KIM_GIANG: dict[str, tuple[str, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (SEEN,     HIDDEN,     HIDDEN, HIDDEN,      HIDDEN),
    "unit_head":       (SEEN,     HIDDEN,     HIDDEN, HIDDEN,      HIDDEN),
    "standing_office": (SEEN,     SEEN,       SEEN,   HIDDEN,      HIDDEN),
    "council_member":  (SEEN,     SEEN,       SEEN,   HIDDEN,      HIDDEN),
    "council_chair":   (SEEN,     SEEN,       SEEN,   HIDDEN,      HIDDEN),
    "cluster_head":    (SEEN,     HIDDEN,     HIDDEN, HIDDEN,      HIDDEN),
    "viewer":          (SEEN,     SEEN,       SEEN,   HIDDEN,      HIDDEN),
    "admin":           (SEEN,     SEEN,       SEEN,   HIDDEN,      HIDDEN),
}  # fmt: skip

# POST /dossiers {"round_id": kt-2020-q-thanh-xuan, "unit_id": "p-kim-giang", ...} (a draft)
CREATE_KIM_GIANG_DOSSIER: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (201,      403,        403,    403,         403),
    "unit_head":       (403,      403,        403,    403,         403),
    "standing_office": (403,      403,        403,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (201,      201,        201,    403,         403),
}  # fmt: skip

# POST /dossiers/{id of a Kim Giang draft}/attachments (multipart: kind, file)
ATTACH_TO_KIM_GIANG_DOSSIER: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (201,      403,        403,    403,         403),
    "unit_head":       (403,      403,        403,    403,         403),
    "standing_office": (403,      403,        403,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (201,      201,        201,    403,         403),
}  # fmt: skip

# POST /dossiers/{id of a complete Kim Giang draft}/submit
SUBMIT_KIM_GIANG_DOSSIER: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (200,      403,        403,    403,         403),
    "unit_head":       (403,      403,        403,    403,         403),
    "standing_office": (403,      403,        403,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (200,      200,        200,    403,         403),
}  # fmt: skip

# GET /dossiers/{id of the Kim Giang dossier}
READ_KIM_GIANG_DOSSIER: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (200,      403,        403,    403,         403),
    "unit_head":       (200,      403,        403,    403,         403),
    "standing_office": (200,      200,        200,    403,         403),
    "council_member":  (200,      200,        200,    403,         403),
    "council_chair":   (200,      200,        200,    403,         403),
    "cluster_head":    (200,      403,        403,    403,         403),
    "viewer":          (200,      200,        200,    403,         403),
    "admin":           (200,      200,        200,    403,         403),
}  # fmt: skip

# GET /dossiers/{id of the Kim Giang dossier}/attachments/{id of its report}
DOWNLOAD_KIM_GIANG_ATTACHMENT: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (200,      403,        403,    403,         403),
    "unit_head":       (200,      403,        403,    403,         403),
    "standing_office": (200,      200,        200,    403,         403),
    "council_member":  (200,      200,        200,    403,         403),
    "council_chair":   (200,      200,        200,    403,         403),
    "cluster_head":    (200,      403,        403,    403,         403),
    "viewer":          (200,      200,        200,    403,         403),
    "admin":           (200,      200,        200,    403,         403),
}  # fmt: skip

# GET /templates/individual-registrations.xlsx: the blank template, for any authenticated caller.
PEOPLE_TEMPLATE: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (200,      200,        200,    200,         200),
    "unit_head":       (200,      200,        200,    200,         200),
    "standing_office": (200,      200,        200,    200,         200),
    "council_member":  (200,      200,        200,    200,         200),
    "council_chair":   (200,      200,        200,    200,         200),
    "cluster_head":    (200,      200,        200,    200,         200),
    "viewer":          (200,      200,        200,    200,         200),
    "admin":           (200,      200,        200,    200,         200),
}  # fmt: skip

# POST /movements, POST /rounds (for Thanh Xuân), PUT /rounds/{id}/deadline (a Thanh Xuân round),
# POST /calendars/q-thanh-xuan-2020/tasks/{n}/completion: the level's own standing office, or an
# admin whose binding covers the level. Kim Giang's own bindings do not reach its district.
THANH_XUAN_LEVEL_ACTS: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (403,      403,        403,    403,         403),
    "unit_head":       (403,      403,        403,    403,         403),
    "standing_office": (403,      200,        403,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (403,      200,        200,    403,         403),
}  # fmt: skip

# GET /titles, /movements, /movements/{id}, /rounds/{id}, /calendars, /calendars/{id}: a level's
# movements, rounds, deadlines and calendar are public announcements to any authenticated caller.
READ_PLANNING: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (200,      200,        200,    200,         200),
    "unit_head":       (200,      200,        200,    200,         200),
    "standing_office": (200,      200,        200,    200,         200),
    "council_member":  (200,      200,        200,    200,         200),
    "council_chair":   (200,      200,        200,    200,         200),
    "cluster_head":    (200,      200,        200,    200,         200),
    "viewer":          (200,      200,        200,    200,         200),
    "admin":           (200,      200,        200,    200,         200),
}  # fmt: skip

# PUT /rounds/{id}/units/p-kim-giang/forms/emulation-models, POST /rounds/{id}/initiatives and
# /exemplars for Kim Giang: like submitting its registration (its officer, or an admin above it).
SUBMIT_KIM_GIANG_PROPOSALS = SUBMIT_KIM_GIANG_PEOPLE
# GET Kim Giang's form (JSON and XLSX), initiative, exemplar: like reading its list of people.
READ_KIM_GIANG_PROPOSALS = READ_KIM_GIANG_PEOPLE
# GET /initiatives, /exemplars: is Kim Giang's in the list? Like the list of registrations.
LIST_SHOWS_KIM_GIANG_PROPOSALS = LIST_SHOWS_KIM_GIANG
# POST /initiatives/{id}/withdraw, /exemplars/{id}/withdraw: like withdrawing its registration.
WITHDRAW_KIM_GIANG_PROPOSALS = WITHDRAW_KIM_GIANG

# POST /registrations/{id of a Kim Giang draft}/submit: like submitting it directly.
SEND_KIM_GIANG_DRAFT = SUBMIT_KIM_GIANG_PEOPLE
# GET /registrations/{id of a Kim Giang draft}: the unit's own until sent (officer, head, admin).
READ_KIM_GIANG_DRAFT: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (200,      403,        403,    403,         403),
    "unit_head":       (200,      403,        403,    403,         403),
    "standing_office": (403,      403,        403,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (200,      200,        200,    403,         403),
}  # fmt: skip

TABLES: dict[str, dict[str, tuple[Any, ...]]] = {
    "read kim giang draft": READ_KIM_GIANG_DRAFT,
    "thanh xuan level acts": THANH_XUAN_LEVEL_ACTS,
    "read planning": READ_PLANNING,
    "submit": SUBMIT_FOR_KIM_GIANG,
    "read registration": READ_KIM_GIANG_REGISTRATION,
    "read counts": READ_KIM_GIANG_COUNTS,
    "drill into district": DRILL_INTO_THANH_XUAN,
    "round coverage": COVERAGE_OF_THANH_XUAN_ROUND,
    "awardees list": LIST_KIM_GIANG_AWARDEES,
    "series": READ_KIM_GIANG_SERIES,
    "targets": THANH_XUAN_TARGETS,
    "rankings": THANH_XUAN_RANKINGS,
    "annual report": KIM_GIANG_ANNUAL_REPORT,
    "five-year report": THANH_XUAN_FIVE_YEAR_REPORT,
    "registrations chart": KIM_GIANG_REGISTRATIONS_CHART,
    "awards chart": THANH_XUAN_AWARDS_CHART,
    "coverage chart": THANH_XUAN_COVERAGE_CHART,
    "evaluation register": EVALUATION_REGISTER_SHOWS_KIM_GIANG,
    "inbox": INBOX_SHOWS_STANDING_OFFICE_MESSAGE,
    "list rounds": LIST_ROUNDS,
    "read unit": READ_UNIT,
    "approve": APPROVE_KIM_GIANG,
    "withdraw": WITHDRAW_KIM_GIANG,
    "amend": AMEND_KIM_GIANG,
    "accept late": ACCEPT_LATE_FOR_KIM_GIANG,
    "extend for kim giang": EXTEND_FOR_KIM_GIANG,
    "list registrations": LIST_SHOWS_KIM_GIANG,
    "submit people": SUBMIT_KIM_GIANG_PEOPLE,
    "read people": READ_KIM_GIANG_PEOPLE,
    "export people": EXPORT_KIM_GIANG_PEOPLE,
    "search people": PEOPLE_SEARCH_SHOWS_KIM_GIANG,
    "create dossier": CREATE_KIM_GIANG_DOSSIER,
    "attach to dossier": ATTACH_TO_KIM_GIANG_DOSSIER,
    "submit dossier": SUBMIT_KIM_GIANG_DOSSIER,
    "read dossier": READ_KIM_GIANG_DOSSIER,
    "download attachment": DOWNLOAD_KIM_GIANG_ATTACHMENT,
    "people template": PEOPLE_TEMPLATE,
}


# Every endpoint that needs a token: (service, method, path, JSON body).
GUARDED = [
    pytest.param("registration", "GET", "/rounds", None, id="registration GET /rounds"),
    pytest.param("registration", "GET", "/titles", None, id="registration GET /titles"),
    pytest.param("registration", "GET", f"/units/{TARGET}", None, id="registration GET /units/{id}"),
    pytest.param("registration", "GET", f"/rounds/{ROUND}", None, id="registration GET /rounds/{id}"),
    pytest.param("registration", "POST", "/rounds", PLANNED_ROUND, id="registration POST /rounds"),
    pytest.param(
        "registration",
        "PUT",
        f"/rounds/{ROUND}/deadline",
        {"deadline": "2020-02-20"},
        id="registration PUT /rounds/{id}/deadline",
    ),
    pytest.param(
        "registration",
        "POST",
        f"/rounds/{ROUND}/extensions",
        {"unit_id": TARGET, "deadline": "2020-02-20", "reason": LATE_REASON},
        id="registration POST /rounds/{id}/extensions",
    ),
    pytest.param(
        "registration",
        "PUT",
        MODELS_URL,
        {"rows": [MODEL_ROW]},
        id="registration PUT /rounds/{id}/units/{id}/forms/{form}",
    ),
    pytest.param(
        "registration", "GET", MODELS_URL, None, id="registration GET /rounds/{id}/units/{id}/forms/{form}"
    ),
    pytest.param(
        "registration",
        "GET",
        MODELS_URL + ".xlsx",
        None,
        id="registration GET /rounds/{id}/units/{id}/forms/{form}.xlsx",
    ),
    pytest.param(
        "registration",
        "POST",
        MODELS_URL + "/xlsx",
        None,
        id="registration POST /rounds/{id}/units/{id}/forms/{form}/xlsx",
    ),
    pytest.param(
        "registration",
        "GET",
        "/templates/forms/collective-exemplars.xlsx",
        None,
        id="registration GET /templates/forms/{form}.xlsx",
    ),
    pytest.param(
        "registration", "POST", INITIATIVES_URL, INITIATIVE, id="registration POST /rounds/{id}/initiatives"
    ),
    pytest.param(
        "registration", "POST", EXEMPLARS_URL, EXEMPLAR, id="registration POST /rounds/{id}/exemplars"
    ),
    pytest.param("registration", "GET", "/initiatives", None, id="registration GET /initiatives"),
    pytest.param("registration", "GET", "/initiatives.xlsx", None, id="registration GET /initiatives.xlsx"),
    pytest.param("registration", "GET", "/initiatives/sk-x", None, id="registration GET /initiatives/{id}"),
    pytest.param(
        "registration",
        "POST",
        "/initiatives/sk-x/withdraw",
        {},
        id="registration POST /initiatives/{id}/withdraw",
    ),
    pytest.param("registration", "GET", "/exemplars", None, id="registration GET /exemplars"),
    pytest.param("registration", "GET", "/exemplars.xlsx", None, id="registration GET /exemplars.xlsx"),
    pytest.param("registration", "GET", "/exemplars/dh-x", None, id="registration GET /exemplars/{id}"),
    pytest.param(
        "registration",
        "POST",
        "/exemplars/dh-x/withdraw",
        {},
        id="registration POST /exemplars/{id}/withdraw",
    ),
    pytest.param(
        "registration",
        "POST",
        "/registrations/{registration_id}/submit",
        None,
        id="registration POST /registrations/{id}/submit",
    ),
    pytest.param("registration", "GET", "/dossiers", None, id="registration GET /dossiers"),
    pytest.param("registration", "GET", "/dossiers.xlsx", None, id="registration GET /dossiers.xlsx"),
    pytest.param("registration", "GET", "/movements", None, id="registration GET /movements"),
    pytest.param("registration", "POST", "/movements", MOVEMENT, id="registration POST /movements"),
    pytest.param(
        "registration", "GET", f"/movements/{SEEDED_MOVEMENT}", None, id="registration GET /movements/{id}"
    ),
    pytest.param("registration", "GET", "/calendars", None, id="registration GET /calendars"),
    pytest.param(
        "registration", "GET", f"/calendars/{CALENDAR}", None, id="registration GET /calendars/{id}"
    ),
    pytest.param(
        "registration",
        "POST",
        f"/calendars/{CALENDAR}/tasks/2/completion",
        {},
        id="registration POST /calendars/{id}/tasks/{n}/completion",
    ),
    pytest.param(
        "registration",
        "POST",
        SUBMIT_URL,
        {"unit_id": TARGET, "title_code": "tap_the_lao_dong_tien_tien"},
        id="registration POST /rounds/{id}/registrations",
    ),
    pytest.param(
        "registration",
        "GET",
        "/registrations/{registration_id}",
        None,
        id="registration GET /registrations/{id}",
    ),
    pytest.param(
        "registration",
        "POST",
        "/registrations/{registration_id}/approve",
        None,
        id="registration POST /registrations/{id}/approve",
    ),
    pytest.param(
        "registration",
        "POST",
        "/registrations/{registration_id}/withdraw",
        {"reason": WITHDRAW_REASON},
        id="registration POST /registrations/{id}/withdraw",
    ),
    pytest.param(
        "registration",
        "PATCH",
        "/registrations/{registration_id}",
        {"title_code": AMENDED_TITLE},
        id="registration PATCH /registrations/{id}",
    ),
    pytest.param(
        "registration",
        "POST",
        LATE_URL,
        {"unit_id": TARGET, "title_code": "tap_the_lao_dong_tien_tien", "reason": LATE_REASON},
        id="registration POST /rounds/{id}/late-registrations",
    ),
    pytest.param(
        "registration",
        "GET",
        f"/registrations?round_id={ROUND}",
        None,
        id="registration GET /registrations",
    ),
    pytest.param(
        "registration",
        "PUT",
        PEOPLE_URL,
        {"people": NEW_PEOPLE},
        id="registration PUT /rounds/{id}/units/{id}/individual-registrations",
    ),
    pytest.param(
        "registration",
        "GET",
        PEOPLE_URL,
        None,
        id="registration GET /rounds/{id}/units/{id}/individual-registrations",
    ),
    pytest.param(
        "registration",
        "GET",
        PEOPLE_URL + ".xlsx",
        None,
        id="registration GET /rounds/{id}/units/{id}/individual-registrations.xlsx",
    ),
    pytest.param("registration", "GET", "/people?q=thinh", None, id="registration GET /people"),
    pytest.param(
        "registration",
        "GET",
        "/templates/individual-registrations.xlsx",
        None,
        id="registration GET /templates/individual-registrations.xlsx",
    ),
    pytest.param("registration", "POST", "/dossiers", DOSSIER, id="registration POST /dossiers"),
    pytest.param(
        "registration",
        "GET",
        "/dossiers/{dossier_id}",
        None,
        id="registration GET /dossiers/{id}",
    ),
    pytest.param(
        "registration",
        "POST",
        "/dossiers/{dossier_id}/attachments",
        None,
        id="registration POST /dossiers/{id}/attachments",
    ),
    pytest.param(
        "registration",
        "POST",
        "/dossiers/{dossier_id}/submit",
        None,
        id="registration POST /dossiers/{id}/submit",
    ),
    pytest.param(
        "registration",
        "GET",
        "/dossiers/{dossier_id}/attachments/{attachment_id}",
        None,
        id="registration GET /dossiers/{id}/attachments/{id}",
    ),
    pytest.param(
        "review", "GET", "/evaluation-register?year=2020", None, id="review GET /evaluation-register"
    ),
    pytest.param("review", "GET", "/nominations", None, id="review GET /nominations"),
    pytest.param("review", "GET", "/nominations/hs-x@q-thanh-xuan", None, id="review GET /nominations/{id}"),
    pytest.param(
        "review",
        "POST",
        "/nominations/hs-x@q-thanh-xuan/return",
        {"reasons": ["Thiếu biên bản"]},
        id="review POST /nominations/{id}/return",
    ),
    pytest.param(
        "review",
        "POST",
        "/nominations/hs-x@q-thanh-xuan/appraisal",
        None,
        id="review POST /nominations/{id}/appraisal",
    ),
    pytest.param(
        "review",
        "POST",
        "/nominations/hs-x@q-thanh-xuan/accept",
        {},
        id="review POST /nominations/{id}/accept",
    ),
    pytest.param(
        "review",
        "PUT",
        "/councils/q-thanh-xuan",
        {"members": [], "chair_id": "x"},
        id="review PUT /councils/{level}",
    ),
    pytest.param("review", "POST", "/sessions", None, id="review POST /sessions"),
    pytest.param("review", "POST", "/decisions", None, id="review POST /decisions"),
    pytest.param("review", "POST", "/clusters", None, id="review POST /clusters"),
    pytest.param("review", "GET", "/clusters", None, id="review GET /clusters"),
    pytest.param("review", "GET", "/clusters/cum-x", None, id="review GET /clusters/{id}"),
    pytest.param("review", "PUT", "/clusters/cum-x/criteria", None, id="review PUT /clusters/{id}/criteria"),
    pytest.param(
        "review",
        "POST",
        "/clusters/cum-x/criteria/copy-from/cum-y",
        None,
        id="review POST /clusters/{id}/criteria/copy-from/{id}",
    ),
    pytest.param(
        "review", "POST", "/clusters/cum-x/inspections", None, id="review POST /clusters/{id}/inspections"
    ),
    pytest.param(
        "review", "PUT", "/clusters/cum-x/sheets/u", None, id="review PUT /clusters/{id}/sheets/{unit}"
    ),
    pytest.param(
        "review", "POST", "/clusters/cum-x/adjustments", None, id="review POST /clusters/{id}/adjustments"
    ),
    pytest.param("review", "POST", "/clusters/cum-x/ranking", None, id="review POST /clusters/{id}/ranking"),
    pytest.param(
        "review", "POST", "/clusters/cum-x/honouring", None, id="review POST /clusters/{id}/honouring"
    ),
    pytest.param(
        "review",
        "POST",
        "/clusters/cum-x/honouring/votes",
        None,
        id="review POST /clusters/{id}/honouring/votes",
    ),
    pytest.param(
        "review",
        "POST",
        "/clusters/cum-x/honouring/close",
        None,
        id="review POST /clusters/{id}/honouring/close",
    ),
    pytest.param(
        "review",
        "POST",
        "/nominations/hs-x@q-thanh-xuan/forward",
        None,
        id="review POST /nominations/{id}/forward",
    ),
    pytest.param("review", "GET", "/sessions/ss-x", None, id="review GET /sessions/{id}"),
    pytest.param("review", "GET", "/sessions?level_unit_id=q-thanh-xuan", None, id="review GET /sessions"),
    pytest.param("review", "POST", "/sessions/ss-x/agenda", None, id="review POST /sessions/{id}/agenda"),
    pytest.param(
        "review", "PUT", "/sessions/ss-x/attendance", None, id="review PUT /sessions/{id}/attendance"
    ),
    pytest.param("review", "POST", "/sessions/ss-x/open", None, id="review POST /sessions/{id}/open"),
    pytest.param(
        "review",
        "POST",
        "/sessions/ss-x/items/n/votes",
        None,
        id="review POST /sessions/{id}/items/{n}/votes",
    ),
    pytest.param("review", "POST", "/sessions/ss-x/close", None, id="review POST /sessions/{id}/close"),
    pytest.param(
        "registration", "GET", "/registrations.xlsx", None, id="registration GET /registrations.xlsx"
    ),
    pytest.param("registration", "GET", "/units", None, id="registration GET /units"),
    pytest.param(
        "registration", "GET", f"/units/{TARGET}/children", None, id="registration GET /units/{id}/children"
    ),
    pytest.param("registration", "POST", "/restructurings", None, id="registration POST /restructurings"),
    pytest.param("registration", "POST", f"{PEOPLE_URL}/xlsx", None, id="registration POST {people}/xlsx"),
    pytest.param(
        "review",
        "GET",
        "/evaluation-register/people?year=2020",
        None,
        id="review GET /evaluation-register/people",
    ),
    pytest.param("review", "POST", "/appraisals", None, id="review POST /appraisals"),
    pytest.param("review", "GET", "/rule-sets", None, id="review GET /rule-sets"),
    pytest.param("review", "GET", "/initiative-criteria", None, id="review GET /initiative-criteria"),
    pytest.param(
        "review", "GET", "/initiatives?level_unit_id=q-thanh-xuan", None, id="review GET /initiatives"
    ),
    pytest.param("review", "GET", "/initiatives/sk-1", None, id="review GET /initiatives/{id}"),
    pytest.param(
        "review",
        "POST",
        "/initiatives/sk-1/scores",
        {"member_name": "Ai", "marks": {}},
        id="review POST /initiatives/{id}/scores",
    ),
    pytest.param(
        "review",
        "POST",
        "/initiatives/sk-1/decision",
        {"recognised": True, "signed_on": "2020-06-01"},
        id="review POST /initiatives/{id}/decision",
    ),
    pytest.param("review", "GET", "/holidays/2020", None, id="review GET /holidays/{year}"),
    pytest.param(
        "review",
        "GET",
        "/central-outcomes.xlsx?level_unit_id=ha-noi",
        None,
        id="review GET /central-outcomes.xlsx",
    ),
    pytest.param(
        "review",
        "POST",
        "/central-outcomes/xlsx?level_unit_id=ha-noi",
        None,
        id="review POST /central-outcomes/xlsx",
    ),
    pytest.param(
        "review",
        "POST",
        "/nominations/hs-x@q-thanh-xuan/central-outcome",
        {"number": "1/QĐ-TTg", "signed_on": "2021-03-01", "decided_by": "Thủ tướng Chính phủ"},
        id="review POST /nominations/{id}/central-outcome",
    ),
    pytest.param(
        "review",
        "GET",
        "/decisions/paper.docx?decision_id=q-thanh-xuan|1",
        None,
        id="review GET /decisions/paper.docx",
    ),
    pytest.param(
        "review",
        "GET",
        "/decisions/paper.pdf?decision_id=q-thanh-xuan|1",
        None,
        id="review GET /decisions/paper.pdf",
    ),
    pytest.param(
        "review", "PUT", "/holidays/2020", {"days_off": [], "source": "x"}, id="review PUT /holidays/{year}"
    ),
    pytest.param(
        "registration",
        "POST",
        "/conferences",
        {"level_unit_id": "q-thanh-xuan", "name": "Hội nghị", "hold_by": "2020-03-31"},
        id="registration POST /conferences",
    ),
    pytest.param(
        "registration",
        "GET",
        "/conferences?level_unit_id=q-thanh-xuan",
        None,
        id="registration GET /conferences",
    ),
    pytest.param(
        "registration",
        "GET",
        "/conferences/hn-2020-q-thanh-xuan",
        None,
        id="registration GET /conferences/{id}",
    ),
    pytest.param(
        "registration",
        "PUT",
        "/conferences/hn-2020-q-thanh-xuan/delegates",
        {"delegates": []},
        id="registration PUT /conferences/{id}/delegates",
    ),
    pytest.param(
        "registration",
        "GET",
        "/conferences/hn-2020-q-thanh-xuan/delegates.xlsx",
        None,
        id="registration GET /conferences/{id}/delegates.xlsx",
    ),
    pytest.param(
        "registration",
        "POST",
        "/conferences/hn-2020-q-thanh-xuan/delegates/xlsx",
        None,
        id="registration POST /conferences/{id}/delegates/xlsx",
    ),
    pytest.param(
        "registration",
        "POST",
        "/conferences/hn-2020-q-thanh-xuan/confirmation",
        None,
        id="registration POST /conferences/{id}/confirmation",
    ),
    pytest.param(
        "registration",
        "POST",
        "/conferences/hn-2020-q-thanh-xuan/report",
        {"held_on": "2020-03-01"},
        id="registration POST /conferences/{id}/report",
    ),
    pytest.param("review", "GET", "/rule-sets/lao_dong_tien_tien", None, id="review GET /rule-sets/{award}"),
    pytest.param(
        "review",
        "POST",
        "/rule-sets/lao_dong_tien_tien/revisions",
        None,
        id="review POST /rule-sets/{award}/revisions",
    ),
    pytest.param(
        "review",
        "POST",
        "/nominations/hs-x@q-thanh-xuan/public-comment",
        None,
        id="review POST /nominations/{id}/public-comment",
    ),
    pytest.param(
        "review",
        "GET",
        "/nominations/hs-x@q-thanh-xuan/appraisal/verification",
        None,
        id="review GET /nominations/{id}/appraisal/verification",
    ),
    pytest.param(
        "review",
        "GET",
        "/clusters/cum-x/ranking/verification",
        None,
        id="review GET /clusters/{id}/ranking/verification",
    ),
    pytest.param("notify", "GET", "/inbox", None, id="notify GET /inbox"),
    pytest.param("notify", "POST", "/inbox/m-x/read", None, id="notify POST /inbox/{id}/read"),
    pytest.param(
        "notify", "GET", f"/units/{TARGET}/notification-settings", None, id="notify GET /units/{id}/settings"
    ),
    pytest.param(
        "notify", "PUT", f"/units/{TARGET}/contacts", {"roles": {}}, id="notify PUT /units/{id}/contacts"
    ),
    pytest.param(
        "notify", "POST", f"/units/{TARGET}/webhooks", {"url": "https://x.vn/h"}, id="notify POST webhooks"
    ),
    pytest.param("notify", "DELETE", f"/units/{TARGET}/webhooks/w-x", None, id="notify DELETE webhook"),
    pytest.param(
        "notify", "PUT", f"/units/{TARGET}/preferences/unit_officer", {}, id="notify PUT preferences"
    ),
    pytest.param("notify", "GET", f"/units/{TARGET}/deliveries", None, id="notify GET deliveries"),
    pytest.param("notify", "GET", "/levels/q-thanh-xuan/templates", None, id="notify GET templates"),
    pytest.param("notify", "POST", f"/rounds/{ROUND}/reminders", None, id="notify POST reminders"),
    pytest.param(
        "notify",
        "PUT",
        "/levels/q-thanh-xuan/templates/reminder/email",
        {"text": "x\ny"},
        id="notify PUT template",
    ),
    pytest.param(
        "notify", "DELETE", "/levels/q-thanh-xuan/templates/reminder/email", None, id="notify DELETE template"
    ),
    pytest.param(
        "reporting", "GET", f"/units/{TARGET}/counts?period=2020", None, id="reporting GET /units/{id}/counts"
    ),
    pytest.param(
        "reporting",
        "GET",
        "/units/q-thanh-xuan/children/counts?period=2020",
        None,
        id="reporting GET /units/{id}/children/counts",
    ),
    pytest.param(
        "reporting", "GET", "/rounds/dk-2020-q-thanh-xuan/coverage", None, id="reporting GET coverage"
    ),
    pytest.param(
        "reporting", "GET", f"/units/{TARGET}/awards.xlsx?period=2020", None, id="reporting GET awards.xlsx"
    ),
    pytest.param(
        "reporting", "GET", f"/units/{TARGET}/series?period=2020", None, id="reporting GET /units/{id}/series"
    ),
    pytest.param(
        "reporting",
        "GET",
        "/units/q-thanh-xuan/targets?period=2020",
        None,
        id="reporting GET /units/{id}/targets",
    ),
    pytest.param(
        "reporting",
        "GET",
        "/units/q-thanh-xuan/rankings?period=2020",
        None,
        id="reporting GET /units/{id}/rankings",
    ),
    pytest.param(
        "reporting",
        "GET",
        f"/units/{TARGET}/reports/annual.docx?period=2020",
        None,
        id="reporting GET /units/{id}/reports/annual.docx",
    ),
    pytest.param(
        "reporting",
        "GET",
        "/units/q-thanh-xuan/task-calendar?period=2020",
        None,
        id="reporting GET /units/{id}/task-calendar",
    ),
    pytest.param(
        "reporting",
        "GET",
        "/units/q-thanh-xuan/statistics.xlsx?from=2020&to=2020",
        None,
        id="reporting GET /units/{id}/statistics.xlsx",
    ),
    pytest.param(
        "reporting",
        "GET",
        "/units/q-thanh-xuan/statistics.pdf?from=2020&to=2020",
        None,
        id="reporting GET /units/{id}/statistics.pdf",
    ),
    pytest.param(
        "reporting",
        "GET",
        f"/units/{TARGET}/reports/annual.pdf?period=2020",
        None,
        id="reporting GET /units/{id}/reports/annual.pdf",
    ),
    pytest.param(
        "reporting",
        "GET",
        "/units/q-thanh-xuan/reports/five-year.pdf?from=2020",
        None,
        id="reporting GET /units/{id}/reports/five-year.pdf",
    ),
    pytest.param(
        "reporting",
        "GET",
        "/units/q-thanh-xuan/reports/five-year.docx?from=2020",
        None,
        id="reporting GET /units/{id}/reports/five-year.docx",
    ),
    pytest.param(
        "reporting",
        "GET",
        f"/units/{TARGET}/charts/registrations-by-title.png?period=2020",
        None,
        id="reporting GET /units/{id}/charts/registrations-by-title.{fmt}",
    ),
    pytest.param(
        "reporting",
        "GET",
        "/units/q-thanh-xuan/charts/awards-by-level.svg?from=2020&to=2021",
        None,
        id="reporting GET /units/{id}/charts/awards-by-level.{fmt}",
    ),
    pytest.param(
        "reporting",
        "GET",
        "/rounds/dk-2020-q-thanh-xuan/charts/coverage.png",
        None,
        id="reporting GET /rounds/{id}/charts/coverage.{fmt}",
    ),
    pytest.param(
        "reporting", "GET", f"/units/{TARGET}/charts/pie.png", None, id="reporting GET unknown unit chart"
    ),
    pytest.param(
        "reporting",
        "GET",
        "/rounds/dk-2020-q-thanh-xuan/charts/pie.png",
        None,
        id="reporting GET unknown round chart",
    ),
]

SERVICES = ("registration", "review", "notify", "reporting")


def test_every_table_has_a_row_per_role_and_a_column_per_place() -> None:
    check_tables(TABLES)


# ---------------------------------------------------------------------------------------------
# The world the apps run on
# ---------------------------------------------------------------------------------------------


def fixed_clock() -> datetime:
    """Inside the 2020 registration round of Thanh Xuân."""
    return IN_ROUND


def after_the_deadline() -> datetime:
    """The 2020 round of Thanh Xuân has closed: registrations are locked, late ones accepted."""
    return AFTER_DEADLINE


def client_for(app: Any, service: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=f"http://{service}")


@dataclass
class World:
    """The four apps on one seeded namespace, with one Kim Giang registration everywhere, Kim
    Giang's (and Khương Đình's) list of people, and a Kim Giang draft dossier with its report."""

    http: dict[str, httpx.AsyncClient]
    registration_id: str
    dossier_id: str
    attachment_id: str


async def outbox_envelopes(db: Any, collection: str, query: dict[str, Any]) -> list[Envelope]:
    """The events stored with the documents (what the outbox relay would publish)."""
    docs = await db[collection].find(query).sort("_id", 1).to_list(None)
    return [Envelope.model_validate(e["envelope"]) for d in docs for e in d["_outbox"]]


def _settings(infra: Any, namespace: str) -> dict[str, Any]:
    return isolated_settings(infra.kafka, infra.mongodb, namespace)


async def open_nomination_round(deps: Any) -> None:
    """Thanh Xuân's 2020 nomination round (dossiers), open until the end of 2099."""
    await registration.usecases.seeding.open_round(
        deps,
        Round(
            NOMINATION_ROUND,
            "Khen thưởng tổng kết năm 2020",
            "nomination",
            2020,
            "q-thanh-xuan",
            "Quận Thanh Xuân",
            date(2020, 1, 22),
            end_of_day(date(2099, 12, 31)),
        ),
    )


def _mint(role: str, unit_id: str, *more: tuple[str, str]) -> str:
    return mint_token(
        subject="world-builder",
        bindings=[(role, unit_id), *more],
        secret=DEV_JWT_SECRET,
        issuer="emutrack-local",
        audience="emutrack",
    )


OFFICER = bearer(_mint("unit_officer", TARGET))  # Kim Giang's own officer, who builds the worlds


async def put_people(client: httpx.AsyncClient, ward: str, people: list[dict[str, str]]) -> None:
    response = await client.put(
        f"/rounds/{ROUND}/units/{ward}/individual-registrations",
        json={"people": people},
        headers=bearer(_mint("unit_officer", ward)),
    )
    assert response.status_code == 200, response.text


async def draft_dossier(client: httpx.AsyncClient) -> str:
    """Kim Giang's officer drafts a dossier; returns its id."""
    response = await client.post("/dossiers", json=DOSSIER, headers=OFFICER)
    assert response.status_code == 201, response.text
    return str(response.json()["dossier_id"])


async def attach(
    client: httpx.AsyncClient, dossier_id: str, headers: dict[str, str], kind: str = "achievement_report"
) -> httpx.Response:
    return await client.post(
        f"/dossiers/{dossier_id}/attachments",
        data={"kind": kind},
        files={"file": ("Báo cáo thành tích.pdf", PDF, "application/octet-stream")},
        headers=headers,
    )


async def complete_dossier(client: httpx.AsyncClient) -> str:
    """A Kim Giang draft with the report and the council minutes: ready to submit."""
    dossier_id = await draft_dossier(client)
    for kind in ("achievement_report", "council_minutes"):
        assert (await attach(client, dossier_id, OFFICER, kind)).status_code == 201
    return dossier_id


@pytest.fixture(scope="module")
async def world(infra: Any) -> AsyncIterator[World]:
    """One seeded namespace shared by the read-only matrices of this module (dropped after)."""
    namespace = f"t{uuid.uuid4().hex[:10]}"
    common = _settings(infra, namespace)
    reg_settings = RegistrationSettings(**common)
    rev_settings, not_settings = ReviewSettings(**common), NotifySettings(**common)
    rep_settings = ReportingSettings(**common)
    raw: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(infra.mongodb, tz_aware=True)
    http: dict[str, httpx.AsyncClient] = {}
    try:
        await seed(reg_settings, deadline=None)
        reg_deps = registration.bootstrap.deps(reg_settings, clock=fixed_clock)
        rev_deps = review.bootstrap.deps(rev_settings)
        not_deps = notify.bootstrap.deps(not_settings)
        rep_deps = reporting.bootstrap.deps(rep_settings)
        http = {
            "registration": client_for(
                registration.entrypoints.http.create_app(reg_settings, reg_deps), "registration"
            ),
            "review": client_for(review.entrypoints.http.create_app(rev_settings, rev_deps), "review"),
            "notify": client_for(notify.entrypoints.http.create_app(not_settings, not_deps), "notify"),
            "reporting": client_for(
                reporting.entrypoints.http.create_app(rep_settings, rep_deps), "reporting"
            ),
        }
        # Kim Giang registers; so does its sibling Khương Đình (a control entry/message).
        registration_ids = {}
        for ward in (TARGET, "p-khuong-dinh"):
            response = await http["registration"].post(
                SUBMIT_URL,
                json={"unit_id": ward, "title_code": "tap_the_lao_dong_tien_tien"},
                headers=bearer(_mint("unit_officer", ward)),
            )
            assert response.status_code == 201, response.text
            registration_ids[ward] = response.json()["registration_id"]
        # Both wards send their list of people; Kim Giang drafts a dossier with its report.
        await put_people(http["registration"], TARGET, [KIM_GIANG_PERSON])
        await put_people(http["registration"], "p-khuong-dinh", [KHUONG_DINH_PERSON])
        await open_nomination_round(reg_deps)
        dossier_id = await draft_dossier(http["registration"])
        attached = await attach(http["registration"], dossier_id, OFFICER)
        assert attached.status_code == 201, attached.text
        [attachment] = attached.json()["attachments"]

        # Deliver the stored events as the relay + consumers would (no Kafka needed here).
        reg_db = raw[f"{namespace}_registration"]
        for offset, event in enumerate(await outbox_envelopes(reg_db, "units", {})):
            await reporting.bootstrap.event_handlers(rep_deps)[event.event_type](
                event, Position("unit", 0, offset)
            )
            await notify.bootstrap.event_handlers(not_deps)[event.event_type](
                event, Position("unit", 0, offset)
            )
        for offset, event in enumerate(await outbox_envelopes(reg_db, "rounds", {})):
            if event.event_type == "round.opened":
                await reporting.bootstrap.event_handlers(rep_deps)[event.event_type](
                    event, Position("rounds", 0, offset)
                )
        submitted = await outbox_envelopes(reg_db, "registrations", {})
        assert [e.event_type for e in submitted] == ["registration.submitted"] * 2
        for offset, event in enumerate(submitted):
            position = Position(f"{namespace}.registration", 0, offset)
            await review.bootstrap.event_handlers(rev_deps)[event.event_type](event, position)
            await notify.bootstrap.event_handlers(not_deps)[event.event_type](event, position)
            await reporting.bootstrap.event_handlers(rep_deps)[event.event_type](event, position)
        for offset, event in enumerate(await outbox_envelopes(reg_db, "individual_lists", {})):
            position = Position(f"{namespace}.registration", 1, offset)  # the people search index
            await registration.bootstrap.event_handlers(reg_deps)[event.event_type](event, position)

        yield World(http, registration_ids[TARGET], dossier_id, attachment["attachment_id"])
    finally:
        for client in http.values():
            await client.aclose()
        for service in SERVICES:
            await raw.drop_database(f"{namespace}_{service}")
        await raw.close()


@dataclass
class Registry:
    """The registration app alone on a seeded namespace of its own, and its raw database."""

    http: httpx.AsyncClient
    db: Any
    deps: Any

    async def registrations(self) -> list[dict[str, Any]]:
        """Every stored registration document, with its history and outbox."""
        return list(await self.db["registrations"].find({}).to_list(None))

    async def people(self) -> list[dict[str, Any]]:
        """Every stored list of people, with its outbox."""
        return list(await self.db["individual_lists"].find({}).to_list(None))

    async def dossier(self, dossier_id: str) -> dict[str, Any]:
        doc = await self.db["dossiers"].find_one({"_id": dossier_id})
        assert doc is not None, dossier_id
        return dict(doc)

    async def dossiers(self) -> int:
        return int(await self.db["dossiers"].count_documents({}))

    async def files(self) -> int:
        """Documents kept in GridFS (bucket `attachments`)."""
        return int(await self.db["attachments.files"].count_documents({}))


@asynccontextmanager
async def seeded_registry(infra: Any, clock: Callable[[], datetime]) -> AsyncIterator[Registry]:
    """A freshly seeded namespace (the seed's own deadline: 05/02/2020), dropped afterwards."""
    namespace = f"t{uuid.uuid4().hex[:10]}"
    settings = RegistrationSettings(**_settings(infra, namespace))
    raw: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(infra.mongodb, tz_aware=True)
    try:
        await seed(settings, deadline=None)
        deps = registration.bootstrap.deps(settings, clock=clock)
        app = registration.entrypoints.http.create_app(settings, deps)
        async with client_for(app, "registration") as client:
            yield Registry(client, raw[f"{namespace}_registration"], deps)
    finally:
        for service in SERVICES:
            await raw.drop_database(f"{namespace}_{service}")
        await raw.close()


# Refused calls change nothing, so every refused case of a table runs on one shared world and
# checks that its stored state is exactly what it was; allowed (2xx) cases get a fresh world of
# their own (`seeded_registry`), or a dossier of their own inside the shared one.


@dataclass
class Shared:
    """A shared world inside the round: nothing registered yet, a nomination round open, and two
    Kim Giang dossiers the refused callers try to touch (a bare draft, a complete one)."""

    reg: Registry
    draft_id: str
    complete_id: str


@pytest.fixture(scope="module")
async def shared(infra: Any) -> AsyncIterator[Shared]:
    async with seeded_registry(infra, fixed_clock) as reg:
        await open_nomination_round(reg.deps)
        yield Shared(reg, await draft_dossier(reg.http), await complete_dossier(reg.http))


@pytest.fixture(scope="module")
async def shared_submitted(infra: Any) -> AsyncIterator[tuple[Registry, str]]:
    """A shared world inside the round with Kim Giang's registration submitted (and its id)."""
    async with seeded_registry(infra, fixed_clock) as reg:
        yield reg, await submit_kim_giang(reg.http)


@pytest.fixture(scope="module")
async def shared_closed(infra: Any) -> AsyncIterator[Registry]:
    """A shared world after the round's deadline, nothing registered."""
    async with seeded_registry(infra, after_the_deadline) as reg:
        yield reg


async def submit_kim_giang(client: httpx.AsyncClient) -> str:
    """Kim Giang's own officer registers it (inside the round); returns the registration id."""
    response = await client.post(
        SUBMIT_URL,
        json={"unit_id": TARGET, "title_code": "tap_the_lao_dong_tien_tien"},
        headers=bearer(_mint("unit_officer", TARGET)),
    )
    assert response.status_code == 201, response.text
    return str(response.json()["registration_id"])


def event_types(doc: dict[str, Any]) -> list[str]:
    return [e["envelope"]["event_type"] for e in doc["_outbox"]]


def assert_forbidden(response: httpx.Response, code: str = "FORBIDDEN_UNIT") -> None:
    assert response.json()["error"]["code"] == code, response.text


Token = Callable[..., str]
ADMIN = bearer(_mint("admin", "ha-noi"))  # the world's own eyes, for before/after comparisons


# ---------------------------------------------------------------------------------------------
# Public and unauthenticated
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("service", SERVICES)
async def test_health_is_public(world: World, service: str) -> None:
    response = await world.http[service].get("/health")
    assert response.status_code == 200, response.text
    assert response.json() == {"status": "ok"}


# Open on purpose: what the law makes public of commendation (ADR 0026); nothing else answers without a token.
PUBLIC = [("review", "GET", "/public/decisions"), ("review", "GET", "/public/comments")]


@pytest.mark.parametrize(("service", "method", "path"), PUBLIC)
async def test_public_lists_answer_without_a_token(
    world: World, service: str, method: str, path: str
) -> None:
    response = await world.http[service].request(method, path)
    assert response.status_code == 200, response.text


async def snapshot(world: World) -> list[Any]:
    """What the admin of Hà Nội sees: the registration, people, dossier, notify settings and templates."""
    urls = (f"/registrations/{world.registration_id}", PEOPLE_URL, f"/dossiers/{world.dossier_id}")
    seen = [(await world.http["registration"].get(url, headers=ADMIN)).json() for url in urls]
    for url in (f"/units/{TARGET}/notification-settings", "/levels/q-thanh-xuan/templates"):
        response = await world.http["notify"].get(url, headers=ADMIN)
        assert response.status_code == 200, response.text
        seen.append(response.json())
    return seen


@pytest.mark.parametrize(("service", "method", "path", "body"), GUARDED)
async def test_no_token_is_401(
    world: World, service: str, method: str, path: str, body: dict[str, Any] | None
) -> None:
    url = path.format(
        registration_id=world.registration_id,
        dossier_id=world.dossier_id,
        attachment_id=world.attachment_id,
    )
    before = await snapshot(world)
    response = await world.http[service].request(method, url, json=body)
    assert response.status_code == 401, response.text
    assert response.json()["error"]["code"] == "UNAUTHENTICATED"
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert await snapshot(world) == before, "an unauthenticated call must change nothing"


def test_every_endpoint_is_in_the_401_list(infra: Any) -> None:
    """A new endpoint cannot slip past the no-token check: each app route matches a GUARDED entry."""
    common = _settings(infra, "troutes")
    apps = {
        "registration": registration.entrypoints.http.create_app(
            RegistrationSettings(**common), registration.bootstrap.deps(RegistrationSettings(**common))
        ),
        "review": review.entrypoints.http.create_app(
            ReviewSettings(**common), review.bootstrap.deps(ReviewSettings(**common))
        ),
        "notify": notify.entrypoints.http.create_app(
            NotifySettings(**common), notify.bootstrap.deps(NotifySettings(**common))
        ),
        "reporting": reporting.entrypoints.http.create_app(
            ReportingSettings(**common), reporting.bootstrap.deps(ReportingSettings(**common))
        ),
    }
    guarded = [p.values[:3] for p in GUARDED]
    missing, checked = [], 0
    for service, app in apps.items():
        for template, operations in app.openapi()["paths"].items():
            if template == "/health":
                continue
            if any(template == path and service == owner for owner, _, path in PUBLIC):
                continue
            pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$")
            for method in operations:
                checked += 1
                if not any(
                    s == service and m == method.upper() and pattern.match(path.split("?")[0])
                    for s, m, path in guarded
                ):
                    missing.append(f"{service} {method.upper()} {template}")
    assert checked > 80
    assert missing == [], "\n".join(missing)


# ---------------------------------------------------------------------------------------------
# The matrices
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "unit", "expected"), cases(SUBMIT_FOR_KIM_GIANG))
async def test_submit_for_kim_giang(
    infra: Any, shared: Shared, token: Token, role: str, unit: str, expected: int
) -> None:
    async def submit(reg: Registry) -> tuple[httpx.Response, list[dict[str, Any]]]:
        response = await reg.http.post(
            SUBMIT_URL,
            json={"unit_id": TARGET, "title_code": "tap_the_lao_dong_tien_tien"},
            headers=bearer(token(role, unit)),
        )
        return response, await reg.registrations()

    if expected == 201:
        async with seeded_registry(infra, fixed_clock) as fresh:
            response, stored = await submit(fresh)
        assert response.status_code == expected, response.text
        body = response.json()
        assert body["unit_id"] == TARGET
        assert body["unit_path"] == ["ha-noi", "q-thanh-xuan", TARGET]
        assert [(d["_id"], d["unit_id"]) for d in stored] == [(body["registration_id"], TARGET)]
    else:
        response, stored = await submit(shared.reg)
        assert response.status_code == expected, response.text
        assert_forbidden(response)
        assert stored == [], "a refused submission must store nothing (and publish no event)"


@pytest.mark.parametrize(("role", "unit", "expected"), cases(READ_KIM_GIANG_REGISTRATION))
async def test_read_kim_giang_registration(
    world: World, token: Token, role: str, unit: str, expected: int
) -> None:
    response = await world.http["registration"].get(
        f"/registrations/{world.registration_id}", headers=bearer(token(role, unit))
    )
    assert response.status_code == expected, response.text
    if expected == 200:
        assert response.json()["registration_id"] == world.registration_id
        assert response.json()["unit_id"] == TARGET
    else:
        assert_forbidden(response)
        assert world.registration_id not in response.text


@pytest.mark.parametrize(("role", "unit", "expected"), cases(DRILL_INTO_THANH_XUAN))
async def test_drill_into_thanh_xuan(world: World, token: Token, role: str, unit: str, expected: int) -> None:
    response = await world.http["reporting"].get(
        "/units/q-thanh-xuan/children/counts", params={"period": "2020"}, headers=bearer(token(role, unit))
    )
    assert response.status_code == expected, response.text
    if expected == 200:
        rows = {c["unit_id"]: c["registrations_total"] for c in response.json()}
        assert (rows[TARGET], rows["p-khuong-dinh"]) == (1, 1)
    else:
        assert_forbidden(response)
        assert "registrations_total" not in response.text


@pytest.mark.parametrize(("role", "unit", "expected"), cases(COVERAGE_OF_THANH_XUAN_ROUND))
async def test_coverage_of_thanh_xuan_round(
    world: World, token: Token, role: str, unit: str, expected: int
) -> None:
    response = await world.http["reporting"].get(
        "/rounds/dk-2020-q-thanh-xuan/coverage", headers=bearer(token(role, unit))
    )
    assert response.status_code == expected, response.text
    if expected == 200:
        body = response.json()
        assert body["expected"] >= 2
        assert TARGET not in [u["unit_id"] for u in body["missing_units"]]  # Kim Giang registered
    else:
        assert_forbidden(response)
        assert "missing_units" not in response.text


@pytest.mark.parametrize(("role", "unit", "expected"), cases(LIST_KIM_GIANG_AWARDEES))
async def test_list_kim_giang_awardees(
    world: World, token: Token, role: str, unit: str, expected: int
) -> None:
    response = await world.http["reporting"].get(
        f"/units/{TARGET}/awards.xlsx", params={"period": "2020"}, headers=bearer(token(role, unit))
    )
    assert response.status_code == expected, response.text
    if expected == 200:
        assert response.content[:2] == b"PK"  # an .xlsx (a zip)
    else:
        assert_forbidden(response)


@pytest.mark.parametrize(("role", "unit", "expected"), cases(READ_KIM_GIANG_SERIES))
async def test_read_kim_giang_series(world: World, token: Token, role: str, unit: str, expected: int) -> None:
    response = await world.http["reporting"].get(
        f"/units/{TARGET}/series", params={"period": "2020"}, headers=bearer(token(role, unit))
    )
    assert response.status_code == expected, response.text
    if expected == 200:
        assert response.json()["months"][-1]["total"]["registrations_total"] == 1
    else:
        assert_forbidden(response)
        assert "months" not in response.text


@pytest.mark.parametrize(("role", "unit", "expected"), cases(THANH_XUAN_TARGETS))
async def test_thanh_xuan_targets(world: World, token: Token, role: str, unit: str, expected: int) -> None:
    response = await world.http["reporting"].get(
        "/units/q-thanh-xuan/targets", params={"period": "2020"}, headers=bearer(token(role, unit))
    )
    assert response.status_code == expected, response.text
    if expected == 200:
        codes = [t["code"] for t in response.json()["targets"]]
        assert "EXEMPLARS_PROPOSED" in codes
    else:
        assert_forbidden(response)
        assert "targets" not in response.text


@pytest.mark.parametrize(("role", "unit", "expected"), cases(THANH_XUAN_RANKINGS))
async def test_thanh_xuan_rankings(world: World, token: Token, role: str, unit: str, expected: int) -> None:
    response = await world.http["reporting"].get(
        "/units/q-thanh-xuan/rankings", params={"period": "2020"}, headers=bearer(token(role, unit))
    )
    assert response.status_code == expected, response.text
    if expected == 200:
        assert response.json() == []  # no cluster of Thanh Xuân has published a ranking in this world
    else:
        assert_forbidden(response)


def opened_docx(response: httpx.Response) -> Any:
    assert response.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    return docx.Document(io.BytesIO(response.content))


def first_table_row(doc: Any, indicator: str) -> list[str]:
    """A row of the report's first table of figures (Bảng 1), by its indicator."""
    for row in doc.tables[1].rows:
        cells = [c.text for c in row.cells]
        if cells[1] == indicator:
            return cells[2:]
    raise AssertionError(f"no row {indicator!r}")


@pytest.mark.parametrize(("role", "unit", "expected"), cases(KIM_GIANG_ANNUAL_REPORT))
async def test_kim_giang_annual_report(
    world: World, token: Token, role: str, unit: str, expected: int
) -> None:
    response = await world.http["reporting"].get(
        f"/units/{TARGET}/reports/annual.docx", params={"period": "2020"}, headers=bearer(token(role, unit))
    )
    assert response.status_code == expected, response.text
    if expected == 200:
        doc = opened_docx(response)
        assert first_table_row(doc, "Tập thể đăng ký danh hiệu thi đua") == ["1"]
    else:
        assert_forbidden(response)


@pytest.mark.parametrize(("role", "unit", "expected"), cases(KIM_GIANG_ANNUAL_REPORT))
async def test_kim_giang_annual_report_as_pdf(
    world: World, token: Token, role: str, unit: str, expected: int
) -> None:
    office_tools()
    response = await world.http["reporting"].get(
        f"/units/{TARGET}/reports/annual.pdf", params={"period": "2020"}, headers=bearer(token(role, unit))
    )
    assert response.status_code == expected, response.text
    if expected == 200:
        assert re.search(r"Tập thể đăng ký danh hiệu thi đua\s+1\n", "\n".join(pdf_pages(response.content)))
    else:
        assert_forbidden(response)


@pytest.mark.parametrize(("role", "unit", "expected"), cases(THANH_XUAN_FIVE_YEAR_REPORT))
async def test_thanh_xuan_five_year_report(
    world: World, token: Token, role: str, unit: str, expected: int
) -> None:
    response = await world.http["reporting"].get(
        "/units/q-thanh-xuan/reports/five-year.docx", params={"from": 2020}, headers=bearer(token(role, unit))
    )
    assert response.status_code == expected, response.text
    if expected == 200:
        doc = opened_docx(response)  # Kim Giang's and Khương Đình's registrations; nothing after 2020
        assert first_table_row(doc, "Tập thể đăng ký danh hiệu thi đua") == ["2", "–", "–", "–", "–", "2"]
    else:
        assert_forbidden(response)


@pytest.mark.parametrize(("role", "unit", "expected"), cases(THANH_XUAN_FIVE_YEAR_REPORT))
async def test_thanh_xuan_statistics_forms(
    world: World, token: Token, role: str, unit: str, expected: int
) -> None:
    # Refusals come before the range is judged: the outsiders ask for a range that is not one.
    params = {"from": 2020, "to": 2020 if expected == 200 else 2000}
    response = await world.http["reporting"].get(
        "/units/q-thanh-xuan/statistics.xlsx", params=params, headers=bearer(token(role, unit))
    )
    assert response.status_code == expected, response.text
    if expected == 200:
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        assert book.sheetnames == ["0601", "0602", "0603", "0604", "0605"]
    else:
        assert_forbidden(response)
        as_pdf = await world.http["reporting"].get(
            "/units/q-thanh-xuan/statistics.pdf", params=params, headers=bearer(token(role, unit))
        )
        assert_forbidden(as_pdf)  # the PDF is the same forms: refused the same way, before converting


@pytest.mark.parametrize(("role", "unit", "expected"), cases(THANH_XUAN_FIVE_YEAR_REPORT))
async def test_thanh_xuan_task_calendar(
    world: World, token: Token, role: str, unit: str, expected: int
) -> None:
    response = await world.http["reporting"].get(
        "/units/q-thanh-xuan/task-calendar", params={"period": "2020"}, headers=bearer(token(role, unit))
    )
    assert response.status_code == expected, response.text
    if expected == 200:
        assert response.json()["unit_name"] == "Quận Thanh Xuân"
    else:
        assert_forbidden(response)


@pytest.mark.parametrize(("role", "unit", "expected"), cases(KIM_GIANG_REGISTRATIONS_CHART))
async def test_kim_giang_registrations_chart(
    world: World, token: Token, role: str, unit: str, expected: int
) -> None:
    response = await world.http["reporting"].get(
        f"/units/{TARGET}/charts/registrations-by-title.png",
        params={"period": "2020"},
        headers=bearer(token(role, unit)),
    )
    assert response.status_code == expected, response.text
    if expected == 200:
        assert response.content.startswith(b"\x89PNG\r\n\x1a\n")
    else:
        assert_forbidden(response)


@pytest.mark.parametrize(("role", "unit", "expected"), cases(THANH_XUAN_AWARDS_CHART))
async def test_thanh_xuan_awards_chart(
    world: World, token: Token, role: str, unit: str, expected: int
) -> None:
    response = await world.http["reporting"].get(
        "/units/q-thanh-xuan/charts/awards-by-level.svg",
        params={"from": 2020, "to": 2021},
        headers=bearer(token(role, unit)),
    )
    assert response.status_code == expected, response.text
    if expected == 200:
        assert "Quận Thanh Xuân" in response.text
    else:
        assert_forbidden(response)
        assert "<svg" not in response.text


@pytest.mark.parametrize(("role", "unit", "expected"), cases(THANH_XUAN_COVERAGE_CHART))
async def test_thanh_xuan_coverage_chart(
    world: World, token: Token, role: str, unit: str, expected: int
) -> None:
    response = await world.http["reporting"].get(
        "/rounds/dk-2020-q-thanh-xuan/charts/coverage.svg", headers=bearer(token(role, unit))
    )
    assert response.status_code == expected, response.text
    if expected == 200:
        assert "Đăng ký thi đua" in response.text  # the round's name
    else:
        assert_forbidden(response)
        assert "<svg" not in response.text


@pytest.mark.parametrize(("role", "unit", "expected"), cases(READ_KIM_GIANG_COUNTS))
async def test_read_kim_giang_counts(world: World, token: Token, role: str, unit: str, expected: int) -> None:
    response = await world.http["reporting"].get(
        f"/units/{TARGET}/counts", params={"period": "2020"}, headers=bearer(token(role, unit))
    )
    assert response.status_code == expected, response.text
    if expected == 200:
        body = response.json()
        assert (body["unit_id"], body["period"], body["registrations_total"]) == (TARGET, "2020", 1)
    else:
        assert_forbidden(response)
        assert "registrations_total" not in response.text


@pytest.mark.parametrize(("role", "unit", "expected"), cases(EVALUATION_REGISTER_SHOWS_KIM_GIANG))
async def test_evaluation_register_shows_kim_giang(
    world: World, token: Token, role: str, unit: str, expected: str
) -> None:
    response = await world.http["review"].get(
        "/evaluation-register", params={"year": 2020}, headers=bearer(token(role, unit))
    )
    assert response.status_code == 200, response.text
    entries = {e["registration_id"]: e["unit_id"] for e in response.json()}
    seen = SEEN if world.registration_id in entries else HIDDEN
    assert seen == expected, f"Kim Giang entry {seen} for {role}@{unit}; register: {entries}"
    if seen == SEEN:
        assert entries[world.registration_id] == TARGET


@pytest.mark.parametrize(("role", "unit", "expected"), cases(INBOX_SHOWS_STANDING_OFFICE_MESSAGE))
async def test_only_its_recipient_marks_the_standing_office_message_read(
    world: World, token: Token, role: str, unit: str, expected: str
) -> None:
    office = bearer(token("standing_office", "q-thanh-xuan"))

    async def message() -> dict[str, Any]:
        items = (await world.http["notify"].get("/inbox", headers=office)).json()["items"]
        return next(i for i in items if "Phường Kim Giang" in i["subject"])

    before = await message()
    response = await world.http["notify"].post(
        f"/inbox/{before['id']}/read", headers=bearer(token(role, unit))
    )
    after = await message()
    if expected == SEEN:
        assert response.status_code == 204, response.text
        assert after["read"] is True
    else:
        assert response.status_code == 404, response.text
        assert response.json()["error"]["code"] == "UNKNOWN_MESSAGE"
        assert after["read"] == before["read"]


@pytest.mark.parametrize(("role", "unit", "expected"), cases(INBOX_SHOWS_STANDING_OFFICE_MESSAGE))
async def test_inbox_shows_the_standing_office_message(
    world: World, token: Token, role: str, unit: str, expected: str
) -> None:
    response = await world.http["notify"].get("/inbox", headers=bearer(token(role, unit)))
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    kim_giang = [
        i
        for i in items
        if i["recipient"] == "standing_office@q-thanh-xuan" and "Phường Kim Giang" in i["subject"]
    ]
    seen = SEEN if kim_giang else HIDDEN
    assert seen == expected, f"message {seen} for {role}@{unit}; inbox: {items}"
    # Whatever the caller sees is addressed to one of its own (role, unit) bindings.
    assert {i["recipient"] for i in items} <= {f"{role}@{unit}"}
    assert response.json()["unread"] == sum(not i["read"] for i in items)


@pytest.mark.parametrize(("role", "unit", "expected"), cases(LIST_ROUNDS))
async def test_list_rounds(world: World, token: Token, role: str, unit: str, expected: int) -> None:
    response = await world.http["registration"].get("/rounds", headers=bearer(token(role, unit)))
    assert response.status_code == expected, response.text
    assert {ROUND, NOMINATION_ROUND} <= {r["round_id"] for r in response.json()}


@pytest.mark.parametrize(("role", "unit", "expected"), cases(READ_UNIT))
async def test_read_unit(world: World, token: Token, role: str, unit: str, expected: int) -> None:
    response = await world.http["registration"].get(f"/units/{TARGET}", headers=bearer(token(role, unit)))
    assert response.status_code == expected, response.text
    assert response.json()["path"] == ["ha-noi", "q-thanh-xuan", TARGET]


# ---------------------------------------------------------------------------------------------
# The lifecycle matrices: a submitted Kim Giang registration, acted on by each caller
# ---------------------------------------------------------------------------------------------


async def act_on_submitted(
    infra: Any,
    shared_submitted: tuple[Registry, str],
    expected: int,
    act: Callable[[httpx.AsyncClient, str], Any],
) -> tuple[httpx.Response, str, dict[str, Any], dict[str, Any]]:
    """`act` on a submitted Kim Giang registration: a fresh one if the call is to be allowed, the
    shared one if it is to be refused. Returns the response, the id, and the stored document
    before and after."""
    if expected < 300:
        async with seeded_registry(infra, fixed_clock) as fresh:
            registration_id = await submit_kim_giang(fresh.http)
            [before] = await fresh.registrations()
            response = await act(fresh.http, registration_id)
            [after] = await fresh.registrations()
    else:
        reg, registration_id = shared_submitted
        [before] = await reg.registrations()
        response = await act(reg.http, registration_id)
        [after] = await reg.registrations()
    assert response.status_code == expected, response.text
    return response, registration_id, before, after


@pytest.mark.parametrize(("role", "unit", "expected"), cases(APPROVE_KIM_GIANG))
async def test_approve_kim_giang(
    infra: Any,
    shared_submitted: tuple[Registry, str],
    token: Token,
    role: str,
    unit: str,
    expected: int,
) -> None:
    async def approve(client: httpx.AsyncClient, registration_id: str) -> httpx.Response:
        return await client.post(
            f"/registrations/{registration_id}/approve", headers=bearer(token(role, unit))
        )

    response, registration_id, before, after = await act_on_submitted(
        infra, shared_submitted, expected, approve
    )
    if expected == 200:
        assert (response.json()["registration_id"], response.json()["status"]) == (
            registration_id,
            "approved",
        )
        assert after["status"] == "approved"
        assert [(h["status"], h["by"]) for h in after["history"]] == [
            ("submitted", "world-builder"),
            ("approved", "tester"),
        ]
        assert event_types(after) == ["registration.submitted", "registration.status_changed"]
    else:
        assert_forbidden(response)
        assert after == before, "a refused approval must change nothing (and publish no event)"
        assert (after["status"], event_types(after)) == ("submitted", ["registration.submitted"])


@pytest.mark.parametrize(("role", "unit", "expected"), cases(WITHDRAW_KIM_GIANG))
async def test_withdraw_kim_giang(
    infra: Any,
    shared_submitted: tuple[Registry, str],
    token: Token,
    role: str,
    unit: str,
    expected: int,
) -> None:
    async def withdraw(client: httpx.AsyncClient, registration_id: str) -> httpx.Response:
        return await client.post(
            f"/registrations/{registration_id}/withdraw",
            json={"reason": WITHDRAW_REASON},
            headers=bearer(token(role, unit)),
        )

    response, registration_id, before, after = await act_on_submitted(
        infra, shared_submitted, expected, withdraw
    )
    if expected == 200:
        assert (response.json()["registration_id"], response.json()["status"]) == (
            registration_id,
            "withdrawn",
        )
        assert after["status"] == "withdrawn"
        assert after["slot"] == f"withdrawn|{registration_id}", "a withdrawal frees the title"
        last = after["history"][-1]
        assert (last["status"], last["by"], last["reason"]) == ("withdrawn", "tester", WITHDRAW_REASON)
        assert event_types(after) == ["registration.submitted", "registration.status_changed"]
    else:
        assert_forbidden(response)
        assert after == before, "a refused withdrawal must change nothing (and publish no event)"
        assert (after["status"], event_types(after)) == ("submitted", ["registration.submitted"])


@pytest.mark.parametrize(("role", "unit", "expected"), cases(AMEND_KIM_GIANG))
async def test_amend_kim_giang(
    infra: Any,
    shared_submitted: tuple[Registry, str],
    token: Token,
    role: str,
    unit: str,
    expected: int,
) -> None:
    async def amend(client: httpx.AsyncClient, registration_id: str) -> httpx.Response:
        return await client.patch(
            f"/registrations/{registration_id}",
            json={"title_code": AMENDED_TITLE},
            headers=bearer(token(role, unit)),
        )

    response, registration_id, before, after = await act_on_submitted(
        infra, shared_submitted, expected, amend
    )
    if expected == 200:
        assert (response.json()["registration_id"], response.json()["title_code"]) == (
            registration_id,
            AMENDED_TITLE,
        )
        assert (after["status"], after["title_code"]) == ("submitted", AMENDED_TITLE)
        assert after["title_name"] == "Tập thể lao động xuất sắc"
        assert [(h["status"], h["by"]) for h in after["history"]] == [
            ("submitted", "world-builder"),
            ("submitted", "tester"),
        ]
        assert event_types(after) == ["registration.submitted", "registration.status_changed"]
        changed = after["_outbox"][1]["envelope"]["payload"]
        assert (changed["previous_title_code"], changed["title_code"]) == (
            "tap_the_lao_dong_tien_tien",
            AMENDED_TITLE,
        )
    else:
        assert_forbidden(response)
        assert after == before, "a refused amendment must change nothing (and publish no event)"
        assert (after["title_code"], event_types(after)) == (
            "tap_the_lao_dong_tien_tien",
            ["registration.submitted"],
        )


@pytest.mark.parametrize(("role", "unit", "expected"), cases(ACCEPT_LATE_FOR_KIM_GIANG))
async def test_accept_late_for_kim_giang(
    infra: Any, shared_closed: Registry, token: Token, role: str, unit: str, expected: int
) -> None:
    async def accept(reg: Registry) -> tuple[httpx.Response, list[dict[str, Any]]]:
        response = await reg.http.post(
            LATE_URL,
            json={"unit_id": TARGET, "title_code": "tap_the_lao_dong_tien_tien", "reason": LATE_REASON},
            headers=bearer(token(role, unit)),
        )
        return response, await reg.registrations()

    if expected == 201:
        async with seeded_registry(infra, after_the_deadline) as fresh:
            response, stored = await accept(fresh)
        assert response.status_code == expected, response.text
        body = response.json()
        assert (body["unit_id"], body["late_reason"], body["locked"]) == (TARGET, LATE_REASON, True)
        assert [(d["_id"], d["unit_id"], d["late_reason"], d["submitted_by"]) for d in stored] == [
            (body["registration_id"], TARGET, LATE_REASON, "tester")
        ]
        assert event_types(stored[0]) == ["registration.submitted"]
        assert stored[0]["_outbox"][0]["envelope"]["payload"]["late_reason"] == LATE_REASON
    else:
        response, stored = await accept(shared_closed)
        assert response.status_code == expected, response.text
        assert_forbidden(response, "NOT_RECEIVING_OFFICE")
        assert stored == [], "a refused late acceptance must store nothing (and publish no event)"


@pytest.mark.parametrize(("role", "unit", "expected"), cases(EXTEND_FOR_KIM_GIANG))
async def test_extend_for_kim_giang(
    infra: Any, shared_closed: Registry, token: Token, role: str, unit: str, expected: int
) -> None:
    async def extend(reg: Registry) -> tuple[httpx.Response, dict[str, Any]]:
        response = await reg.http.post(
            f"/rounds/{ROUND}/extensions",
            json={"unit_id": TARGET, "deadline": "2020-02-20", "reason": LATE_REASON},
            headers=bearer(token(role, unit)),
        )
        return response, await reg.db["rounds"].find_one({"_id": ROUND})

    if expected == 201:
        async with seeded_registry(infra, after_the_deadline) as fresh:
            response, stored = await extend(fresh)
        assert response.status_code == expected, response.text
        [granted] = response.json()["extensions"]
        assert (granted["unit_id"], granted["reason"]) == (TARGET, LATE_REASON)
        assert stored["extensions"][TARGET]["reason"] == LATE_REASON
        assert event_types(stored)[-1] == "round.extension_granted"
    else:
        before = await shared_closed.db["rounds"].find_one({"_id": ROUND})
        response, stored = await extend(shared_closed)
        assert response.status_code == expected, response.text
        assert_forbidden(response, "NOT_RECEIVING_OFFICE")
        assert stored == before, "a refused extension must store nothing (and publish no event)"


@pytest.mark.parametrize(("role", "unit", "expected"), cases(LIST_SHOWS_KIM_GIANG))
async def test_list_shows_kim_giang(world: World, token: Token, role: str, unit: str, expected: str) -> None:
    caller = bearer(token(role, unit))
    response = await world.http["registration"].get(
        "/registrations", params={"round_id": ROUND}, headers=caller
    )
    assert response.status_code == 200, response.text
    page = response.json()
    entries = {i["registration_id"]: i["unit_id"] for i in page["items"]}
    assert page["total"] == len(page["items"]) == len(entries)
    seen = SEEN if world.registration_id in entries else HIDDEN
    assert seen == expected, f"Kim Giang registration {seen} for {role}@{unit}; list: {entries}"
    if seen == SEEN:
        assert entries[world.registration_id] == TARGET
    # Whatever the list shows, the caller may also read one by one.
    for registration_id in entries:
        one = await world.http["registration"].get(f"/registrations/{registration_id}", headers=caller)
        assert one.status_code == 200, f"{role}@{unit} listed {registration_id} but may not read it"


# ---------------------------------------------------------------------------------------------
# Individual registrations: a ward's list of people
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "unit", "expected"), cases(SUBMIT_KIM_GIANG_PEOPLE))
async def test_submit_kim_giang_people(
    infra: Any, shared: Shared, token: Token, role: str, unit: str, expected: int
) -> None:
    async def submit(reg: Registry) -> tuple[httpx.Response, list[dict[str, Any]]]:
        response = await reg.http.put(
            PEOPLE_URL, json={"people": NEW_PEOPLE}, headers=bearer(token(role, unit))
        )
        return response, await reg.people()

    if expected == 200:
        async with seeded_registry(infra, fixed_clock) as fresh:
            response, stored = await submit(fresh)
        assert response.status_code == expected, response.text
        body = response.json()
        assert (body["unit_id"], body["version"], body["submitted_by"]) == (TARGET, 1, "tester")
        assert [p["full_name"] for p in body["people"]] == ["Lê Thị Hồng Nhung"]
        [doc] = stored
        assert (doc["_id"], doc["unit_id"], doc["version"]) == (f"{ROUND}|{TARGET}", TARGET, 1)
        assert event_types(doc) == ["individual_registrations.submitted"]
    else:
        response, stored = await submit(shared.reg)
        assert response.status_code == expected, response.text
        assert_forbidden(response)
        assert stored == [], "a refused list must store nothing (and publish no event)"


@pytest.mark.parametrize(("role", "unit", "expected"), cases(READ_KIM_GIANG_PEOPLE))
async def test_read_kim_giang_people(world: World, token: Token, role: str, unit: str, expected: int) -> None:
    response = await world.http["registration"].get(PEOPLE_URL, headers=bearer(token(role, unit)))
    assert response.status_code == expected, response.text
    if expected == 200:
        body = response.json()
        assert (body["round_id"], body["unit_id"]) == (ROUND, TARGET)
        assert [p["full_name"] for p in body["people"]] == ["Nguyễn Thị Thịnh"]
    else:
        assert_forbidden(response)
        assert "Nguyễn Thị Thịnh" not in response.text


@pytest.mark.parametrize(("role", "unit", "expected"), cases(EXPORT_KIM_GIANG_PEOPLE))
async def test_export_kim_giang_people(
    world: World, token: Token, role: str, unit: str, expected: int
) -> None:
    response = await world.http["registration"].get(f"{PEOPLE_URL}.xlsx", headers=bearer(token(role, unit)))
    assert response.status_code == expected, response.text
    if expected == 200:
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        cells = {c for row in sheet.iter_rows(values_only=True) for c in row if c is not None}
        assert "Nguyễn Thị Thịnh" in cells
    else:
        assert_forbidden(response)
        assert "Nguyễn Thị Thịnh" not in response.text


@pytest.mark.parametrize(("role", "unit", "expected"), cases(PEOPLE_SEARCH_SHOWS_KIM_GIANG))
async def test_people_search_shows_kim_giang(
    world: World, token: Token, role: str, unit: str, expected: str
) -> None:
    caller = bearer(token(role, unit))
    response = await world.http["registration"].get("/people", params={"q": "thinh"}, headers=caller)
    assert response.status_code == 200, response.text
    page = response.json()
    found = [(i["full_name"], i["unit_id"]) for i in page["items"]]
    assert page["total"] == len(found)
    seen = SEEN if ("Nguyễn Thị Thịnh", TARGET) in found else HIDDEN
    assert seen == expected, f"Kim Giang's person {seen} for {role}@{unit}; found: {found}"
    # Whoever the search finds, the caller may also read the list they are on.
    for _, ward in found:
        one = await world.http["registration"].get(
            f"/rounds/{ROUND}/units/{ward}/individual-registrations", headers=caller
        )
        assert one.status_code == 200, f"{role}@{unit} found someone of {ward} but may not read the list"


@pytest.mark.parametrize(("role", "unit", "expected"), cases(PEOPLE_TEMPLATE))
async def test_people_template(world: World, token: Token, role: str, unit: str, expected: int) -> None:
    response = await world.http["registration"].get(
        "/templates/individual-registrations.xlsx", headers=bearer(token(role, unit))
    )
    assert response.status_code == expected, response.text
    assert response.content[:2] == b"PK", "an XLSX workbook (a zip)"


# ---------------------------------------------------------------------------------------------
# Nomination dossiers: draft, attach documents, submit, read
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "unit", "expected"), cases(CREATE_KIM_GIANG_DOSSIER))
async def test_create_kim_giang_dossier(
    shared: Shared, token: Token, role: str, unit: str, expected: int
) -> None:
    reg = shared.reg
    count = await reg.dossiers()
    response = await reg.http.post("/dossiers", json=DOSSIER, headers=bearer(token(role, unit)))
    assert response.status_code == expected, response.text
    if expected == 201:
        body = response.json()
        assert (body["unit_id"], body["status"], body["attachments"]) == (TARGET, "draft", [])
        doc = await reg.dossier(body["dossier_id"])  # a dossier of its own
        assert (doc["unit_id"], doc["status"]) == (TARGET, "draft")
        assert [(h["status"], h["by"]) for h in doc["history"]] == [("draft", "tester")]
        assert await reg.dossiers() == count + 1
    else:
        assert_forbidden(response)
        assert await reg.dossiers() == count, "a refused draft must store nothing"


@pytest.mark.parametrize(("role", "unit", "expected"), cases(ATTACH_TO_KIM_GIANG_DOSSIER))
async def test_attach_to_kim_giang_dossier(
    shared: Shared, token: Token, role: str, unit: str, expected: int
) -> None:
    reg = shared.reg
    # An allowed caller attaches to a draft of its own; a refused one to the shared bare draft.
    dossier_id = await draft_dossier(reg.http) if expected == 201 else shared.draft_id
    before, files = await reg.dossier(dossier_id), await reg.files()
    response = await attach(reg.http, dossier_id, bearer(token(role, unit)))
    assert response.status_code == expected, response.text
    after = await reg.dossier(dossier_id)
    if expected == 201:
        [stored] = after["attachments"]
        assert (stored["kind"], stored["uploaded_by"], stored["size"]) == (
            "achievement_report",
            "tester",
            len(PDF),
        )
        assert [a["attachment_id"] for a in response.json()["attachments"]] == [stored["attachment_id"]]
        assert await reg.files() == files + 1
    else:
        assert_forbidden(response)
        assert after == before, "a refused document must change nothing"
        assert after["attachments"] == []
        assert await reg.files() == files, "a refused document must not be kept in GridFS"


@pytest.mark.parametrize(("role", "unit", "expected"), cases(SUBMIT_KIM_GIANG_DOSSIER))
async def test_submit_kim_giang_dossier(
    shared: Shared, token: Token, role: str, unit: str, expected: int
) -> None:
    reg = shared.reg
    # An allowed caller submits a complete draft of its own; a refused one the shared one.
    dossier_id = await complete_dossier(reg.http) if expected == 200 else shared.complete_id
    before, files = await reg.dossier(dossier_id), await reg.files()
    response = await reg.http.post(f"/dossiers/{dossier_id}/submit", headers=bearer(token(role, unit)))
    assert response.status_code == expected, response.text
    after = await reg.dossier(dossier_id)
    assert await reg.files() == files
    if expected == 200:
        assert (response.json()["dossier_id"], response.json()["status"]) == (dossier_id, "submitted")
        assert after["status"] == "submitted"
        assert [(h["status"], h["by"]) for h in after["history"]] == [
            ("draft", "world-builder"),
            ("submitted", "tester"),
        ]
        assert event_types(after) == ["nomination.submitted"]
    else:
        assert_forbidden(response)
        assert after == before, "a refused submission must change nothing (and publish no event)"
        assert (after["status"], after.get("_outbox", [])) == ("draft", [])


@pytest.mark.parametrize(("role", "unit", "expected"), cases(READ_KIM_GIANG_DOSSIER))
async def test_read_kim_giang_dossier(
    world: World, token: Token, role: str, unit: str, expected: int
) -> None:
    response = await world.http["registration"].get(
        f"/dossiers/{world.dossier_id}", headers=bearer(token(role, unit))
    )
    assert response.status_code == expected, response.text
    if expected == 200:
        body = response.json()
        assert (body["dossier_id"], body["unit_id"]) == (world.dossier_id, TARGET)
        assert [a["attachment_id"] for a in body["attachments"]] == [world.attachment_id]
    else:
        assert_forbidden(response)
        assert world.attachment_id not in response.text


@pytest.mark.parametrize(("role", "unit", "expected"), cases(DOWNLOAD_KIM_GIANG_ATTACHMENT))
async def test_download_kim_giang_attachment(
    world: World, token: Token, role: str, unit: str, expected: int
) -> None:
    response = await world.http["registration"].get(
        f"/dossiers/{world.dossier_id}/attachments/{world.attachment_id}",
        headers=bearer(token(role, unit)),
    )
    assert response.status_code == expected, response.text
    if expected == 200:
        assert (response.content, response.headers["content-type"]) == (PDF, "application/pdf")
    else:
        assert_forbidden(response)
        assert b"%PDF" not in response.content


# ---------------------------------------------------------------------------------------------
# Several bindings in one token: rights do not leak from one binding to another
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bindings", "ward", "expected"),
    [
        pytest.param(
            [("unit_officer", "p-kim-giang"), ("viewer", "q-hoang-mai")],
            "p-khuong-dinh",
            403,
            id="officer@kim-giang+viewer@hoang-mai submits for khuong-dinh",
        ),
        pytest.param(
            [("unit_officer", "p-khuong-dinh"), ("viewer", "q-thanh-xuan")],
            "p-kim-giang",
            403,
            id="officer@khuong-dinh+viewer@thanh-xuan submits for kim-giang",
        ),
        pytest.param(
            [("unit_officer", "p-kim-giang"), ("viewer", "q-hoang-mai")],
            "p-kim-giang",
            201,
            id="officer@kim-giang+viewer@hoang-mai submits for kim-giang",
        ),
    ],
)
async def test_bindings_do_not_combine(
    infra: Any,
    shared: Shared,
    token: Token,
    bindings: list[tuple[str, str]],
    ward: str,
    expected: int,
) -> None:
    async def submit(reg: Registry) -> tuple[httpx.Response, int]:
        response = await reg.http.post(
            SUBMIT_URL,
            json={"unit_id": ward, "title_code": "tap_the_lao_dong_tien_tien"},
            headers=bearer(token(*bindings[0], *bindings[1:])),
        )
        return response, len(await reg.registrations())

    if expected == 201:
        async with seeded_registry(infra, fixed_clock) as fresh:
            response, stored = await submit(fresh)
    else:
        response, stored = await submit(shared.reg)
    assert response.status_code == expected, response.text
    assert stored == (1 if expected == 201 else 0)


# ---------------------------------------------------------------------------------------------
# The level's planning: movements, rounds, deadlines, the task calendar
# ---------------------------------------------------------------------------------------------

PLANNING_READS = (
    "/titles?subject_kind=collective",
    "/movements?unit_id=p-kim-giang&year=2020",
    f"/movements/{SEEDED_MOVEMENT}",
    f"/rounds/{ROUND}",
    "/calendars?year=2020",
    f"/calendars/{CALENDAR}",
)
# Allowed callers complete different tasks (a task is completed once); refused ones try task 2.
TASK_FOR = {("standing_office", "q-thanh-xuan"): 5, ("admin", "q-thanh-xuan"): 6, ("admin", "ha-noi"): 7}
DEADLINE_ROUND = "dl-2020-q-thanh-xuan"


@pytest.fixture(scope="module")
async def planning(infra: Any) -> AsyncIterator[Registry]:
    """A shared world with one extra Thanh Xuân round whose deadline the callers try to move."""
    async with seeded_registry(infra, fixed_clock) as reg:
        await registration.usecases.seeding.open_round(
            reg.deps,
            Round(
                DEADLINE_ROUND,
                "Đợt thử dời hạn",
                "registration",
                2020,
                "q-thanh-xuan",
                "Quận Thanh Xuân",
                date(2020, 1, 22),
                end_of_day(date(2020, 3, 31)),
            ),
        )
        yield reg


@pytest.mark.parametrize(("role", "unit", "expected"), cases(READ_PLANNING))
async def test_read_planning(planning: Registry, token: Token, role: str, unit: str, expected: int) -> None:
    for url in PLANNING_READS:
        response = await planning.http.get(url, headers=bearer(token(role, unit)))
        assert response.status_code == expected, (url, response.text)


@pytest.mark.parametrize(
    ("url", "body", "collection"),
    [("/movements", MOVEMENT, "movements"), ("/rounds", PLANNED_ROUND, "rounds")],
    ids=["launch movement", "open round"],
)
@pytest.mark.parametrize(("role", "unit", "expected"), cases(THANH_XUAN_LEVEL_ACTS))
async def test_thanh_xuan_plans(
    planning: Registry,
    token: Token,
    role: str,
    unit: str,
    expected: int,
    url: str,
    body: dict[str, Any],
    collection: str,
) -> None:
    before = await planning.db[collection].count_documents({})
    response = await planning.http.post(url, json=body, headers=bearer(token(role, unit)))
    after = await planning.db[collection].count_documents({})
    if expected == 200:
        assert response.status_code == 201, response.text
        assert after == before + 1
    else:
        assert response.status_code == expected, response.text
        assert_forbidden(response, "NOT_LEVEL_OFFICE")
        assert after == before


@pytest.mark.parametrize(("role", "unit", "expected"), cases(THANH_XUAN_LEVEL_ACTS))
async def test_move_thanh_xuan_deadline(
    planning: Registry, token: Token, role: str, unit: str, expected: int
) -> None:
    # Each allowed caller sets a deadline of its own, so each call really changes something.
    new_day = date(2020, 4, 1 + sorted(TASK_FOR).index((role, unit))) if expected == 200 else date(2020, 5, 1)
    before = await planning.db["rounds"].find_one({"_id": DEADLINE_ROUND})
    response = await planning.http.put(
        f"/rounds/{DEADLINE_ROUND}/deadline",
        json={"deadline": new_day.isoformat()},
        headers=bearer(token(role, unit)),
    )
    after = await planning.db["rounds"].find_one({"_id": DEADLINE_ROUND})
    assert response.status_code == expected, response.text
    if expected == 200:
        assert after["deadline"] == end_of_day(new_day)
        assert event_types(after)[-1] == "round.opened"
    else:
        assert_forbidden(response, "NOT_LEVEL_OFFICE")
        assert after == before


@pytest.mark.parametrize(("role", "unit", "expected"), cases(THANH_XUAN_LEVEL_ACTS))
async def test_complete_thanh_xuan_task(
    planning: Registry, token: Token, role: str, unit: str, expected: int
) -> None:
    number = TASK_FOR.get((role, unit), 2)
    before = await planning.db["task_calendars"].find_one({"_id": CALENDAR})
    response = await planning.http.post(
        f"/calendars/{CALENDAR}/tasks/{number}/completion", json={}, headers=bearer(token(role, unit))
    )
    after = await planning.db["task_calendars"].find_one({"_id": CALENDAR})
    assert response.status_code == expected, response.text
    if expected == 200:
        assert str(number) in after["completed"]
        assert event_types(after)[-1] == "calendar_task.completed"
    else:
        assert_forbidden(response, "NOT_LEVEL_OFFICE")
        assert after == before


# ---------------------------------------------------------------------------------------------
# Kim Giang's forms, initiatives and exemplars
# ---------------------------------------------------------------------------------------------


def in_may() -> datetime:
    return IN_MAY


@dataclass
class Proposals:
    """A shared world in May 2020 with Kim Giang's models form, one initiative and one exemplar."""

    reg: Registry
    initiative_id: str
    exemplar_id: str


@pytest.fixture(scope="module")
async def proposals(infra: Any) -> AsyncIterator[Proposals]:
    async with seeded_registry(infra, in_may) as reg:
        # the registration round closed in February: the form is stored directly, as if sent then
        reg.deps.clock = fixed_clock
        assert (
            await reg.http.put(MODELS_URL, json={"rows": [MODEL_ROW]}, headers=OFFICER)
        ).status_code == 200
        reg.deps.clock = in_may
        initiative = await reg.http.post(INITIATIVES_URL, json=INITIATIVE, headers=OFFICER)
        exemplar = await reg.http.post(EXEMPLARS_URL, json=EXEMPLAR, headers=OFFICER)
        assert initiative.status_code == exemplar.status_code == 201, (initiative.text, exemplar.text)
        yield Proposals(reg, initiative.json()["submission_id"], exemplar.json()["submission_id"])


@pytest.mark.parametrize(("role", "unit", "expected"), cases(SUBMIT_KIM_GIANG_PROPOSALS))
async def test_submit_kim_giang_proposals(
    proposals: Proposals, token: Token, role: str, unit: str, expected: int
) -> None:
    reg, headers = proposals.reg, bearer(token(role, unit))
    before = await reg.db["submissions"].count_documents({})
    for url, body in ((INITIATIVES_URL, INITIATIVE), (EXEMPLARS_URL, EXEMPLAR)):
        response = await reg.http.post(url, json=body, headers=headers)
        assert response.status_code == (201 if expected == 200 else expected), (url, response.text)
        if expected != 200:
            assert_forbidden(response)
    after = await reg.db["submissions"].count_documents({})
    assert after == before + (2 if expected == 200 else 0)


@pytest.mark.parametrize(("role", "unit", "expected"), cases(SUBMIT_KIM_GIANG_PROPOSALS))
async def test_submit_kim_giang_form(
    proposals: Proposals, token: Token, role: str, unit: str, expected: int
) -> None:
    reg = proposals.reg
    before = await reg.db["form_lists"].find_one({})
    reg.deps.clock = fixed_clock  # inside the registration round
    try:
        response = await reg.http.put(
            MODELS_URL, json={"rows": [MODEL_ROW]}, headers=bearer(token(role, unit))
        )
    finally:
        reg.deps.clock = in_may
    after = await reg.db["form_lists"].find_one({})
    assert response.status_code == expected, response.text
    if expected == 200:
        assert after["version"] == before["version"] + 1
    else:
        assert_forbidden(response)
        assert after == before


@pytest.mark.parametrize(("role", "unit", "expected"), cases(READ_KIM_GIANG_PROPOSALS))
async def test_read_kim_giang_proposals(
    proposals: Proposals, token: Token, role: str, unit: str, expected: int
) -> None:
    urls = (
        MODELS_URL,
        MODELS_URL + ".xlsx",
        f"/initiatives/{proposals.initiative_id}",
        f"/exemplars/{proposals.exemplar_id}",
    )
    for url in urls:
        response = await proposals.reg.http.get(url, headers=bearer(token(role, unit)))
        assert response.status_code == expected, (url, response.text)


@pytest.mark.parametrize(("role", "unit", "expected"), cases(LIST_SHOWS_KIM_GIANG_PROPOSALS))
async def test_lists_show_kim_giang_proposals(
    proposals: Proposals, token: Token, role: str, unit: str, expected: str
) -> None:
    headers = bearer(token(role, unit))
    for plural, own_id in (("initiatives", proposals.initiative_id), ("exemplars", proposals.exemplar_id)):
        response = await proposals.reg.http.get(f"/{plural}?limit=500", headers=headers)
        assert response.status_code == 200, response.text
        ids = {item["submission_id"] for item in response.json()["items"]}
        assert (SEEN if own_id in ids else HIDDEN) == expected, (plural, role, unit)
        assert all(item["unit_id"] == TARGET for item in response.json()["items"])
        exported = await proposals.reg.http.get(f"/{plural}.xlsx", headers=headers)
        rows = list(load_workbook(io.BytesIO(exported.content)).active.iter_rows(min_row=4, values_only=True))
        assert len(rows) == response.json()["total"]


@pytest.mark.parametrize(("role", "unit", "expected"), cases(WITHDRAW_KIM_GIANG_PROPOSALS))
async def test_withdraw_kim_giang_proposals(
    proposals: Proposals, token: Token, role: str, unit: str, expected: int
) -> None:
    reg = proposals.reg
    for url, body in ((INITIATIVES_URL, INITIATIVE), (EXEMPLARS_URL, EXEMPLAR)):
        created = await reg.http.post(url, json=body, headers=OFFICER)  # a proposal of this case's own
        plural = url.rsplit("/", 1)[1]
        submission_id = created.json()["submission_id"]
        response = await reg.http.post(
            f"/{plural}/{submission_id}/withdraw",
            json={"reason": "Rút để bổ sung"},
            headers=bearer(token(role, unit)),
        )
        assert response.status_code == expected, (plural, response.text)
        stored = await reg.db["submissions"].find_one({"_id": submission_id})
        if expected == 200:
            assert stored["status"] == "withdrawn"
            assert event_types(stored)[-1] == "submission.withdrawn"
        else:
            assert_forbidden(response)
            assert stored["status"] == "submitted"
            assert event_types(stored) == [f"{plural[:-1]}.submitted"]


# ---------------------------------------------------------------------------------------------
# Kim Giang's draft registration
# ---------------------------------------------------------------------------------------------


async def draft_kim_giang(client: httpx.AsyncClient) -> str:
    """Kim Giang's officer saves a draft registration; returns its id."""
    body = {"unit_id": TARGET, "title_code": "tap_the_lao_dong_tien_tien", "draft": True}
    response = await client.post(SUBMIT_URL, json=body, headers=OFFICER)
    assert response.status_code == 201, response.text
    return str(response.json()["registration_id"])


@pytest.fixture(scope="module")
async def shared_draft(infra: Any) -> AsyncIterator[tuple[Registry, str]]:
    async with seeded_registry(infra, fixed_clock) as reg:
        yield reg, await draft_kim_giang(reg.http)


@pytest.mark.parametrize(("role", "unit", "expected"), cases(READ_KIM_GIANG_DRAFT))
async def test_read_kim_giang_draft(
    shared_draft: tuple[Registry, str], token: Token, role: str, unit: str, expected: int
) -> None:
    reg, draft_id = shared_draft
    response = await reg.http.get(f"/registrations/{draft_id}", headers=bearer(token(role, unit)))
    assert response.status_code == expected, response.text
    listed = await reg.http.get("/registrations", headers=bearer(token(role, unit)))
    assert (draft_id in {i["registration_id"] for i in listed.json()["items"]}) == (expected == 200)


@pytest.mark.parametrize(("role", "unit", "expected"), cases(SEND_KIM_GIANG_DRAFT))
async def test_send_kim_giang_draft(
    infra: Any, shared_draft: tuple[Registry, str], token: Token, role: str, unit: str, expected: int
) -> None:
    if expected == 200:
        async with seeded_registry(infra, fixed_clock) as fresh:
            draft_id = await draft_kim_giang(fresh.http)
            response = await fresh.http.post(
                f"/registrations/{draft_id}/submit", headers=bearer(token(role, unit))
            )
            [doc] = await fresh.registrations()
        assert response.status_code == 200, response.text
        assert doc["status"] == "submitted"
        assert event_types(doc) == ["registration.drafted", "registration.submitted"]
    else:
        reg, draft_id = shared_draft
        [before] = await reg.registrations()
        response = await reg.http.post(f"/registrations/{draft_id}/submit", headers=bearer(token(role, unit)))
        [after] = await reg.registrations()
        assert response.status_code == expected, response.text
        assert_forbidden(response)
        assert after == before


@pytest.mark.parametrize(("role", "unit", "expected"), cases(LIST_SHOWS_KIM_GIANG))
async def test_dossier_list_shows_kim_giang(
    world: World, token: Token, role: str, unit: str, expected: str
) -> None:
    headers = bearer(token(role, unit))
    response = await world.http["registration"].get("/dossiers?limit=500", headers=headers)
    assert response.status_code == 200, response.text
    ids = {item["dossier_id"] for item in response.json()["items"]}
    assert (SEEN if world.dossier_id in ids else HIDDEN) == expected
    assert all(item["unit_id"] == TARGET for item in response.json()["items"])
    exported = await world.http["registration"].get("/dossiers.xlsx", headers=headers)
    rows = list(load_workbook(io.BytesIO(exported.content)).active.iter_rows(min_row=4, values_only=True))
    assert len(rows) == response.json()["total"]


# ---------------------------------------------------------------------------------------------
# Review: Kim Giang's nomination at its district (read it; return, appraise, accept it)
# ---------------------------------------------------------------------------------------------

# GET /nominations/{id}: like reading the dossier (its unit, and the levels above with subtree roles).
READ_KIM_GIANG_NOMINATION = READ_KIM_GIANG_DOSSIER
# POST /nominations/{id}/return, /appraisal, /accept: the district's own standing office (or an admin).
ACT_ON_KIM_GIANG_NOMINATION = THANH_XUAN_LEVEL_ACTS
REVIEW_OFFICE = bearer(_mint("standing_office", "q-thanh-xuan"))


@dataclass
class ReviewWorld:
    """Review's app on its own namespace, fed Kim Giang's registration and nominations."""

    http: httpx.AsyncClient
    db: Any
    on: Any
    shared_id: str


@pytest.fixture(scope="module")
async def review_world(infra: Any) -> AsyncIterator[ReviewWorld]:
    from emutrack_contracts import samples

    namespace = f"t{uuid.uuid4().hex[:10]}"
    settings = ReviewSettings(**_settings(infra, namespace))
    raw: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(infra.mongodb, tz_aware=True)
    try:
        deps = review.bootstrap.deps(settings, clock=lambda: datetime(2020, 12, 20, 3, 0, tzinfo=UTC))
        on = review.bootstrap.event_handlers(deps)
        position = Position("t", 0, 0)
        await on["registration.submitted"](
            samples.registration_submitted("tap_the_lao_dong_tien_tien"), position
        )
        await on["nomination.submitted"](samples.nomination_submitted("hs-shared"), position)
        app = review.entrypoints.http.create_app(settings, deps)
        async with client_for(app, "review") as client:
            yield ReviewWorld(client, raw[f"{namespace}_review"], on, "hs-shared@q-thanh-xuan")
    finally:
        await raw.drop_database(f"{namespace}_review")
        await raw.close()


@pytest.mark.parametrize(("role", "unit", "expected"), cases(READ_KIM_GIANG_NOMINATION))
async def test_read_kim_giang_nomination(
    review_world: ReviewWorld, token: Token, role: str, unit: str, expected: int
) -> None:
    headers = bearer(token(role, unit))
    response = await review_world.http.get(f"/nominations/{review_world.shared_id}", headers=headers)
    assert response.status_code == expected, response.text
    listed = (await review_world.http.get("/nominations", headers=headers)).json()
    assert (review_world.shared_id in {n["nomination_id"] for n in listed["items"]}) == (expected == 200)


@pytest.mark.parametrize("action", ["return", "appraisal", "accept"])
@pytest.mark.parametrize(("role", "unit", "expected"), cases(ACT_ON_KIM_GIANG_NOMINATION))
async def test_act_on_kim_giang_nomination(
    review_world: ReviewWorld, token: Token, role: str, unit: str, expected: int, action: str
) -> None:
    from emutrack_contracts import samples

    body = {"reasons": ["Thiếu biên bản họp Hội đồng"]} if action == "return" else {}
    target = review_world.shared_id
    if expected == 200:  # a nomination of this case's own, appraised first when it is to be accepted
        dossier = f"hs-{uuid.uuid4().hex[:8]}"
        await review_world.on["nomination.submitted"](
            samples.nomination_submitted(dossier), Position("t", 0, 0)
        )
        target = f"{dossier}@q-thanh-xuan"
        if action == "accept":
            assert (
                await review_world.http.post(f"/nominations/{target}/appraisal", headers=REVIEW_OFFICE)
            ).status_code == 200
    before = await review_world.db["nominations"].find_one({"_id": target})
    response = await review_world.http.post(
        f"/nominations/{target}/{action}", json=body, headers=bearer(token(role, unit))
    )
    after = await review_world.db["nominations"].find_one({"_id": target})
    assert response.status_code == expected, response.text
    if expected == 200:
        assert after != before
    else:  # a caller who cannot even see it is told so; one who sees it, that it is not its level's
        assert response.json()["error"]["code"] in ("FORBIDDEN_UNIT", "NOT_LEVEL_OFFICE"), response.text
        assert after == before


# PUT /councils/q-thanh-xuan, POST /sessions for it: the level's own office or admin binding (a
# binding above the level does not prepare another level's council business).
PREPARE_THANH_XUAN_COUNCIL: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (403,      403,        403,    403,         403),
    "unit_head":       (403,      403,        403,    403,         403),
    "standing_office": (403,      200,        403,    403,         403),
    "council_member":  (403,      403,        403,    403,         403),
    "council_chair":   (403,      403,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      403,        403,    403,         403),
    "admin":           (403,      200,        403,    403,         403),
}  # fmt: skip
# GET /sessions/{id} of Thanh Xuân's council: its office, council, admin and viewers.
READ_THANH_XUAN_SESSION: dict[str, tuple[int, ...]] = {
    #                  kim-giang  thanh-xuan  ha-noi  khuong-dinh  hoang-mai
    "unit_officer":    (403,      403,        403,    403,         403),
    "unit_head":       (403,      403,        403,    403,         403),
    "standing_office": (403,      200,        403,    403,         403),
    "council_member":  (403,      200,        403,    403,         403),
    "council_chair":   (403,      200,        403,    403,         403),
    "cluster_head":    (403,      403,        403,    403,         403),
    "viewer":          (403,      200,        403,    403,         403),
    "admin":           (403,      200,        403,    403,         403),
}  # fmt: skip
TABLES["prepare thanh xuan council"] = PREPARE_THANH_XUAN_COUNCIL
TABLES["read thanh xuan session"] = READ_THANH_XUAN_SESSION
COUNCIL = {
    "members": [{"member_id": "m1", "name": "Chủ tịch"}, {"member_id": "m2", "name": "Ủy viên"}],
    "chair_id": "m1",
}


@pytest.mark.parametrize(("role", "unit", "expected"), cases(PREPARE_THANH_XUAN_COUNCIL))
async def test_prepare_thanh_xuan_council(
    review_world: ReviewWorld, token: Token, role: str, unit: str, expected: int
) -> None:
    headers = bearer(token(role, unit))
    before = await review_world.db["councils"].find_one({"_id": "q-thanh-xuan"})
    response = await review_world.http.put("/councils/q-thanh-xuan", json=COUNCIL, headers=headers)
    after = await review_world.db["councils"].find_one({"_id": "q-thanh-xuan"})
    assert response.status_code == expected, response.text
    if expected == 200:
        planned = await review_world.http.post(
            "/sessions",
            json={"level_unit_id": "q-thanh-xuan", "held_on": "2020-12-25", "name": "Phiên họp"},
            headers=headers,
        )
        assert planned.status_code == 201, planned.text
    else:
        assert_forbidden(response, "NOT_LEVEL_COUNCIL")
        assert after == before
        refused = await review_world.http.post(
            "/sessions",
            json={"level_unit_id": "q-thanh-xuan", "held_on": "2020-12-25", "name": "Phiên họp"},
            headers=headers,
        )
        assert refused.status_code == 403


@pytest.mark.parametrize(("role", "unit", "expected"), cases(READ_THANH_XUAN_SESSION))
async def test_read_thanh_xuan_session(
    review_world: ReviewWorld, token: Token, role: str, unit: str, expected: int
) -> None:
    office = bearer(_mint("standing_office", "q-thanh-xuan"))
    assert (
        await review_world.http.put("/councils/q-thanh-xuan", json=COUNCIL, headers=office)
    ).status_code == 200
    planned = await review_world.http.post(
        "/sessions",
        json={"level_unit_id": "q-thanh-xuan", "held_on": "2020-12-25", "name": "Phiên họp"},
        headers=office,
    )
    response = await review_world.http.get(
        f"/sessions/{planned.json()['session_id']}", headers=bearer(token(role, unit))
    )
    assert response.status_code == expected, response.text


# POST /clusters for Thanh Xuân's wards: like preparing its council (the level's own office or admin).
SET_UP_THANH_XUAN_CLUSTER = PREPARE_THANH_XUAN_COUNCIL
CLUSTER = {
    "level_unit_id": "q-thanh-xuan",
    "name": "Cụm thi đua số 2",
    "year": 2020,
    "member_ids": ["p-kim-giang", "p-khuong-dinh", "p-ha-dinh"],
    "head_id": "p-kim-giang",
    "deputy_id": "p-khuong-dinh",
}


@pytest.mark.parametrize(("role", "unit", "expected"), cases(SET_UP_THANH_XUAN_CLUSTER))
async def test_set_up_thanh_xuan_cluster(
    review_world: ReviewWorld, token: Token, role: str, unit: str, expected: int
) -> None:
    before = await review_world.db["clusters"].count_documents({})
    response = await review_world.http.post("/clusters", json=CLUSTER, headers=bearer(token(role, unit)))
    after = await review_world.db["clusters"].count_documents({})
    if expected == 200:
        assert response.status_code == 201, response.text
        assert after == before + 1
    else:
        assert response.status_code == expected, response.text
        assert_forbidden(response, "NOT_CLUSTER_ROLE")
        assert after == before
