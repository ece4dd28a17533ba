"""Deliveries as the log stores them: one document each, the channel's own fields, every attempt."""

from __future__ import annotations

from emutrack_kit.mongo import Document
from notify.domain.channels import EMAIL
from notify.domain.delivery import PENDING, Attempt, Delivery
from notify.domain.settings import Contact


def delivery_document(d: Delivery) -> Document:
    """The stored form: an e-mail keeps its addresses, text and HTML; a webhook call its URL and body."""
    doc: Document = {
        "_id": d.delivery_id,
        "event_id": d.event_id,
        "event_type": d.event_type,
        "channel": d.channel,
        "recipient": d.recipient,
        "unit_id": d.unit_id,
        "unit_path": list(d.unit_path),
    }
    if d.channel == EMAIL:
        doc |= {
            "to": [{"name": c.name, "email": c.email} for c in d.to],
            "subject": d.subject,
            "body": d.body,
            "html": d.html,
        }
    else:
        doc |= {
            "subscription_id": d.subscription_id,
            "url": d.url,
            "content": d.content,
            "subject": d.subject,
        }
    doc |= {"template_error": d.template_error, "created_at": d.created_at, "status": d.status}
    doc["attempts"] = [attempt_document(a) for a in d.attempts]
    return doc


def attempt_document(a: Attempt) -> Document:
    """One attempt as the log stores it."""
    return {"number": a.number, "at": a.at, "outcome": a.outcome, "error": a.error}


def delivery_of(doc: Document) -> Delivery:
    """A delivery from its stored form."""
    return Delivery(
        delivery_id=doc["_id"],
        event_id=doc["event_id"],
        event_type=doc["event_type"],
        channel=doc["channel"],
        recipient=doc["recipient"],
        unit_id=doc["unit_id"],
        unit_path=tuple(doc.get("unit_path") or (doc["unit_id"],)),
        subject=doc.get("subject", ""),
        created_at=doc["created_at"],
        template_error=doc.get("template_error"),
        to=tuple(Contact(c.get("name", ""), c["email"]) for c in doc.get("to") or []),
        body=doc.get("body", ""),
        html=doc.get("html", ""),
        subscription_id=doc.get("subscription_id", ""),
        url=doc.get("url", ""),
        content=doc.get("content", ""),
        status=doc.get("status", PENDING),
        attempts=tuple(
            Attempt(a["number"], a["at"], a["outcome"], a.get("error")) for a in doc.get("attempts") or []
        ),
        completed_at=doc.get("completed_at"),
        digest_id=doc.get("digest_id"),
    )
