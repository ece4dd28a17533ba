"""Process wiring shared by the services' consumer apps (FastStream on Kafka, as ASGI)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from faststream import AckPolicy
from faststream.asgi import AsgiFastStream, make_ping_asgi
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from faststream.specification import AsyncAPI
from pymongo import AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from emutrack_contracts import Envelope
from emutrack_contracts.registry import EVENT_TYPES
from emutrack_contracts.topics import ACCESS_BINDINGS, ALL_TOPICS, Topic, dead_letter
from emutrack_kit.bindings import BINDING_EVENTS, MongoBindingReplica
from emutrack_kit.consumer import EffectsStored, EventDispatcher, Handler, Position
from emutrack_kit.docs_pages import asyncapi_routes
from emutrack_kit.kafka import KafkaPublisher, ensure_topics, make_broker
from emutrack_kit.mongo import Document, database, make_client
from emutrack_kit.outbox import OutboxRelay, PollingLoop
from emutrack_kit.settings import CommonSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Record:
    """One consumed record of a batch: its bytes, key and position."""

    value: bytes
    key: bytes | None
    position: Position


BatchHandler = Callable[[Sequence[Record]], Awaitable[None]]


def position_of(message: KafkaMessage) -> tuple[Position, bytes | None]:
    """The (topic, partition, offset) and key of a consumed record."""
    record = message.raw_message
    assert not isinstance(record, tuple), "batch consumption is not used"
    return Position(record.topic, record.partition, record.offset), record.key


def group_id_of(service: str, settings: CommonSettings) -> str:
    """A service's consumer group (namespaced like the topics)."""
    return f"{settings.topic_namespace}emt-{service}"


