"""Role bindings: who holds which role at which unit, from when to when, granted by whom and why.

An admin of a unit grants and revokes roles within that unit's subtree (the city's admin anywhere).
A binding ends with its unit: when the unit is merged or retired, its bindings end on its last
day, and the admin of the unit that took over sees what to grant again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from emutrack_kit.auth import Principal, Role
from emutrack_kit.clock import HANOI
from emutrack_kit.errors import Conflict, Forbidden, Unprocessable
from emutrack_kit.org_tree import TreeUnit

ROLE_VI = {
    Role.UNIT_OFFICER: "Cán bộ thi đua, khen thưởng",
    Role.UNIT_HEAD: "Thủ trưởng đơn vị",
    Role.STANDING_OFFICE: "Cơ quan thường trực Hội đồng TĐKT",
    Role.COUNCIL_MEMBER: "Thành viên Hội đồng TĐKT",
    Role.COUNCIL_CHAIR: "Chủ tịch Hội đồng TĐKT",
    Role.CLUSTER_HEAD: "Cụm trưởng cụm thi đua",
    Role.VIEWER: "Lãnh đạo, người xem báo cáo",
    Role.ADMIN: "Quản trị tài khoản và phân quyền",
}


@dataclass(frozen=True)
class Binding:
    """One role held by one subject at one unit, with its whole story (the audit is the record)."""

    binding_id: str
    subject: str
    subject_name: str
    role: Role
    unit_id: str
    unit_name: str
    valid_from: date
    valid_to: date | None
    granted_by: str
    reason: str
    granted_at: datetime
    revoked_at: datetime | None = None
    revoked_by: str | None = None
    revoke_reason: str | None = None
    ended_on: date | None = None  # the unit's last day, when the unit ended
    successor_id: str | None = None  # the unit that took over

    def last_day(self) -> date | None:
        """The binding's last day: its own, or its unit's if the unit ended first."""
        days = [d for d in (self.valid_to, self.ended_on) if d is not None]
        return min(days) if days else None

    def active_at(self, moment: datetime) -> bool:
        """True if the binding holds at `moment` (days are Hà Nội's)."""
        if self.revoked_at is not None and moment >= self.revoked_at:
            return False
        day, last = moment.astimezone(HANOI).date(), self.last_day()
        return self.valid_from <= day and (last is None or day <= last)


@dataclass(frozen=True)
class Grant:
    """What an admin asks: a role for a subject at a unit over days, and why."""

    subject: str
    subject_name: str
    role: Role
    unit_id: str
    valid_from: date
    valid_to: date | None
    reason: str


@dataclass(frozen=True)
class BindingSearch:
    """Which bindings an admin lists: of a unit's subtree, of one subject, named with every word of `q`."""

    unit_id: str | None = None
    subject: str | None = None
    q: str = ""


def may_administer(principal: Principal, unit_path: Sequence[str]) -> bool:
    """True if the caller is an admin of the unit or of a unit above it."""
    return principal.may([Role.ADMIN], unit_path)


def ensure_may_administer(principal: Principal, unit: TreeUnit, unit_path: Sequence[str]) -> None:
    """Refuse a caller who is not an admin at or above the unit."""
    if not may_administer(principal, unit_path):
        raise Forbidden(
            "NOT_UNIT_ADMIN",
            f"Chỉ quản trị của {unit.name} hoặc của cấp trên mới được phân quyền tại đơn vị này.",
            field="unit_id",
        )


def granted(
    grant: Grant, unit: TreeUnit, unit_path: Sequence[str], grantor: Principal, binding_id: str, now: datetime
) -> Binding:
    """The binding an admin grants, once every rule of a grant holds."""
    if grant.valid_to is not None and grant.valid_to < grant.valid_from:
        raise Unprocessable(
            "VALID_TO_BEFORE_VALID_FROM",
            f"Ngày hết hiệu lực ({grant.valid_to:%d/%m/%Y}) phải từ ngày bắt đầu "
            f"({grant.valid_from:%d/%m/%Y}) trở đi.",
            field="valid_to",
        )
    if not unit.exists_on(grant.valid_from):
        until = f" đến ngày {unit.valid_to:%d/%m/%Y}" if unit.valid_to else ""
        raise Unprocessable(
            "UNIT_NOT_VALID_ON",
            f"{unit.name} không hoạt động vào ngày {grant.valid_from:%d/%m/%Y} (hoạt động từ ngày "
            f"{unit.valid_from:%d/%m/%Y}{until}).",
            field="valid_from",
        )
    if grant.subject == grantor.subject and not grantor.may([grant.role], unit_path):
        raise Forbidden(
            "SELF_GRANT",
            f"Không thể tự cấp cho mình vai trò '{ROLE_VI[grant.role]}' mà mình chưa giữ tại đơn vị này "
            "hoặc cấp trên; hãy đề nghị quản trị cấp trên.",
            field="role",
        )
    return Binding(
        binding_id=binding_id,
        subject=grant.subject,
        subject_name=grant.subject_name,
        role=grant.role,
        unit_id=unit.unit_id,
        unit_name=unit.name,
        valid_from=grant.valid_from,
        valid_to=grant.valid_to,
        granted_by=grantor.subject,
        reason=grant.reason,
        granted_at=now,
    )


def revoked(binding: Binding, by: str, reason: str, now: datetime) -> Binding:
    """The binding revoked from now (a binding revoked or ended already cannot be)."""
    if binding.revoked_at is not None or binding.ended_on is not None:
        raise Conflict(
            "BINDING_ALREADY_ENDED",
            f"Quyền '{ROLE_VI[binding.role]}' của {binding.subject_name} tại {binding.unit_name} "
            "đã kết thúc.",
            field="binding_id",
        )
    return replace(binding, revoked_at=now, revoked_by=by, revoke_reason=reason)


def ended_with_unit(binding: Binding, unit: TreeUnit) -> Binding | None:
    """The binding ended on its unit's last day (None if it ends by then anyway)."""
    if unit.valid_to is None:
        return None
    last = binding.last_day()
    if binding.revoked_at is not None or (last is not None and last <= unit.valid_to):
        return None
    return replace(binding, ended_on=unit.valid_to, successor_id=unit.successor_id)
