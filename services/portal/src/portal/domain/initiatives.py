"""What the initiative council's pages say: scopes, statuses, and the marks typed into the sheet."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from emutrack_contracts.initiatives import SCOPES, above, council_scope

SCOPE_VI = {"co_so": "Cấp cơ sở", "cap_huyen": "Cấp huyện (quận)", "cap_thanh_pho": "Cấp Thành phố"}
STATUS_FILTERS = (
    ("submitted", "Chờ Hội đồng xét"),
    ("recognised", "Được công nhận"),
    ("not_recognised", "Không được công nhận"),
)
DONE_VI = {"scored": "Đã ghi điểm của bạn.", "decided": "Đã ghi quyết định của Hội đồng."}
PAGE = 20


def scopes_open(claimed: str, level_kind: str | None) -> list[tuple[str, str]]:
    """The scopes the chair may choose: none wider than the claim or than the council's level."""
    widest = council_scope(level_kind)
    return [(s, SCOPE_VI[s]) for s in SCOPES if not above(s, widest) and not above(s, claimed)]  # type: ignore[arg-type]


def marks_from(
    typed: Mapping[str, str], criteria: Sequence[Mapping[str, Any]]
) -> tuple[dict[str, int], dict[str, str]]:
    """The marks as whole numbers, and a message per box that is not one (the service checks the range)."""
    marks: dict[str, int] = {}
    wrong: dict[str, str] = {}
    for c in criteria:
        text = typed.get(c["code"], "").strip()
        if text.isdigit():
            marks[c["code"]] = int(text)
        else:
            wrong[f"marks.{c['code']}"] = f"Điểm '{c['name']}' cần là số nguyên từ 0 đến {c['maximum']}."
    return marks, wrong
