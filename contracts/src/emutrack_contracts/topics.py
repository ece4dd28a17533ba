"""Topic names: `emt.<owning service>.<stream>`, keyed by the owning unit."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    """A Kafka topic owned by one service."""

    name: str
    partitions: int
    compacted: bool = False
    max_message_bytes: int | None = None

    def qualified(self, namespace: str = "") -> str:
        """The topic name with an optional namespace prefix (isolates test runs)."""
        return f"{namespace}{self.name}" if namespace else self.name


UNITS = Topic("emt.registration.units", partitions=3)
ROUNDS = Topic("emt.registration.rounds", partitions=3)
# A unit's list of people (≤ 5,000) travels in one event: ~1.2 MB of JSON before compression.
REGISTRATIONS = Topic("emt.registration.registrations", partitions=6, max_message_bytes=8 * 1024 * 1024)
NOMINATIONS = Topic("emt.registration.nominations", partitions=6)
REVIEW_NOMINATIONS = Topic("emt.review.nominations", partitions=6)
REVIEW_PROCEEDINGS = Topic("emt.review.proceedings", partitions=3)  # clusters' rankings, council sessions
NOTIFY_DELIVERIES = Topic("emt.notify.deliveries", partitions=3)  # outcomes of e-mails and webhooks
REPORT_SNAPSHOTS = Topic("emt.reporting.snapshots", partitions=3, compacted=True)
ACCESS_BINDINGS = Topic("emt.access.bindings", partitions=3)  # who holds which role where, keyed by subject

ALL_TOPICS: tuple[Topic, ...] = (
    UNITS,
    ROUNDS,
    REGISTRATIONS,
    NOMINATIONS,
    REVIEW_NOMINATIONS,
    REVIEW_PROCEEDINGS,
    NOTIFY_DELIVERIES,
    REPORT_SNAPSHOTS,
    ACCESS_BINDINGS,
)


def dead_letter(service: str) -> Topic:
    """The dead-letter topic where a service's consumer parks poison messages."""
    return Topic(f"emt.{service}.dead-letter", partitions=1)
