"""What the authorization matrices share: the places (columns), one case per cell, callers' tokens."""

from __future__ import annotations

from typing import Any

import pytest

from emutrack_kit.auth import Role, mint_token
from emutrack_kit.settings import DEV_JWT_SECRET
from emutrack_kit_testing.helpers import bearer

# Where the caller's single binding sits, relative to the target ward (the tables' columns).
AT = (
    "p-kim-giang",  # the target ward itself
    "q-thanh-xuan",  # its district (the round's receiving level)
    "ha-noi",  # the city
    "p-khuong-dinh",  # a sibling ward in the same district
    "q-hoang-mai",  # another district
)


def cases(table: dict[str, tuple[Any, ...]]) -> list[Any]:
    """One pytest case per (role, place) cell, with an id like `viewer@q-thanh-xuan`."""
    return [
        pytest.param(role, unit, expected, id=f"{role}@{unit}")
        for role, row in table.items()
        for unit, expected in zip(AT, row, strict=True)
    ]


def check_tables(tables: dict[str, dict[str, tuple[Any, ...]]]) -> None:
    """Every table has a row per role and a column per place."""
    roles = {r.value for r in Role}
    for name, table in tables.items():
        assert set(table) == roles, f"table '{name}' rows differ from the roles {sorted(roles)}"
        for role, row in table.items():
            assert len(row) == len(AT), f"table '{name}', row '{role}': {len(row)} columns"


def as_(role: str, unit: str, subject: str = "tester") -> dict[str, str]:
    """The Authorization header of a caller holding one role at one unit."""
    return bearer(
        mint_token(
            subject=subject,
            bindings=[(role, unit)],
            secret=DEV_JWT_SECRET,
            issuer="emutrack-local",
            audience="emutrack",
        )
    )
