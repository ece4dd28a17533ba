"""JSON Schema snapshots of every event type, committed under contracts/schemas/.

`python -m emutrack_contracts.snapshots check` fails on a breaking change;
`... write` records the current schemas (refusing breaking ones).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from emutrack_contracts.compat import breaking_changes
from emutrack_contracts.envelope import Envelope
from emutrack_contracts.registry import EVENT_TYPES

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"


def current_schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schema of the envelope and of each event type's payload, by file name."""
    out = {"envelope.json": Envelope.model_json_schema()}
    for t in EVENT_TYPES.values():
        out[f"{t.name}.v{t.version}.json"] = t.payload.model_json_schema()
    return out


def check(schema_dir: Path = SCHEMA_DIR) -> list[str]:
    """Compare current schemas with the snapshots: breaking changes and missing ones."""
    problems = []
    for name, schema in current_schemas().items():
        path = schema_dir / name
        if not path.exists():
            problems.append(f"{name}: no snapshot committed (run `make contracts-snapshot`)")
            continue
        old = json.loads(path.read_text(encoding="utf-8"))
        problems.extend(f"{name}: {p}" for p in breaking_changes(old, schema))
    return problems


def write(schema_dir: Path = SCHEMA_DIR) -> list[str]:
    """Write snapshots for every compatible schema; return the breaking ones refused."""
    refused = check(schema_dir)
    refused = [p for p in refused if "no snapshot committed" not in p]
    if refused:
        return refused
    schema_dir.mkdir(parents=True, exist_ok=True)
    for name, schema in current_schemas().items():
        text = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        (schema_dir / name).write_text(text, encoding="utf-8")
    return []


def main() -> int:
    """CLI: `check` or `write`."""
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    problems = write() if command == "write" else check()
    for p in problems:
        print(f"BREAKING: {p}", file=sys.stderr)
    if not problems:
        print(
            f"contracts: {len(current_schemas())} schemas {'written' if command == 'write' else 'compatible'}"
        )
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
