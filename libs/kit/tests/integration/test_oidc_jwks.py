"""OIDC mode verifies RS256 tokens against a real JWKS endpoint served over HTTP."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from emutrack_kit.auth import AuthenticationError, Role, RoleBinding, TokenVerifier


@pytest.fixture(scope="module")
def signing_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def jwks_url(signing_key: rsa.RSAPrivateKey) -> Iterator[str]:
    jwk = json.loads(RSAAlgorithm.to_jwk(signing_key.public_key()))
    body = json.dumps({"keys": [{**jwk, "kid": "k1", "use": "sig", "alg": "RS256"}]}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/.well-known/jwks.json"
    server.shutdown()


def _token(key: Any, **overrides: Any) -> str:
    now = datetime.now(UTC)
    claims = {
        "sub": "officer-1",
        "iss": "https://sso.hanoi.example",
        "aud": "emutrack",
        "iat": now,
        "exp": now + timedelta(minutes=5),
        "bindings": [{"role": "standing_office", "unit_id": "q-thanh-xuan"}],
        **overrides,
    }
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "k1"})


def _verifier(jwks_url: str) -> TokenVerifier:
    return TokenVerifier(
        mode="oidc", secret="", issuer="https://sso.hanoi.example", audience="emutrack", jwks_url=jwks_url
    )


def test_a_token_signed_by_the_identity_provider_is_accepted(signing_key: Any, jwks_url: str) -> None:
    principal = _verifier(jwks_url).verify(_token(signing_key))
    assert principal.subject == "officer-1"
    assert principal.bindings == (RoleBinding(Role.STANDING_OFFICE, "q-thanh-xuan"),)


def test_a_token_signed_by_another_key_is_refused(jwks_url: str) -> None:
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(AuthenticationError):
        _verifier(jwks_url).verify(_token(other))


def test_a_local_hs256_token_is_refused_in_oidc_mode(jwks_url: str) -> None:
    forged = jwt.encode(
        {
            "sub": "x",
            "iss": "https://sso.hanoi.example",
            "aud": "emutrack",
            "exp": datetime.now(UTC) + timedelta(minutes=5),
        },
        "a-shared-secret-that-is-long-enough-for-hs256",
        algorithm="HS256",
        headers={"kid": "k1"},
    )
    with pytest.raises(AuthenticationError):
        _verifier(jwks_url).verify(forged)
