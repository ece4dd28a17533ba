"""How a person reads and sets a unit's notifications: kinds and channels in Vietnamese, the forms' shapes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# notify's kinds of news (notify.domain.channels.KINDS), as a person reads them.
KIND_VI = {
    "registration": "Đăng ký thi đua",
    "submission": "Hồ sơ đề nghị khen thưởng được gửi",
    "dossier": "Hồ sơ: trạng thái, lấy ý kiến",
    "decision": "Quyết định khen thưởng",
    "council": "Phiên họp Hội đồng TĐKT",
    "cluster": "Kết quả chấm điểm cụm thi đua",
    "deadline": "Hạn nộp: nhắc hạn, gia hạn, nộp muộn",
    "digest": "Bản tin tổng hợp trong ngày",
}
OPTIONAL_CHANNELS = ("email", "webhook")  # the in-app inbox is always on
CHANNEL_VI = {"in_app": "Trong hệ thống", "email": "E-mail", "webhook": "Cổng thông tin của đơn vị"}
# notify's roles with contacts and preferences (its ContactRole), in the order a person reads them.
CONTACT_ROLES = (
    "unit_officer", "unit_head", "standing_office", "council_member", "council_chair", "cluster_head",
)  # fmt: skip
WARD_ROLES = ("unit_officer", "unit_head")


def roles_of_unit(kind: str) -> tuple[str, ...]:
    """The roles whose notifications a unit of this kind sets (a ward has no council or office)."""
    return WARD_ROLES if kind == "ward" else CONTACT_ROLES


def choosable(held_here: Iterable[str], kind: str) -> list[str]:
    """The roles whose channels a person may choose at a unit: its own there, every one if it heads it."""
    held = set(held_here)
    if "unit_head" in held:
        return list(roles_of_unit(kind))
    return [role for role in CONTACT_ROLES if role in held]


def chosen_channels(preferences: Mapping[str, Any] | None) -> dict[str, set[str]]:
    """Per kind, the optional channels on (a kind not listed has them all), and `digest` if it waits."""
    stored = preferences or {}
    channels = stored.get("channels") or {}
    chosen = {kind: set(channels.get(kind, OPTIONAL_CHANNELS)) for kind in KIND_VI}
    for kind in stored.get("digest_kinds") or ():
        chosen.setdefault(kind, set()).add("digest")
    return chosen


def preferences_body(email: Iterable[str], webhook: Iterable[str], digest: Iterable[str]) -> dict[str, Any]:
    """Notify's preferences body from the kinds ticked per column (every kind named, unticked = off)."""
    ticked = {"email": set(email), "webhook": set(webhook)}
    return {
        "channels": {kind: [c for c in OPTIONAL_CHANNELS if kind in ticked[c]] for kind in KIND_VI},
        "digest_kinds": [kind for kind in KIND_VI if kind in set(digest)],
    }


def contacts_posted(form: Mapping[str, str], roles: Iterable[str]) -> dict[str, list[dict[str, str]]]:
    """The rows typed per role (`roles.<role>.<i>.name|email`), blank rows left out, in order."""
    posted: dict[str, list[dict[str, str]]] = {}
    for role in roles:
        rows: list[dict[str, str]] = []
        i = 0
        while f"roles.{role}.{i}.email" in form or f"roles.{role}.{i}.name" in form:
            name = str(form.get(f"roles.{role}.{i}.name", "")).strip()
            email = str(form.get(f"roles.{role}.{i}.email", "")).strip()
            if name or email:
                rows.append({"name": name, "email": email})
            i += 1
        posted[role] = rows
    return posted