class ServiceRuntime:
    """Adapters of one service process: MongoDB, the producer, the broker, the relay."""

    def __init__(self, service: str, settings: CommonSettings) -> None:
        self.service = service
        self.settings = settings
        self.client: AsyncMongoClient[Document] = make_client(settings.mongodb_url)
        self.db: AsyncDatabase[Document] = database(self.client, settings.database_prefix, service)
        self.publisher = KafkaPublisher(
            settings.kafka_bootstrap_servers, settings.topic_namespace, client_id=f"emt-{service}"
        )
        self.broker: KafkaBroker = make_broker(settings.kafka_bootstrap_servers, f"emt-{service}")
        self.dead_letter_topic = dead_letter(service)
        self._tasks: list[asyncio.Task[None]] = []
        self._loops: list[PollingLoop] = []
        self._relays: list[OutboxRelay] = []

    def topic(self, topic: Topic) -> str:
        """A topic's namespaced name."""
        return topic.qualified(self.settings.topic_namespace)

    def group_id(self) -> str:
        """The consumer group of this service (namespaced like the topics)."""
        return group_id_of(self.service, self.settings)

    def dispatcher(self, handlers: Mapping[str, Handler]) -> EventDispatcher:
        """An idempotent dispatcher over the given handlers."""
        return EventDispatcher(
            self.service,
            handlers,
            self.publisher,
            self.topic(self.dead_letter_topic),
            effects_stored=self.effects_stored(),
        )

    def effects_stored(self) -> EffectsStored | None:
        """The hook told of each event whose effects are stored: fault injection when a crash test asks.

        The fault injector is a test harness (`emutrack_kit_testing`), absent from production
        installs: a process asked to inject faults there refuses to start.
        """
        if not self.settings.crash_after_effects_of:
            return None
        from emutrack_kit_testing.faults import crash_after

        return crash_after(self.settings.crash_after_effects_of)

    def subscribe(self, subscribed: Sequence[Topic], handlers: Mapping[str, Handler]) -> EventDispatcher:
        """Subscribe the service's consumer group to topics; offsets commit after effects."""
        dispatcher = self.dispatcher(handlers)

        @self.broker.subscriber(
            *(self.topic(t) for t in subscribed),
            group_id=self.group_id(),
            auto_offset_reset="earliest",
            ack_policy=AckPolicy.NACK_ON_ERROR,
        )
        async def on_event(message: KafkaMessage) -> None:
            position, key = position_of(message)
            await dispatcher.dispatch(message.body, key, position)

        return dispatcher

    def subscribe_batches(
        self, subscribed: Sequence[Topic], on_batch: BatchHandler, *, max_records: int = 500
    ) -> None:
        """Subscribe with batches of up to `max_records`; the offsets commit after `on_batch` returns.

        If `on_batch` raises, every partition of the batch is rewound to its first record, so the
        whole batch is delivered again (its effects must be idempotent, as a single record's are).
        """

        @self.broker.subscriber(
            *(self.topic(t) for t in subscribed),
            group_id=self.group_id(),
            auto_offset_reset="earliest",
            ack_policy=AckPolicy.NACK_ON_ERROR,
            batch=True,
            max_records=max_records,
        )
        async def on_events(message: KafkaMessage) -> None:
            records = (
                message.raw_message if isinstance(message.raw_message, tuple) else (message.raw_message,)
            )
            await on_batch(
                [Record(r.value or b"", r.key, Position(r.topic, r.partition, r.offset)) for r in records]
            )

    def document_publications(self) -> None:
        """Declare the events this service publishes, so its AsyncAPI page shows them."""
        for event_type in EVENT_TYPES.values():
            if event_type.producer == self.service:
                self.broker.publisher(
                    self.topic(event_type.topic),
                    title=f"{self.topic(event_type.topic)}:{event_type.name}",
                    description=event_type.payload.__doc__,
                    schema=event_type.typed_envelope(),
                )

    def with_relay(
        self, collections: Sequence[AsyncCollection[Document]], *, delete_published: bool = False
    ) -> None:
        """Run an outbox relay over these collections while the process lives."""
        relay = OutboxRelay(collections, self.publisher, delete_published=delete_published)
        self._relays.append(relay)
        self._loops.append(relay)

    def with_loop(self, loop: PollingLoop) -> None:
        """Run another background publishing loop while the process lives."""
        self._loops.append(loop)

    async def start(self) -> None:
        """Create topics, start the producer and the relay."""
        await ensure_topics(
            self.settings.kafka_bootstrap_servers,
            [*ALL_TOPICS, self.dead_letter_topic],
            self.settings.topic_namespace,
        )
        await self.publisher.start()
        for relay in self._relays:
            await relay.ensure_indexes()
        for loop in self._loops:
            self._tasks.append(asyncio.create_task(loop.run(), name=type(loop).__name__))

    async def stop(self) -> None:
        """Stop the relay, flush the producer, close MongoDB."""
        for loop in self._loops:
            loop.stop()
        for task in self._tasks:
            await task
        await self.publisher.stop()
        await self.client.close()

    def keep_bindings(self) -> MongoBindingReplica:
        """Fold the access service's role bindings into this service's replica, in a group of its own.

        The HTTP processes read callers' bindings from it (ADR 0021); its own group keeps it apart from
        the service's events (a batch of counts never waits on it, nor it on them).
        """
        replica = MongoBindingReplica(self.db)

        async def fold(envelope: Envelope, _: Position) -> None:
            await replica.apply(envelope)

        dispatcher = self.dispatcher(dict.fromkeys(BINDING_EVENTS, fold))

        @self.broker.subscriber(
            self.topic(ACCESS_BINDINGS),
            group_id=f"{self.group_id()}-bindings",
            auto_offset_reset="earliest",
            ack_policy=AckPolicy.NACK_ON_ERROR,
        )
        async def on_binding(message: KafkaMessage) -> None:
            position, key = position_of(message)
            await dispatcher.dispatch(message.body, key, position)

        return replica

    def asgi_app(self, *, title: str, prepare: Callable[[], Awaitable[Any]] | None = None) -> AsgiFastStream:
        """The consumer process as an ASGI app: /health, /docs/asyncapi, the subscribers, the bindings."""
        self.document_publications()
        bindings = self.keep_bindings()

        async def on_startup() -> None:
            await self.start()
            await bindings.ensure_indexes()
            if prepare is not None:
                await prepare()

        app = AsgiFastStream(
            self.broker,
            asgi_routes=[
                ("/health", make_ping_asgi(self.broker, timeout=5.0)),
                *asyncapi_routes(lambda: app.schema.to_specification()),
            ],
            specification=AsyncAPI(title=title, version="0.1.0"),
            on_startup=[on_startup],
            after_shutdown=[self.stop],
        )
        return app
