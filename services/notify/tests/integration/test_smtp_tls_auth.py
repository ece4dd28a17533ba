"""E-mail over STARTTLS with a login, against a real SMTP server that requires both."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from emutrack_kit_testing.receivers import SmtpReceiver, smtp_receiver
from notify.adapters.smtp import OutgoingEmail, SmtpConfig, SmtpMailer

ACCOUNT = ("thongbao@emutrack.hanoi.gov.vn", "mật-khẩu-thử")
MAIL = OutgoingEmail(
    "ev-1:unit_head@p-kim-giang:email",
    [("Trần Văn Đức", "duc@kimgiang.hanoi.gov.vn")],
    "Quyết định khen thưởng số 2150/QĐ-UBND",
    "Xin chúc mừng Phường Kim Giang.",
    "<p>Xin chúc mừng Phường Kim Giang.</p>",
)


def self_signed(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key (the test's own CA, as a city could run one)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "smtp.test")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "smtp.pem", directory / "smtp.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_file, key_file


@pytest.fixture
def secured(tmp_path: Path) -> Iterator[tuple[SmtpReceiver, Path]]:
    cert_file, key_file = self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    with smtp_receiver(tls_context=context, credentials=ACCOUNT) as receiver:
        yield receiver, cert_file


def config(port: int, ca_file: Path, password: str = ACCOUNT[1], **more: object) -> SmtpConfig:
    return SmtpConfig(
        "127.0.0.1", port, ACCOUNT[0], username=ACCOUNT[0], password=password, start_tls=True,
        ca_file=str(ca_file), **more,  # type: ignore[arg-type]
    )  # fmt: skip


async def test_starttls_and_login_deliver_the_message(secured: tuple[SmtpReceiver, Path]) -> None:
    receiver, ca_file = secured
    assert await SmtpMailer(config(receiver.port, ca_file)).send_all([MAIL]) == [None]
    [received] = receiver.messages
    assert received["Subject"] == "Quyết định khen thưởng số 2150/QĐ-UBND"
    assert received.get_body(("plain",)).get_content().strip() == "Xin chúc mừng Phường Kim Giang."


async def test_a_wrong_password_or_an_untrusted_certificate_fails_with_the_reason(
    secured: tuple[SmtpReceiver, Path], tmp_path: Path
) -> None:
    receiver, ca_file = secured
    [wrong] = await SmtpMailer(config(receiver.port, ca_file, password="sai")).send_all([MAIL])
    assert wrong is not None
    assert "SMTPAuthenticationError" in wrong
    (tmp_path / "other").mkdir()
    other_ca, _ = self_signed(tmp_path / "other")
    [untrusted] = await SmtpMailer(config(receiver.port, other_ca)).send_all([MAIL])
    assert untrusted is not None
    assert "certificate" in untrusted.lower()
    assert receiver.messages == []


async def test_without_starttls_the_server_refuses_and_nothing_is_sent(
    secured: tuple[SmtpReceiver, Path],
) -> None:
    receiver, _ = secured
    plain = SmtpConfig("127.0.0.1", receiver.port, ACCOUNT[0], start_tls=False)
    [refused] = await SmtpMailer(plain).send_all([MAIL])
    assert refused is not None
    assert receiver.messages == []
