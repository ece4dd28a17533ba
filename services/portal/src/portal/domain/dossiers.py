"""How a person reads a dossier: its words, its documents' sizes, its steps as a timeline."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from emutrack_kit.clock import HANOI
from portal.domain.vn import STATUS_VI

SUBJECT_KIND_VI = {"collective": "Tập thể", "individual": "Cá nhân"}
DOSSIER_KIND_VI = {
    "annual_merit": "Theo công trạng (thường xuyên)",
    "by_phase": "Theo đợt, chuyên đề",
    "exceptional": "Đột xuất",
    "seniority": "Theo niên hạn",
    "foreign": "Đối ngoại",
    "lifetime": "Quá trình cống hiến",
}
ATTACHMENT_KIND_VI = {
    "achievement_report": "Báo cáo thành tích",
    "council_minutes": "Biên bản họp Hội đồng TĐKT",
    "decision": "Quyết định khen thưởng đã có",
    "other": "Tài liệu khác",
}
REQUIRED_KINDS = ("achievement_report", "council_minutes")
# The awards a unit proposes (registration checks each against the subject; the names are the official ones).
AWARDS: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("giay_khen", "Giấy khen", frozenset({"collective", "individual"})),
    ("bang_khen_thanh_pho", "Bằng khen của Chủ tịch UBND Thành phố", frozenset({"collective", "individual"})),
    ("bang_khen_thu_tuong", "Bằng khen của Thủ tướng Chính phủ", frozenset({"collective", "individual"})),
    ("chien_si_thi_dua_co_so", "Chiến sĩ thi đua cơ sở", frozenset({"individual"})),
    ("chien_si_thi_dua_thanh_pho", "Chiến sĩ thi đua Thành phố", frozenset({"individual"})),
    ("chien_si_thi_dua_toan_quoc", "Chiến sĩ thi đua toàn quốc", frozenset({"individual"})),
    ("tap_the_lao_dong_xuat_sac", "Tập thể lao động xuất sắc", frozenset({"collective"})),
    ("co_thi_dua_thanh_pho", "Cờ thi đua Thành phố", frozenset({"collective"})),
    ("cong_dan_thu_do_uu_tu", "Công dân Thủ đô ưu tú", frozenset({"individual"})),
    ("huan_chuong_lao_dong_hang_ba", "Huân chương Lao động hạng Ba", frozenset({"collective", "individual"})),
)
STEP_VI = {
    "draft": "Tạo hồ sơ (bản nháp)",
    "submitted": "Gửi hồ sơ",
    "received": "Tiếp nhận hồ sơ",
    "returned": "Trả lại để bổ sung",
}
RESUBMITTED_VI = "Gửi lại sau khi bổ sung"
# Where a service's field is shown on the dossier forms.
FORM_FIELDS = {
    "subject.full_name": "full_name",
    "subject.position": "position",
    "subject.kind": "subject_kind",
}


@dataclass(frozen=True)
class Step:
    """One step of the timeline: what happened, when (Hà Nội), who or which unit, and why."""

    status: str
    label: str
    at: str
    who: str
    reasons: tuple[str, ...] = ()


def at_vi(value: datetime | str | None) -> str:
    """A moment as dd/mm/yyyy HH:mm in Hà Nội time."""
    if value is None or value == "":
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.astimezone(HANOI).strftime("%d/%m/%Y %H:%M")


def size_vi(size: int) -> str:
    """A file's size as a person reads it (decimal comma): 512 byte, 3,4 KB, 1,2 MB."""
    if size < 1024:
        return f"{size} byte"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB".replace(".", ",")
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def reasons_of(reason: str | None) -> tuple[str, ...]:
    """The reasons of a step (registration joins a return's reasons with '; ')."""
    return tuple(r.strip() for r in (reason or "").split("; ") if r.strip())


def timeline(
    history: Sequence[Mapping[str, Any]], me: tuple[str, str], unit_name: str, level_names: Mapping[str, str]
) -> list[Step]:
    """The dossier's steps, oldest first, each told with names: `me` is (subject, name) of the reader."""
    steps: list[Step] = []
    returned = False
    for entry in history:
        status = str(entry["status"])
        label = STEP_VI.get(status) or STATUS_VI.get(status, status)
        if status == "submitted" and returned:
            label = RESUBMITTED_VI
        returned = returned or status == "returned"
        who = _who(str(entry.get("by") or ""), entry.get("level_unit_id"), me, unit_name, level_names)
        steps.append(Step(status, label, at_vi(entry["at"]), who, reasons_of(entry.get("reason"))))
    return steps


def _who(by: str, level: Any, me: tuple[str, str], unit_name: str, level_names: Mapping[str, str]) -> str:
    if level:
        name = level_names.get(str(level), "cấp trên")
        return f"{name} (tự động)" if by.startswith("system:") else f"Thường trực Hội đồng TĐKT {name}"
    if by == me[0]:
        return f"{me[1]}, {unit_name}"
    return f"Cán bộ {unit_name}"


def deadline_for(round_: Mapping[str, Any], unit_id: str) -> datetime:
    """The unit's last moment in the round: the round's deadline, or the later one the level gave it."""
    own = [e["deadline"] for e in round_.get("extensions", []) if e["unit_id"] == unit_id]
    return max(datetime.fromisoformat(str(d)) for d in [round_["deadline"], *own])


def missing_kinds(attachments: Sequence[Mapping[str, Any]]) -> list[str]:
    """The required documents a dossier still lacks, by their Vietnamese names."""
    kinds = {a["kind"] for a in attachments}
    return [ATTACHMENT_KIND_VI[k] for k in REQUIRED_KINDS if k not in kinds]


def form_errors(fields: Mapping[str, str]) -> dict[str, str]:
    """A service's field errors keyed by the form's own field names."""
    return {FORM_FIELDS.get(name, name): message for name, message in fields.items()}
