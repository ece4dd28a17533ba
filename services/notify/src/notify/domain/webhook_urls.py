"""Which webhook URLs a unit may subscribe: http(s) only; in production, public addresses only."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit


class UrlRefused(ValueError):
    """The subscriber URL is not acceptable; `code` is stable, the message is for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def host_of(url: str) -> str:
    """The URL's host; UrlRefused if it is not an absolute http(s) URL."""
    try:
        parts = urlsplit(url)
        hostname, _ = parts.hostname, parts.port  # both raise ValueError when malformed
    except ValueError as exc:
        raise UrlRefused("WEBHOOK_URL_INVALID", "Địa chỉ webhook không đúng định dạng.") from exc
    if any(c.isspace() for c in url):
        raise UrlRefused("WEBHOOK_URL_INVALID", "Địa chỉ webhook không được chứa khoảng trắng.")
    if parts.scheme not in ("http", "https"):
        raise UrlRefused("WEBHOOK_URL_SCHEME", "Địa chỉ webhook phải bắt đầu bằng http:// hoặc https://.")
    if not hostname:
        raise UrlRefused("WEBHOOK_URL_INVALID", "Địa chỉ webhook thiếu tên máy chủ.")
    return hostname


def check_addresses(addresses: Iterable[str]) -> None:
    """UrlRefused unless every address the host resolves to is public (not loopback, private, ...)."""
    resolved = list(addresses)
    if not resolved:
        raise UrlRefused("WEBHOOK_URL_UNRESOLVABLE", "Không phân giải được tên máy chủ của địa chỉ webhook.")
    for text in resolved:
        ip = ipaddress.ip_address(text.split("%", 1)[0])
        if not ip.is_global or ip.is_multicast:
            raise UrlRefused(
                "WEBHOOK_URL_NOT_PUBLIC",
                f"Địa chỉ webhook trỏ tới địa chỉ nội bộ ({ip}); chỉ chấp nhận địa chỉ công khai.",
            )
