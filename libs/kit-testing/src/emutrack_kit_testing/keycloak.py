"""The local Keycloak for tests: its admin API, accounts, and signing in as a browser does (code + PKCE)."""

from __future__ import annotations

import base64
import hashlib
import html
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx

REALM = "emutrack"
PORTAL = "emutrack-portal"
REDIRECT = "http://127.0.0.1:8000/auth/callback"


def _local_dir() -> Path:
    return Path(os.environ.get("EMT_LOCAL_DIR", Path(__file__).resolve().parents[4] / ".local"))


@dataclass(frozen=True)
class Keycloak:
    """The local identity provider: its base URL and its bootstrap admin."""

    base: str
    admin_username: str
    admin_password: str

    @classmethod
    def local(cls) -> Keycloak:
        """The one `deploy/local/infra.sh up` started (port EMT_KEYCLOAK_PORT, admin in .local)."""
        env = dict(
            line.split("=", 1) for line in (_local_dir() / "keycloak" / "admin.env").read_text().split()
        )
        port = os.environ.get("EMT_KEYCLOAK_PORT", "8180")
        return cls(
            f"http://127.0.0.1:{port}", env["KC_BOOTSTRAP_ADMIN_USERNAME"], env["KC_BOOTSTRAP_ADMIN_PASSWORD"]
        )

    @property
    def issuer(self) -> str:
        """The realm's issuer URL."""
        return f"{self.base}/realms/{REALM}"

    @property
    def token_url(self) -> str:
        """The realm's token endpoint."""
        return f"{self.issuer}/protocol/openid-connect/token"

    async def admin(self) -> httpx.AsyncClient:
        """A client of the realm's admin API, signed in as the bootstrap admin."""
        form = {
            "client_id": "admin-cli",
            "grant_type": "password",
            "username": self.admin_username,
            "password": self.admin_password,
        }
        async with httpx.AsyncClient(timeout=30) as http:
            response = await http.post(f"{self.base}/realms/master/protocol/openid-connect/token", data=form)
            response.raise_for_status()
        headers = {"Authorization": f"Bearer {response.json()['access_token']}"}
        return httpx.AsyncClient(base_url=f"{self.base}/admin/realms/{REALM}", headers=headers, timeout=30)

    async def add_user(self, username: str, password: str, name: str = "Người thử nghiệm") -> str:
        """A new account with its password (not to change); its id."""
        async with await self.admin() as http:
            family, _, given = name.partition(" ")  # a Vietnamese name: family name first
            user = {
                "username": username, "email": f"{username}@test.emutrack.vn", "emailVerified": True,
                "enabled": True, "firstName": given or family, "lastName": family, "requiredActions": [],
            }  # fmt: skip
            created = await http.post("/users", json=user)
            created.raise_for_status()
            user_id = created.headers["Location"].rsplit("/", 1)[-1]
            reset = await http.put(
                f"/users/{user_id}/reset-password",
                json={"type": "password", "value": password, "temporary": False},
            )
            reset.raise_for_status()
            return user_id

    async def allow_portal_at(self, public_url: str) -> None:
        """Let the portal's client sign in and out at another address (a test's portal on its own port)."""
        async with await self.admin() as http:
            [client] = (await http.get(f"/clients?clientId={PORTAL}")).json()
            uris = sorted({*client.get("redirectUris", []), f"{public_url}/*"})
            attributes = dict(client.get("attributes", {}))
            logout = {u for u in attributes.get("post.logout.redirect.uris", "").split("##") if u}
            attributes["post.logout.redirect.uris"] = "##".join(sorted({*logout, f"{public_url}/*"}))
            updated = await http.put(
                f"/clients/{client['id']}", json={**client, "redirectUris": uris, "attributes": attributes}
            )
            updated.raise_for_status()

    async def brute_force_status(self, user_id: str) -> dict[str, Any]:
        """What the brute-force protection says of an account."""
        async with await self.admin() as http:
            response = await http.get(f"/attack-detection/brute-force/users/{user_id}")
            response.raise_for_status()
            return dict(response.json())

    async def client_secret(self, client_id: str) -> str:
        """A confidential client's secret."""
        async with await self.admin() as http:
            [client] = (await http.get(f"/clients?clientId={client_id}")).json()
            return str((await http.get(f"/clients/{client['id']}/client-secret")).json()["value"])

    async def test_client(self, client_id: str) -> tuple[str, str]:
        """A client for tests only, made now: the password grant, audience `emutrack`; (id, secret)."""
        client = {
            "clientId": client_id, "enabled": True, "publicClient": False, "standardFlowEnabled": False,
            "directAccessGrantsEnabled": True, "serviceAccountsEnabled": False,
            "protocolMappers": [{
                "name": "audience emutrack", "protocol": "openid-connect",
                "protocolMapper": "oidc-audience-mapper",
                "config": {"included.custom.audience": "emutrack", "access.token.claim": "true"},
            }],
        }  # fmt: skip
        async with await self.admin() as http:
            created = await http.post("/clients", json=client)
            if created.status_code != 409:
                created.raise_for_status()
        return client_id, await self.client_secret(client_id)

    async def password_grant(self, client_id: str, secret: str, username: str, password: str) -> str:
        """An access token for a person through a test client (the portal itself never takes passwords)."""
        form = {
            "grant_type": "password", "client_id": client_id, "client_secret": secret,
            "username": username, "password": password, "scope": "openid",
        }  # fmt: skip
        async with httpx.AsyncClient(timeout=30) as http:
            response = await http.post(self.token_url, data=form)
            response.raise_for_status()
            return str(response.json()["access_token"])

    async def client_credentials(self, client_id: str, secret: str) -> dict[str, Any]:
        """A machine client's tokens (client credentials flow)."""
        form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
        async with httpx.AsyncClient(timeout=30) as http:
            response = await http.post(self.token_url, data=form)
            response.raise_for_status()
            return dict(response.json())


