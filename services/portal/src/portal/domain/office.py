"""What the standing office reads: awards, verdicts, outcomes in Vietnamese; reasons and dates from forms."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping
from datetime import date
from urllib.parse import urlencode

from emutrack_kit.text import fold

AWARD_VI = {
    "giay_khen": "Giấy khen",
    "tap_the_lao_dong_xuat_sac": "Tập thể lao động xuất sắc",
    "chien_si_thi_dua_co_so": "Chiến sĩ thi đua cơ sở",
    "chien_si_thi_dua_thanh_pho": "Chiến sĩ thi đua Thành phố",
    "chien_si_thi_dua_toan_quoc": "Chiến sĩ thi đua toàn quốc",
    "bang_khen_thanh_pho": "Bằng khen của Chủ tịch UBND Thành phố",
    "bang_khen_thu_tuong": "Bằng khen của Thủ tướng Chính phủ",
    "co_thi_dua_thanh_pho": "Cờ thi đua Thành phố",
    "cong_dan_thu_do_uu_tu": "Công dân Thủ đô ưu tú",
    "huan_chuong_lao_dong_hang_ba": "Huân chương Lao động hạng Ba",
}
VERDICT_VI = {
    "eligible": "Đủ điều kiện",
    "not_eligible": "Không đủ điều kiện",
    "incomplete": "Chưa đủ dữ liệu để kết luận",
    "manual": "Chưa có bộ quy tắc: cơ quan thường trực tự thẩm định",
}
OUTCOME_VI = {"passed": "Đạt", "failed": "Không đạt", "unknown": "Chưa xác định"}
DOSSIER_KIND_VI = {
    "annual_merit": "Theo công trạng (tổng kết năm)",
    "by_phase": "Theo đợt, chuyên đề",
    "exceptional": "Đột xuất",
    "seniority": "Theo niên hạn",
    "foreign": "Đối ngoại",
    "lifetime": "Quá trình cống hiến",
}
INBOX_STATUSES = (
    "received", "returned", "appraised", "on_agenda", "voted", "not_passed", "decided", "forwarded",
)  # fmt: skip
DONE_VI = {
    "appraised": "Đã thẩm định hồ sơ; kết quả từng điều kiện ở bên dưới.",
    "accepted": "Đã chấp nhận hồ sơ để trình Hội đồng.",
    "returned": "Đã trả lại hồ sơ cho đơn vị, kèm lý do.",
    "published": "Đã công bố lấy ý kiến nhân dân.",
    "forwarded": "Đã trình hồ sơ lên cấp trên.",
    "on_agenda": "Đã đưa hồ sơ vào chương trình phiên họp.",
    "central": "Đã ghi nhận kết quả của Trung ương.",
}
PAGE = 20
PAGE_SIZES = (2, 5, 10, 20, 50, 100)


def by_name(name: str) -> tuple[str, str]:
    """How names sort for a Vietnamese reader: Đại Kim among the D, not after Z."""
    return fold(name), name


def form_keys(*forms: str) -> dict[str, str]:
    """A fresh idempotency key for each form of a page (a double click of one form is one request)."""
    return {form: secrets.token_urlsafe(16) for form in forms}


def reasons_from(text: str) -> list[str]:
    """The reasons typed one per line (blank lines dropped)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def day_from_vi(text: str) -> date | None:
    """A day typed as dd/mm/yyyy (or d/m/yyyy), or None if it is not one."""
    parts = text.strip().split("/")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[2]) != 4:
        return None
    try:
        return date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        return None


def page_size(asked: int | None) -> int:
    """The page size asked for, if it is one offered; else the default."""
    return asked if asked in PAGE_SIZES else PAGE


def page_link(path: str, params: Mapping[str, object], skip: int) -> str:
    """The link to another page of a list, keeping its filters (empty ones left out)."""
    kept = {k: v for k, v in params.items() if v not in (None, "") and k != "skip"}
    if skip > 0:
        kept["skip"] = skip
    return f"{path}?{urlencode(kept)}" if kept else path


CHECK_FIELDS = "Hãy sửa các ô được đánh dấu bên dưới."


def form_fields(fields: Mapping[str, str], known: Iterable[str]) -> dict[str, str]:
    """A service's fields at fault under the form's names (`reasons.0` is the `reasons` box)."""
    named = dict(fields)
    wanted = set(known)
    for name, message in fields.items():
        base = re.split(r"[.\[]", name, maxsplit=1)[0]
        if base in wanted:
            named.setdefault(base, message)
    return named
