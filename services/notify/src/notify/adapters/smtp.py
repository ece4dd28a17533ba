"""E-mail over SMTP (aiosmtplib): UTF-8 text with an HTML alternative, TLS/STARTTLS and auth as configured."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import aiosmtplib


@dataclass(frozen=True)
class OutgoingEmail:
    """One e-mail; `delivery_id` becomes its Message-ID so a receiver can drop a resend."""

    delivery_id: str
    to: Sequence[tuple[str, str]]  # (display name, address)
    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class SmtpConfig:
    """Where and how to send."""

    host: str
    port: int
    sender_address: str
    sender_name: str = "Hệ thống thi đua, khen thưởng"
    username: str = ""
    password: str = ""
    use_tls: bool = False  # implicit TLS (port 465)
    start_tls: bool | None = None  # None: upgrade if the server offers it
    timeout: float = 15.0


def to_message(config: SmtpConfig, email: OutgoingEmail, domain: str = "emutrack") -> EmailMessage:
    """The MIME message (UTF-8 headers and body, so Vietnamese arrives intact)."""
    message = EmailMessage()
    message["From"] = Address(config.sender_name, addr_spec=config.sender_address)
    message["To"] = [Address(name, addr_spec=address) for name, address in email.to]
    message["Subject"] = email.subject
    message["Message-ID"] = make_msgid(idstring=email.delivery_id.replace(":", "."), domain=domain)
    message["X-Emutrack-Delivery"] = email.delivery_id
    message["Date"] = format_datetime(datetime.now(UTC))
    message.set_content(email.text, charset="utf-8")
    message.add_alternative(email.html, subtype="html", charset="utf-8")
    return message


class SmtpMailer:
    """Sends e-mails over one connection per batch; returns an error text per e-mail (None = accepted)."""

    def __init__(self, config: SmtpConfig) -> None:
        self._config = config

    async def send_all(self, emails: Sequence[OutgoingEmail]) -> list[str | None]:
        """Send each e-mail; a connection failure fails every e-mail of the batch."""
        c = self._config
        client = aiosmtplib.SMTP(
            hostname=c.host, port=c.port, use_tls=c.use_tls, start_tls=c.start_tls, timeout=c.timeout
        )
        try:
            await client.connect()
            if c.username:
                await client.login(c.username, c.password)
        except (aiosmtplib.SMTPException, OSError) as exc:
            return [f"{type(exc).__name__}: {exc}"] * len(emails)
        results: list[str | None] = []
        try:
            for email in emails:
                try:
                    await client.send_message(to_message(c, email))
                    results.append(None)
                except (aiosmtplib.SMTPException, OSError) as exc:
                    results.append(f"{type(exc).__name__}: {exc}")
        finally:
            try:
                await client.quit()
            except (aiosmtplib.SMTPException, OSError):
                client.close()
        return results
