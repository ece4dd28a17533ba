"""Message texts from Jinja2 templates: `templates/<event type>.<channel>.txt`, first line the subject."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, TemplateError, select_autoescape

from notify.domain.routing import HANOI

STATUS_VI = {
    "received": "đã tiếp nhận",
    "returned": "trả lại để bổ sung",
    "appraised": "đã thẩm định",
    "on_agenda": "đưa ra Hội đồng",
    "voted": "Hội đồng đã bỏ phiếu thông qua",
    "decided": "đã có quyết định khen thưởng",
    "forwarded": "đã trình cấp trên",
    "not_passed": "không đủ số phiếu",
}


def date_vi(value: Any) -> str:
    """dd/mm/yyyy, in Hà Nội time for a timestamp (ISO text accepted)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        value = value.astimezone(HANOI) if value.tzinfo else value
    return f"{value:%d/%m/%Y}"


class Templates:
    """Renders (subject, body) for an event and channel; autoescaping for HTML templates."""

    def __init__(self) -> None:
        self._env = Environment(
            loader=PackageLoader("notify", "templates"),
            autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
            undefined=StrictUndefined,
            keep_trailing_newline=False,
        )
        self._env.filters["date_vi"] = date_vi
        self._env.filters["status_vi"] = lambda s: STATUS_VI.get(s, s)

    def render(self, event_type: str, channel: str, payload: dict[str, Any]) -> tuple[str, str]:
        """(subject, body) in NFC; TemplateError if the template is missing or fails."""
        text = self._env.get_template(f"{event_type}.{channel}.txt").render(p=payload)
        subject, _, body = unicodedata.normalize("NFC", text).strip().partition("\n")
        return subject.strip(), body.strip()


def fallback(event_type: str, payload: dict[str, Any], error: TemplateError) -> tuple[str, str]:
    """A plain message when a template fails (the error is recorded with it)."""
    unit = payload.get("subject_name") or payload.get("level_unit_id") or ""
    return f"Thông báo mới: {event_type}", f"Có cập nhật ({event_type}) {unit}".strip() + "."
