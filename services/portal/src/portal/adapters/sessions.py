"""Sessions kept server-side: the cookie carries a random id; tokens never reach the browser."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from emutrack_kit.repository import Repository


@dataclass(frozen=True)
class Session:
    """Who is signed in, with the provider's tokens."""

    session_id: str
    subject: str
    name: str
    access_token: str
    refresh_token: str
    id_token: str
    access_expires_at: datetime
    expires_at: datetime


class SessionBook(Repository):
    """Sessions by id (shared by every replica of the portal)."""

    collection_name = "portal_sessions"

    async def open(self, subject: str, name: str, tokens: dict[str, Any], now: datetime) -> Session:
        """A new session from the tokens of a sign-in."""
        session = _session(secrets.token_urlsafe(32), subject, name, tokens, now)
        await self.collection.insert_one(_document(session))
        return session

    async def renew(self, session: Session, tokens: dict[str, Any], now: datetime) -> Session:
        """The session with refreshed tokens."""
        renewed = _session(session.session_id, session.subject, session.name, tokens, now)
        await self.collection.replace_one({"_id": session.session_id}, _document(renewed))
        return renewed

    async def get(self, session_id: str, now: datetime) -> Session | None:
        """A live session, or None."""
        doc = await self.collection.find_one({"_id": session_id})
        if doc is None or doc["expires_at"] <= now:
            return None
        return Session(
            doc["_id"], doc["subject"], doc["name"], doc["access_token"], doc["refresh_token"],
            doc["id_token"], doc["access_expires_at"], doc["expires_at"],
        )  # fmt: skip

    async def close(self, session_id: str) -> None:
        """End a session."""
        await self.collection.delete_one({"_id": session_id})


def _session(session_id: str, subject: str, name: str, tokens: dict[str, Any], now: datetime) -> Session:
    lives = timedelta(seconds=int(tokens.get("refresh_expires_in") or 1800))
    return Session(
        session_id, subject, name, str(tokens["access_token"]), str(tokens.get("refresh_token", "")),
        str(tokens.get("id_token", "")), now + timedelta(seconds=int(tokens.get("expires_in", 300))),
        now + lives,
    )  # fmt: skip


def _document(s: Session) -> dict[str, Any]:
    return {
        "_id": s.session_id, "subject": s.subject, "name": s.name, "access_token": s.access_token,
        "refresh_token": s.refresh_token, "id_token": s.id_token, "access_expires_at": s.access_expires_at,
        "expires_at": s.expires_at,
    }  # fmt: skip
