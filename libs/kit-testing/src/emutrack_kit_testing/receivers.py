"""Real receivers for tests and benchmarks: an SMTP server (aiosmtpd) and an HTTP webhook receiver.

Both listen on 127.0.0.1 in a thread of their own and record what arrives.
"""

from __future__ import annotations

import email
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

import uvicorn
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Recorder:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's hook
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"


@dataclass
class SmtpReceiver:
    """An SMTP server on 127.0.0.1 that keeps every message it accepts."""

    port: int
    _recorder: _Recorder = field(default_factory=_Recorder)

    @property
    def messages(self) -> list[EmailMessage]:
        """The messages received so far (parsed, headers decoded)."""
        with self._recorder.lock:
            return list(self._recorder.messages)


@contextmanager
def smtp_receiver(
    tls_context: ssl.SSLContext | None = None, credentials: tuple[str, str] | None = None
) -> Iterator[SmtpReceiver]:
    """Run an SMTP server for the block; with a TLS context it requires STARTTLS, with credentials AUTH."""
    receiver = SmtpReceiver(free_port())
    options: dict[str, Any] = {}
    if tls_context is not None:
        options.update(tls_context=tls_context, require_starttls=True)
    if credentials is not None:

        def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
            given = (data.login.decode(), data.password.decode()) if isinstance(data, LoginPassword) else None
            return AuthResult(success=given == credentials, handled=False)

        needs_tls = tls_context is not None
        options.update(authenticator=authenticator, auth_required=True, auth_require_tls=needs_tls)
    controller = Controller(receiver._recorder, hostname="127.0.0.1", port=receiver.port, **options)
    controller.start()
    try:
        yield receiver
    finally:
        controller.stop()


@dataclass
class WebhookCall:
    """One request the receiver got."""

    path: str
    headers: dict[str, str]
    body: bytes
    at: float


@dataclass
class WebhookReceiver:
    """An HTTP server on 127.0.0.1 that records POSTs and answers the planned statuses (then 200)."""

    port: int
    planned: list[int] = field(default_factory=list)
    calls: list[WebhookCall] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str = "/hook") -> str:
        """The URL of a path on this receiver."""
        return f"http://127.0.0.1:{self.port}{path}"

    def answer(self, *statuses: int) -> None:
        """Answer the next requests with these statuses."""
        with self.lock:
            self.planned.extend(statuses)

    def received(self) -> list[WebhookCall]:
        """The requests so far."""
        with self.lock:
            return list(self.calls)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """The ASGI app."""
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        with self.lock:
            self.calls.append(WebhookCall(scope["path"], headers, body, time.time()))
            status = self.planned.pop(0) if self.planned else 200
        await send({"type": "http.response.start", "status": status, "headers": [(b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})


@contextmanager
def webhook_receiver() -> Iterator[WebhookReceiver]:
    """Run an HTTP receiver for the duration of the block."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    receiver = WebhookReceiver(int(sock.getsockname()[1]))
    server = uvicorn.Server(uvicorn.Config(receiver, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        yield receiver
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
