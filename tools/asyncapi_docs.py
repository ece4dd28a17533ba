"""Write each consumer app's AsyncAPI document (generated from the code) to a folder."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

SERVICES = ("registration", "review", "notify", "reporting", "access")


def main() -> None:
    """`python tools/asyncapi_docs.py docs/asyncapi`."""
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/asyncapi")
    out.mkdir(parents=True, exist_ok=True)
    for service in SERVICES:
        app = importlib.import_module(f"{service}.entrypoints.consumers").create_app()
        document = app.schema.to_specification().to_jsonable()
        (out / f"{service}.json").write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        print(f"{out / f'{service}.json'}: {len(document.get('channels', {}))} channels")


if __name__ == "__main__":
    main()
