"""The default rule sets shipped as package data: one JSON file per award, a list of its versions."""

from __future__ import annotations

import json
from importlib import resources

from review.domain.rule_versions import check_versions
from review.domain.rules import RuleSet, parse_rule_set


def load_default_rule_sets() -> tuple[RuleSet, ...]:
    """Every version of every award's rule set in rules/*.json, validated (no overlapping versions)."""
    rule_sets: list[RuleSet] = []
    for entry in sorted(resources.files(__name__).iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        versions = json.loads(entry.read_text(encoding="utf-8"))
        if not isinstance(versions, list):
            raise ValueError(f"rules/{entry.name}: expected a JSON list of rule-set versions")
        rule_sets += [parse_rule_set(v) for v in versions]
    check_versions(rule_sets)
    return tuple(rule_sets)
