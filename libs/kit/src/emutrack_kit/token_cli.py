"""`emt-token`: mint a local bearer token for a role bound to a unit (development, tests)."""

from __future__ import annotations

import argparse
from datetime import timedelta

from emutrack_kit.auth import Role, mint_token
from emutrack_kit.settings import CommonSettings


def main() -> None:
    """Print a signed token, e.g. `emt-token --role unit_officer --unit p-kim-giang`."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sub", default="dev-user", help="subject (user id)")
    parser.add_argument(
        "--role",
        action="append",
        required=True,
        choices=[r.value for r in Role],
        help="role (repeat with --unit for several bindings)",
    )
    parser.add_argument("--unit", action="append", required=True, help="unit id of the binding")
    parser.add_argument("--hours", type=float, default=8.0)
    args = parser.parse_args()
    if len(args.role) != len(args.unit):
        parser.error("give one --unit for each --role")
    settings = CommonSettings()
    if settings.environment != "development":
        parser.error("emt-token mints local tokens for development only: set EMT_ENVIRONMENT=development")
    print(
        mint_token(
            subject=args.sub,
            bindings=zip(args.role, args.unit, strict=True),
            secret=settings.jwt_secret,
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            ttl=timedelta(hours=args.hours),
        )
    )


if __name__ == "__main__":
    main()
