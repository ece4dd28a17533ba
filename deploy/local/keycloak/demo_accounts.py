"""Makes the demo's accounts in the local Keycloak (once), with passwords made now and shown once.

Reads deploy/keycloak/demo-accounts.json; writes every password and machine secret it makes to
.local/keycloak/demo-accounts.txt (mode 600) and prints them. An account that exists is left as it
is. Usage: python deploy/local/keycloak/demo_accounts.py [--keycloak URL] [--local-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import string
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[3]
REALM = "emutrack"


def password() -> str:
    """A password that meets the realm's policy (12+, upper, lower, digit, special)."""
    pool = string.ascii_letters + string.digits
    body = "".join(secrets.choice(pool) for _ in range(14))
    return f"{body}A{secrets.choice('abcdefgh')}{secrets.randbelow(10)}!"


def admin_token(base: str, env: dict[str, str]) -> str:
    """A token of the bootstrap admin (master realm)."""
    form = {
        "client_id": "admin-cli",
        "grant_type": "password",
        "username": env["KC_BOOTSTRAP_ADMIN_USERNAME"],
        "password": env["KC_BOOTSTRAP_ADMIN_PASSWORD"],
    }
    response = httpx.post(f"{base}/realms/master/protocol/openid-connect/token", data=form, timeout=30)
    response.raise_for_status()
    return str(response.json()["access_token"])


def ensure_user(http: httpx.Client, account: dict[str, str]) -> str | None:
    """Create the account with a new password; None if it existed already."""
    found = http.get(f"/users?username={account['username']}&exact=true").json()
    if found:
        return None
    family, _, given = account["name"].partition(" ")  # Vietnamese order: the family name first
    user = {
        "username": account["username"],
        "email": account["email"],
        "emailVerified": True,
        "enabled": True,
        "firstName": given or family,
        "lastName": family,
        "requiredActions": [],
    }
    created = http.post("/users", json=user)
    created.raise_for_status()
    user_id = created.headers["Location"].rsplit("/", 1)[-1]
    secret = password()
    reset = http.put(
        f"/users/{user_id}/reset-password", json={"type": "password", "value": secret, "temporary": False}
    )
    reset.raise_for_status()
    return secret


def client_secret(http: httpx.Client, client_id: str) -> str:
    """A machine client's secret, as Keycloak made it at the realm's import."""
    [client] = http.get(f"/clients?clientId={client_id}").json()
    return str(http.get(f"/clients/{client['id']}/client-secret").json()["value"])


def main() -> None:
    """CLI entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--keycloak", default=f"http://127.0.0.1:{os.environ.get('EMT_KEYCLOAK_PORT', '8180')}"
    )
    parser.add_argument(
        "--local-dir", type=Path, default=Path(os.environ.get("EMT_LOCAL_DIR", ROOT / ".local"))
    )
    args = parser.parse_args()
    state = args.local_dir / "keycloak"
    env = dict(line.split("=", 1) for line in (state / "admin.env").read_text().split())
    demo = json.loads((ROOT / "deploy/keycloak/demo-accounts.json").read_text(encoding="utf-8"))
    headers = {"Authorization": f"Bearer {admin_token(args.keycloak, env)}"}
    made: list[str] = []
    with httpx.Client(base_url=f"{args.keycloak}/admin/realms/{REALM}", headers=headers, timeout=30) as http:
        for account in demo["accounts"]:
            secret = ensure_user(http, account)
            if secret is not None:
                made.append(f"{account['username']:<34} {secret}   {account['name']}")
        kept = state / "demo-accounts.txt"
        if not kept.exists():
            for client_id in sorted({m["client_id"] for m in demo["machines"]}):
                made.append(f"{client_id:<34} {client_secret(http, client_id)}   (client secret)")
    if made:
        with os.fdopen(
            os.open(state / "demo-accounts.txt", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "a"
        ) as f:
            f.write("\n".join(made) + "\n")
        print("Demo accounts (shown once; kept in .local/keycloak/demo-accounts.txt):")
        print("\n".join(made))
    else:
        print("Demo accounts exist already (passwords in .local/keycloak/demo-accounts.txt).")


if __name__ == "__main__":
    main()
