"""The words of a piece of news per channel: the shipped template, or the nearest level's own one.

A template may fail in any way (a level's is written by its standing office): the plain fallback
is sent and the error kept with the message (docs/decisions/0013).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from notify.adapters.templates import Templates, fallback
from notify.domain.channels import EMAIL
from notify.domain.outgoing import News, Rendered

log = logging.getLogger(__name__)
Overrides = Mapping[tuple[str, str, str], str]  # (level unit, event type, channel) -> template text


class Renderer:
    """Renders the news once per (channel, template used), with the levels' overrides applied."""

    def __init__(self, templates: Templates, overrides: Overrides, news: News) -> None:
        self._templates, self._overrides, self._news = templates, overrides, news
        self._done: dict[tuple[str, str | None], Rendered] = {}

    def _override(self, channel: str, path: Sequence[str]) -> str | None:
        for unit in reversed(path):  # the nearest level's override wins
            text = self._overrides.get((unit, self._news.event_type, channel))
            if text is not None:
                return text
        return None

    def render(self, channel: str, path: Sequence[str]) -> Rendered:
        """The news for a recipient at `path` (e-mails with their HTML part)."""
        override = self._override(channel, path)
        key = (channel, override)
        if key not in self._done:
            rendered = self._words(channel, override)
            if channel == EMAIL:
                html = self._templates.html(rendered.subject, rendered.body)
                rendered = Rendered(rendered.subject, rendered.body, rendered.error, html)
            self._done[key] = rendered
        return self._done[key]

    def _words(self, channel: str, override: str | None) -> Rendered:
        news = self._news
        try:
            return Rendered(*self._templates.render(news.event_type, channel, news.payload, override))
        except Exception as exc:  # a level's template may fail in any way: fall back
            log.warning(
                "template of %s/%s failed, sending the plain fallback: %s", news.event_type, channel, exc
            )
            subject, body = fallback(news.event_type, news.payload)
            return Rendered(subject, body, f"{type(exc).__name__}: {exc}")
