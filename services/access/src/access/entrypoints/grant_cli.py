"""`emt-access-grant`: an operator grants a role from the command line (the city's first admin, the demo).

Examples: `emt-access-grant --subject ha-noi.admin --name "Quản trị Thành phố" --role admin --unit ha-noi
--reason "Quản trị đầu tiên"`; `emt-access-grant --demo deploy/keycloak/demo-accounts.json` (once each).
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
from datetime import date
from pathlib import Path

from access import bootstrap
from access.config import Settings
from access.domain.bindings import Grant
from access.usecases import grants
from emutrack_kit.auth import Role


async def _grant_all(settings: Settings, requests: list[Grant]) -> int:
    ctx = bootstrap.deps(settings)
    await ctx.bindings.ensure_indexes()
    operator, granted = getpass.getuser(), 0
    for request in requests:
        held = await ctx.bindings.of_subject(request.subject)
        if any(
            b.role == request.role and b.unit_id == request.unit_id and b.revoked_at is None for b in held
        ):
            continue  # granted by an earlier run
        await grants.grant_as_operator(ctx, operator, request)
        granted += 1
    return granted


def _demo(path: Path, today: date) -> list[Grant]:
    demo = json.loads(path.read_text(encoding="utf-8"))
    accounts = [*demo["accounts"], *demo.get("machines", [])]
    return [
        Grant(a["username"], a["name"], Role(a["role"]), a["unit_id"], today, None, "Tài khoản dùng thử")
        for a in accounts
    ]


def main() -> None:
    """CLI entry point."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--subject")
    parser.add_argument("--name")
    parser.add_argument("--role", choices=[r.value for r in Role])
    parser.add_argument("--unit")
    parser.add_argument("--reason")
    parser.add_argument("--from", dest="valid_from", type=date.fromisoformat, default=date.today())
    parser.add_argument("--demo", type=Path, help="grant every account of a demo accounts file")
    args = parser.parse_args()
    if args.demo:
        requests = _demo(args.demo, args.valid_from)
    elif all((args.subject, args.name, args.role, args.unit, args.reason)):
        requests = [
            Grant(args.subject, args.name, Role(args.role), args.unit, args.valid_from, None, args.reason)
        ]
    else:
        parser.error("give --demo FILE, or --subject, --name, --role, --unit and --reason")
    print(f"granted {asyncio.run(_grant_all(Settings(), requests))} binding(s)")
