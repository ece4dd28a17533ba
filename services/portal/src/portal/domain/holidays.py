"""Days off as the standing office types them: one break per line, one make-up day per line."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from portal.domain.office import day_from_vi

_BREAK = re.compile(r"^\s*(\d{1,2}/\d{1,2}/\d{4})\s*(?:[-–]\s*(\d{1,2}/\d{1,2}/\d{4}))?\s+(.+?)\s*$")
LINE_HELP = "dd/mm/yyyy - dd/mm/yyyy Dịp nghỉ (một ngày: dd/mm/yyyy Dịp nghỉ)"


def breaks_from(text: str) -> tuple[list[dict[str, str]], str | None]:
    """The breaks typed one per line, or the first line that is not one (with its number)."""
    found: list[dict[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _BREAK.match(line)
        first = day_from_vi(match.group(1)) if match else None
        last = day_from_vi(match.group(2) or match.group(1)) if match else None
        if match is None or first is None or last is None:
            return [], f"Dòng {number} (“{line.strip()}”) cần theo dạng {LINE_HELP}."
        found.append({"first": first.isoformat(), "last": last.isoformat(), "occasion": match.group(3)})
    return found, None


def days_from(text: str) -> tuple[list[str], str | None]:
    """The make-up days typed one per line, or the first line that is not a day."""
    found: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        day = day_from_vi(line)
        if day is None:
            return [], f"Dòng {number} (“{line.strip()}”) cần theo dạng dd/mm/yyyy."
        found.append(day.isoformat())
    return found, None


def as_lines(days_off: Sequence[Mapping[str, Any]]) -> str:
    """The breaks as the form shows them again."""
    lines = []
    for b in days_off:
        first, last = date.fromisoformat(b["first"]), date.fromisoformat(b["last"])
        span = f"{first:%d/%m/%Y}" if first == last else f"{first:%d/%m/%Y} - {last:%d/%m/%Y}"
        lines.append(f"{span} {b['occasion']}")
    return "\n".join(lines)
