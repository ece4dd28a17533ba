"""Backward-compatibility check between two JSON Schemas of one event type.

Allowed: new optional fields, new enum values. Breaking: a removed or renamed field,
a changed type or format, a field made required, a removed enum value.
"""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]


def _resolve(schema: Schema, root: Schema) -> Schema:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = root.get("$defs", {})[name]
    return schema


def _variants(schema: Schema, root: Schema) -> list[Schema]:
    schema = _resolve(schema, root)
    if "anyOf" in schema:
        out: list[Schema] = []
        for option in schema["anyOf"]:
            out.extend(_variants(option, root))
        return out
    return [schema]


def _signature(schema: Schema, root: Schema) -> set[str]:
    sig = set()
    for v in _variants(schema, root):
        kind = v.get("type", "object" if "properties" in v else "any")
        if "const" in v:
            kind = "string" if isinstance(v["const"], str) else kind
        sig.add(f"{kind}:{v.get('format', '')}")
    return sig


def _enum_values(schema: Schema, root: Schema) -> set[Any] | None:
    values: set[Any] = set()
    found = False
    for v in _variants(schema, root):
        if "enum" in v:
            values.update(v["enum"])
            found = True
        elif "const" in v:
            values.add(v["const"])
            found = True
    return values if found else None


def breaking_changes(old: Schema, new: Schema, path: str = "$") -> list[str]:
    """List every breaking difference from `old` to `new` (empty when compatible)."""
    return _compare(old, new, old, new, path)


def _compare(old: Schema, new: Schema, old_root: Schema, new_root: Schema, path: str) -> list[str]:
    problems: list[str] = []
    old_sig, new_sig = _signature(old, old_root), _signature(new, new_root)
    if old_sig != new_sig:
        problems.append(f"{path}: type changed from {sorted(old_sig)} to {sorted(new_sig)}")
        return problems
    old_enum, new_enum = _enum_values(old, old_root), _enum_values(new, new_root)
    if old_enum is not None:
        removed = old_enum - (new_enum or set())
        if removed:
            problems.append(f"{path}: enum values removed: {sorted(map(str, removed))}")
    old_objs = [v for v in _variants(old, old_root) if "properties" in v]
    new_objs = [v for v in _variants(new, new_root) if "properties" in v]
    for o, n in zip(old_objs, new_objs, strict=False):
        old_props, new_props = o["properties"], n["properties"]
        for name in old_props:
            if name not in new_props:
                problems.append(f"{path}.{name}: field removed or renamed")
            else:
                problems.extend(
                    _compare(old_props[name], new_props[name], old_root, new_root, f"{path}.{name}")
                )
        newly_required = set(n.get("required", [])) - set(o.get("required", []))
        for name in sorted(newly_required):
            problems.append(f"{path}.{name}: field is now required")
    old_items = [v["items"] for v in _variants(old, old_root) if "items" in v]
    new_items = [v["items"] for v in _variants(new, new_root) if "items" in v]
    for oi, ni in zip(old_items, new_items, strict=False):
        problems.extend(_compare(oi, ni, old_root, new_root, f"{path}[]"))
    return problems