@dataclass(frozen=True)
class Pkce:
    """A code verifier and its S256 challenge."""

    verifier: str
    challenge: str

    @classmethod
    def new(cls) -> Pkce:
        """A fresh pair."""
        verifier = secrets.token_urlsafe(48)
        digest = hashlib.sha256(verifier.encode()).digest()
        return cls(verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode())


async def sign_in(keycloak: Keycloak, username: str, password: str) -> httpx.Response:
    """Sign in at the login page as a browser would (authorization code + PKCE); the token response."""
    pkce, state = Pkce.new(), secrets.token_urlsafe(16)
    query = {
        "client_id": PORTAL, "redirect_uri": REDIRECT, "response_type": "code", "scope": "openid",
        "state": state, "code_challenge": pkce.challenge, "code_challenge_method": "S256",
    }  # fmt: skip
    async with httpx.AsyncClient(timeout=30, follow_redirects=False) as browser:
        page = await browser.get(f"{keycloak.issuer}/protocol/openid-connect/auth", params=query)
        page.raise_for_status()
        for cookie in browser.cookies.jar:
            cookie.secure = False  # a browser sends them to 127.0.0.1 (a secure context); httpx would not
        action = re.search(r'<form[^>]*action="([^"]+)"', page.text)
        assert action is not None, page.text[:2000]
        answer = await browser.post(
            html.unescape(action.group(1)),
            data={"username": username, "password": password, "credentialId": ""},
        )
        if answer.status_code != 302:
            return answer  # the login page again, with its message
        redirected = urlparse(answer.headers["Location"])
        params = parse_qs(redirected.query)
        assert params["state"] == [state]
        form = {
            "grant_type": "authorization_code", "client_id": PORTAL, "code": params["code"][0],
            "redirect_uri": REDIRECT, "code_verifier": pkce.verifier,
        }  # fmt: skip
        return await browser.post(keycloak.token_url, data=form)


async def refresh(keycloak: Keycloak, refresh_token: str) -> httpx.Response:
    """New tokens for a refresh token (the portal's client)."""
    form = {"grant_type": "refresh_token", "client_id": PORTAL, "refresh_token": refresh_token}
    async with httpx.AsyncClient(timeout=30) as http:
        return await http.post(keycloak.token_url, data=form)


async def sign_out(keycloak: Keycloak, refresh_token: str) -> httpx.Response:
    """End the session of a refresh token."""
    form = {"client_id": PORTAL, "refresh_token": refresh_token}
    async with httpx.AsyncClient(timeout=30) as http:
        return await http.post(f"{keycloak.issuer}/protocol/openid-connect/logout", data=form)
