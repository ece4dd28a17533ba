"""Message texts from Jinja2 templates: `templates/<event type>.<channel>.txt`, first line the subject."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import Any

from jinja2 import (
    Environment,
    PackageLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    select_autoescape,
)
from jinja2.sandbox import SandboxedEnvironment

from emutrack_kit.clock import HANOI
from notify.domain.outgoing import Payload

STATUS_VI = {
    "received": "đã tiếp nhận",
    "returned": "trả lại để bổ sung",
    "appraised": "đã thẩm định",
    "on_agenda": "đưa ra Hội đồng",
    "voted": "Hội đồng đã bỏ phiếu thông qua",
    "decided": "đã có quyết định khen thưởng",
    "forwarded": "đã trình cấp trên",
    "not_passed": "không đủ số phiếu",
    "submitted": "đã gửi",
    "approved": "đã được chấp thuận",
    "withdrawn": "đã rút",
}


SUBMISSION_VI = {
    "registration": "đăng ký thi đua",
    "nomination": "hồ sơ đề nghị khen thưởng",
    "initiative": "sáng kiến",
    "exemplar": "gương điển hình tiên tiến",
    "conference_report": "báo cáo kết quả hội nghị điển hình tiên tiến",
}


def date_vi(value: Any) -> str:
    """dd/mm/yyyy, in Hà Nội time for a timestamp (ISO text accepted)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        value = value.astimezone(HANOI) if value.tzinfo else value
    return f"{value:%d/%m/%Y}"


def _with_filters(env: Environment) -> Environment:
    env.filters["date_vi"] = date_vi
    env.filters["status_vi"] = lambda s: STATUS_VI.get(s, s)
    env.filters["submission_vi"] = lambda k: SUBMISSION_VI.get(k, "hồ sơ")
    return env


def _subject_and_body(text: str) -> tuple[str, str]:
    subject, _, body = unicodedata.normalize("NFC", text).strip().partition("\n")
    return subject.strip(), body.strip()


class Templates:
    """Renders (subject, body) for an event and channel; HTML (the e-mail layout) is autoescaped.

    A channel without its own template uses the in-app one. A level's override is rendered in a
    sandbox, since standing offices write it.
    """

    def __init__(self) -> None:
        self._env = _with_filters(
            Environment(
                loader=PackageLoader("notify", "templates"),
                autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
                undefined=StrictUndefined,
                keep_trailing_newline=False,
            )
        )
        self._sandbox = _with_filters(SandboxedEnvironment(undefined=StrictUndefined, autoescape=False))

    def render(
        self, event_type: str, channel: str, payload: Payload, override: str | None = None
    ) -> tuple[str, str]:
        """(subject, body) in NFC; TemplateError if the template is missing or fails."""
        if override is not None:
            return _subject_and_body(self._sandbox.from_string(override).render(p=payload))
        try:
            template = self._env.get_template(f"{event_type}.{channel}.txt")
        except TemplateNotFound:
            template = self._env.get_template(f"{event_type}.in_app.txt")
        return _subject_and_body(template.render(p=payload))

    def check_override(self, text: str, payload: Payload) -> tuple[str, str]:
        """Render an override on a sample payload (TemplateError if it does not compile or render)."""
        subject, body = self.render("", "", payload, override=text)
        if not subject:
            raise TemplateError("the first line (the subject) is empty")
        return subject, body

    def html(self, subject: str, body: str) -> str:
        """The e-mail's HTML part: the text in the layout, escaped."""
        return self._env.get_template("email_layout.html").render(
            subject=subject, paragraphs=body.split("\n")
        )


NEWS_VI = {
    "registration.submitted": "đăng ký thi đua",
    "registration.status_changed": "đăng ký thi đua",
    "individual_registrations.submitted": "danh sách đăng ký cá nhân",
    "nomination.submitted": "hồ sơ đề nghị khen thưởng",
    "nomination.status_changed": "hồ sơ đề nghị khen thưởng",
    "public_comment.opened": "lấy ý kiến nhân dân",
    "decision.issued": "quyết định khen thưởng",
    "council_session.scheduled": "phiên họp Hội đồng Thi đua - Khen thưởng",
    "council_session.closed": "phiên họp Hội đồng Thi đua - Khen thưởng",
    "cluster_ranking.published": "kết quả chấm điểm cụm thi đua",
    "reminder": "hạn gửi hồ sơ",
    "late_report": "đơn vị chưa gửi hồ sơ",
    "digest": "thông báo trong ngày",
}


def fallback(event_type: str, payload: Payload) -> tuple[str, str]:
    """A plain message when a template fails (the error is recorded with it), naming what it is about."""
    news = NEWS_VI.get(event_type, "thi đua, khen thưởng")
    about = next(
        (
            str(payload[key])
            for key in ("subject_name", "unit_name", "proposing_unit_name", "level_unit_name")
            if payload.get(key)
        ),
        "",
    )
    body = f"Có cập nhật về {news}" + (f" của {about}" if about else "") + "; xem chi tiết trên hệ thống."
    return f"Thông báo mới về {news}", body
