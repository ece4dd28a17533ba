"""How one fact rolls up the tree: every unit on its path gets the same increment."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from emutrack_contracts import Envelope, new_event
from emutrack_contracts.events.reporting import ReportSnapshotUpdated
from reporting.domain.numbers import Delta, Numbers

_SNAPSHOT_NAMESPACE = uuid.UUID("6f1f3c1e-6a63-4c1b-9a59-3f1f5d0d2b10")


@dataclass(frozen=True)
class CounterTarget:
    """The counter of one unit on the fact's path, for one period (and the month the fact is in)."""

    counter_id: str
    unit_id: str
    unit_path: tuple[str, ...]
    period: str
    month: str | None = None  # the Hà Nội month the fact happened in: it also counts there

    def fields(self, delta: Delta) -> Delta:
        """The delta as the counter stores it: on the period, and again under its month."""
        if self.month is None:
            return delta
        return {**delta, **{f"months.{self.month}.{field}": n for field, n in delta.items()}}


def rollup_targets(unit_path: Sequence[str], period: str, month: str | None = None) -> list[CounterTarget]:
    """One counter per unit from the root down to the fact's unit (ward, district, city)."""
    return [
        CounterTarget(f"{unit_id}:{period}", unit_id, tuple(unit_path[: i + 1]), period, month)
        for i, unit_id in enumerate(unit_path)
    ]


def snapshot_event(
    *, unit_id: str, unit_path: Sequence[str], period: str, version: int, numbers: Numbers
) -> Envelope:
    """The aggregated snapshot of one unit and period; its id is stable per version."""
    return new_event(
        "report.snapshot_updated",
        event_id=uuid.uuid5(_SNAPSHOT_NAMESPACE, f"{unit_id}:{period}:{version}"),
        unit_path=list(unit_path),
        actor="system:reporting",
        payload=ReportSnapshotUpdated(unit_id=unit_id, period=period, version=version, **numbers.fields()),
    )


def registration_submitted_delta(title_code: str) -> Delta:
    """A new collective registration counts once in the total and under its title."""
    return {"registrations_total": 1, f"registrations_by_title.{title_code}": 1}


def registration_changed_delta(
    *, from_status: str, to_status: str, title_code: str, previous_title_code: str | None
) -> Delta:
    """A withdrawal uncounts the registration; an amended title moves it to the new title."""
    if to_status == "withdrawn" and from_status != "withdrawn":
        return {"registrations_total": -1, f"registrations_by_title.{previous_title_code or title_code}": -1}
    if previous_title_code and previous_title_code != title_code:
        return {
            f"registrations_by_title.{previous_title_code}": -1,
            f"registrations_by_title.{title_code}": 1,
        }
    return {}


def individual_list_delta(previous: dict[str, int], current: dict[str, int]) -> Delta:
    """A resubmitted list of people replaces the previous one: count only the difference."""
    delta: Delta = {"individuals_total": sum(current.values()) - sum(previous.values())}
    for title in sorted(set(previous) | set(current)):  # sorted: the same fact in every process
        delta[f"individuals_by_title.{title}"] = current.get(title, 0) - previous.get(title, 0)
    return {field: n for field, n in delta.items() if n != 0}


def dossier_submitted_delta(award_code: str) -> Delta:
    """A dossier proposed counts once in the total and under its award."""
    return {"dossiers_total": 1, f"dossiers_by_award.{award_code}": 1}


def decision_deltas(
    awardee_paths: Sequence[Sequence[str]],
    award_code: str,
    level_kind: str,
    periods: Sequence[str],
    subject_kinds: Sequence[str] | None = None,
) -> Delta:
    """Each awardee counts once in its period on its proposing unit's path, by award, level and kind.

    The kind (collective or individual) is counted when the awardees' subject kinds are given.

    Keys are `<path joined by '/'>:<period>|<field>`, so the fact stores where each increment went
    (a redelivery after the tree changed applies exactly what the first delivery did).
    """
    delta: Delta = {}
    for i, (path, period) in enumerate(zip(awardee_paths, periods, strict=True)):
        for target in rollup_targets(path, period):
            prefix = f"{'/'.join(target.unit_path)}:{period}|"
            for field in ("awards_total", f"awards_by_award.{award_code}", f"awards_by_level.{level_kind}"):
                delta[prefix + field] = delta.get(prefix + field, 0) + 1
            if subject_kinds is not None:
                for field in (
                    f"awards_by_subject_kind.{subject_kinds[i]}",
                    f"awards_by_level_award_subject.{level_kind}:{award_code}:{subject_kinds[i]}",
                ):
                    delta[prefix + field] = delta.get(prefix + field, 0) + 1
    return delta


def split_targeted(delta: Delta, month: str | None = None) -> list[tuple[CounterTarget, Delta]]:
    """The per-counter deltas of a targeted delta (see `decision_deltas`), in the given month."""
    by_target: dict[str, Delta] = {}
    for key, n in delta.items():
        where, field = key.split("|", 1)
        by_target.setdefault(where, {})[field] = n
    targets = []
    for where, fields in sorted(by_target.items()):
        joined, period = where.rsplit(":", 1)
        path = tuple(joined.split("/"))
        targets.append((CounterTarget(f"{path[-1]}:{period}", path[-1], path, period, month), fields))
    return targets


def initiative_delta(recognition_level: str, sign: int = 1) -> Delta:
    """An initiative proposed (or, with sign -1, withdrawn), by the level asked to recognise it."""
    return {"initiatives_total": sign, f"initiatives_by_level.{recognition_level}": sign}


def exemplar_delta(category: str, sign: int = 1) -> Delta:
    """An exemplar proposed (or, with sign -1, withdrawn), by category."""
    return {"exemplars_total": sign, f"exemplars_by_category.{category}": sign}


def movement_delta(launching_level_kind: str, kind: str) -> Delta:
    """A movement launched, by the kind of the level that launched it and its own kind."""
    return {"movements_total": 1, f"movements_by_level_kind.{launching_level_kind}:{kind}": 1}


def form_counts(rows: int, targets: dict[str, int]) -> dict[str, int]:
    """What a registration form counts as, kept to take a resubmission's difference (keys without dots)."""
    return {"rows": rows, **{f"target:{code}": n for code, n in targets.items()}}


def form_delta(form: str, previous: dict[str, int], current: dict[str, int]) -> Delta:
    """A resubmitted form replaces the previous one: count only the difference, rows and awards aimed at."""
    delta: Delta = {}
    for key in sorted(set(previous) | set(current)):  # sorted: the same fact in every process
        field = f"form_rows.{form}" if key == "rows" else f"form_targets.{form}:{key.removeprefix('target:')}"
        delta[field] = current.get(key, 0) - previous.get(key, 0)
    return {field: n for field, n in delta.items() if n != 0}
