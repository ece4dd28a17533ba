"""How a person reads dates, deadlines and roles: Vietnamese, dd/mm/yyyy, Hà Nội time."""

from __future__ import annotations

from datetime import date, datetime

from emutrack_kit.clock import HANOI

ROLE_VI = {
    "unit_officer": "Cán bộ thi đua, khen thưởng",
    "unit_head": "Thủ trưởng đơn vị",
    "standing_office": "Cơ quan thường trực Hội đồng TĐKT",
    "council_member": "Thành viên Hội đồng TĐKT",
    "council_chair": "Chủ tịch Hội đồng TĐKT",
    "cluster_head": "Cụm trưởng cụm thi đua",
    "viewer": "Lãnh đạo, người xem báo cáo",
    "admin": "Quản trị phân quyền",
}
STATUS_VI = {
    "draft": "Bản nháp",
    "submitted": "Đã gửi",
    "received": "Đã tiếp nhận",
    "returned": "Trả lại để bổ sung",
    "appraised": "Đã thẩm định",
    "approved": "Đã duyệt",
    "withdrawn": "Đã rút",
    "on_agenda": "Đưa vào phiên họp",
    "voted": "Đã bỏ phiếu",
    "decided": "Đã có quyết định",
    "forwarded": "Đã trình cấp trên",
    "not_passed": "Không được thông qua",
}


def day_vi(value: date | datetime | str | None) -> str:
    """A day as dd/mm/yyyy (a moment in Hà Nội time)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        value = value.astimezone(HANOI).date()
    return value.strftime("%d/%m/%Y")


def moment_vi(value: datetime | str | None) -> str:
    """A moment as HH:MM dd/mm/yyyy in Hà Nội time."""
    if value is None or value == "":
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.astimezone(HANOI).strftime("%H:%M %d/%m/%Y")


def countdown_vi(deadline: datetime | str, now: datetime) -> str:
    """What is left until a deadline, as a person says it."""
    moment = datetime.fromisoformat(deadline) if isinstance(deadline, str) else deadline
    days = (moment.astimezone(HANOI).date() - now.astimezone(HANOI).date()).days
    if moment < now:
        return "Đã quá hạn"
    if days == 0:
        return "Hôm nay là hạn cuối"
    return f"Còn {days} ngày"
