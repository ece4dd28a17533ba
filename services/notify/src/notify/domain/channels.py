"""Channels, event kinds and a recipient's preferences: which channels, singly or in a daily digest.

The in-app inbox is the record of what a recipient was told, so it is always on; preferences
choose e-mail and webhook per kind of event, and whether e-mails of a kind wait for the digest.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

IN_APP, EMAIL, WEBHOOK = "in_app", "email", "webhook"
CHANNELS: tuple[str, ...] = (IN_APP, EMAIL, WEBHOOK)
OPTIONAL_CHANNELS = frozenset({EMAIL, WEBHOOK})

KIND_OF: dict[str, str] = {
    "registration.submitted": "registration",
    "registration.status_changed": "registration",
    "individual_registrations.submitted": "registration",
    "nomination.submitted": "submission",
    "nomination.status_changed": "dossier",
    "public_comment.opened": "dossier",
    "decision.issued": "decision",
    "initiative.decided": "decision",
    "council_session.scheduled": "council",
    "council_session.closed": "council",
    "cluster_ranking.published": "cluster",
    "reminder": "deadline",
    "digest": "digest",
    "late_report": "deadline",
    "round.extension_granted": "deadline",
}
KINDS: tuple[str, ...] = tuple(dict.fromkeys(KIND_OF.values()))


def kind_of(event_type: str) -> str:
    """The kind of an event type (`other` for one without a kind)."""
    return KIND_OF.get(event_type, "other")


class PreferenceError(ValueError):
    """A preference names an unknown kind or channel."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Preferences:
    """Optional channels per kind (a kind not listed gets all of them) and the kinds sent as a digest."""

    channels: Mapping[str, frozenset[str]] = field(default_factory=dict)
    digest_kinds: frozenset[str] = frozenset()

    def channels_for(self, kind: str) -> frozenset[str]:
        """The channels a message of this kind goes to (in-app always)."""
        return frozenset({IN_APP}) | self.channels.get(kind, OPTIONAL_CHANNELS)

    def digests(self, kind: str) -> bool:
        """True if e-mails of this kind wait for the daily digest."""
        return kind in self.digest_kinds

    def to_document(self) -> dict[str, Any]:
        """The stored shape."""
        return {
            "channels": {k: sorted(v) for k, v in sorted(self.channels.items())},
            "digest_kinds": sorted(self.digest_kinds),
        }


def parse_preferences(raw: Mapping[str, Any]) -> Preferences:
    """Preferences from their stored or posted shape; PreferenceError names the bad field."""
    return preferences_of(raw.get("channels") or {}, raw.get("digest_kinds") or ())


def preferences_of(channels: Mapping[str, Iterable[str]], digest_kinds: Iterable[str]) -> Preferences:
    """Preferences from the channels chosen per kind and the kinds sent as a digest (checked)."""
    chosen_channels: dict[str, frozenset[str]] = {}
    for kind, chosen in channels.items():
        if kind not in KINDS:
            raise PreferenceError(f"channels.{kind}", f"Loại thông báo '{kind}' không tồn tại.")
        picked = frozenset(chosen)
        unknown = picked - set(CHANNELS)
        if unknown:
            raise PreferenceError(f"channels.{kind}", f"Kênh không tồn tại: {', '.join(sorted(unknown))}.")
        chosen_channels[kind] = picked & OPTIONAL_CHANNELS
    digest = frozenset(digest_kinds)
    for kind in sorted(digest - set(KINDS)):
        raise PreferenceError("digest_kinds", f"Loại thông báo '{kind}' không tồn tại.")
    return Preferences(chosen_channels, digest)
