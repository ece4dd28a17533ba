"""A plan's task calendar (tiến độ thực hiện): what is due, by whom, until when."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal, cast, get_args

from emutrack_contracts import Envelope, new_event
from emutrack_contracts.events.registration import CalendarTask, TaskCalendarPublished

DeadlineRule = Literal["on", "before", "dossiers_before"]
ExecutingScope = Literal[
    "district_office",
    "all_units",
    "wards",
    "schools",
    "clusters",
    "named_units",
    "individuals",
    "city_office",
]
TaskStatus = Literal["done", "overdue", "due_soon", "upcoming"]

DEADLINE_RULES: frozenset[str] = frozenset(get_args(DeadlineRule))
EXECUTING_SCOPES: frozenset[str] = frozenset(get_args(ExecutingScope))
DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class PlanTask:
    """One numbered task of a plan's appendix, with its wording kept verbatim."""

    number: int
    quarter: int
    content: str
    directing_body: str | None
    executing_units: tuple[str, ...]
    coordinating_units: tuple[str, ...]
    deadline: date
    deadline_text: str
    deadline_rule: DeadlineRule
    executing_scope: ExecutingScope
    executing_unit_ids: tuple[str, ...]


@dataclass(frozen=True)
class TaskCalendar:
    """A plan (số, ngày ban hành, đơn vị ban hành) and its tasks in number order."""

    number: str
    issued_on: date
    issuer_unit_id: str
    title: str
    year: int
    tasks: tuple[PlanTask, ...]


@dataclass(frozen=True)
class Completion:
    """A task marked done: the day, by whom, with an optional note."""

    on: date
    by: str
    note: str | None = None


@dataclass(frozen=True)
class KeptCalendar:
    """A level's calendar as kept: its id, the plan, and the tasks done by number."""

    calendar_id: str
    calendar: TaskCalendar
    completed: Mapping[int, Completion] = field(default_factory=dict)


def calendar_id(calendar: TaskCalendar) -> str:
    """A calendar's id: its issuing unit and year."""
    return f"{calendar.issuer_unit_id}-{calendar.year}"


def published_event(calendar: TaskCalendar, path: Sequence[str], actor: str) -> Envelope:
    """`task_calendar.published`: the levels below and notify learn the tasks and their deadlines."""
    payload = TaskCalendarPublished(
        calendar_id=calendar_id(calendar),
        issuer_unit_id=calendar.issuer_unit_id,
        year=calendar.year,
        plan_number=calendar.number,
        issued_on=calendar.issued_on,
        title=calendar.title,
        tasks=[CalendarTask(**asdict(t)) for t in calendar.tasks],
    )
    return new_event("task_calendar.published", unit_path=list(path), actor=actor, payload=payload)


def parse_calendar(raw: dict[str, Any]) -> TaskCalendar:
    """Build a TaskCalendar from its JSON shape, refusing bad tasks with a ValueError naming the task."""
    try:
        plan = raw["plan"]
        raw_tasks = raw["tasks"]
        number, issuer, title, year = plan["number"], plan["issuer_unit_id"], plan["title"], plan["year"]
        issued_on = date.fromisoformat(plan["issued_on"])
    except (KeyError, TypeError, ValueError) as e:
        raise ValueError(f"calendar plan: missing or invalid field ({e!r})") from e
    if not isinstance(raw_tasks, list) or not raw_tasks:
        raise ValueError("calendar: 'tasks' must be a non-empty list")
    tasks = tuple(_parse_task(i, t) for i, t in enumerate(raw_tasks, start=1))
    seen: set[int] = set()
    for expected, task in enumerate(tasks, start=1):
        if task.number in seen:
            raise ValueError(f"task {task.number}: duplicate task number")
        seen.add(task.number)
        if task.number != expected:
            raise ValueError(
                f"task {task.number}: out of sequence, expected task {expected} (numbers run 1..n)"
            )
    return TaskCalendar(str(number), issued_on, str(issuer), str(title), int(year), tasks)


def _parse_task(position: int, t: Any) -> PlanTask:
    """One task, or a ValueError naming its number (or its position when the number is unreadable)."""
    label = f"task {t['number']}" if isinstance(t, dict) and "number" in t else f"task at position {position}"
    try:
        number, quarter = t["number"], t["quarter"]
        if not isinstance(number, int) or isinstance(number, bool):
            raise ValueError(f"number {number!r} is not an integer")
        if quarter not in (1, 2, 3, 4) or isinstance(quarter, bool):
            raise ValueError(f"quarter {quarter!r} is not 1..4")
        rule, scope = t["deadline_rule"], t["executing_scope"]
        if rule not in DEADLINE_RULES:
            raise ValueError(f"deadline_rule {rule!r} is not one of {sorted(DEADLINE_RULES)}")
        if scope not in EXECUTING_SCOPES:
            raise ValueError(f"executing_scope {scope!r} is not one of {sorted(EXECUTING_SCOPES)}")
        executing = tuple(str(u) for u in t["executing_units"])
        if not executing:
            raise ValueError("no executing units")
        directing = t["directing_body"]
        return PlanTask(
            number=number,
            quarter=quarter,
            content=str(t["content"]),
            directing_body=None if directing is None else str(directing),
            executing_units=executing,
            coordinating_units=tuple(str(u) for u in t["coordinating_units"]),
            deadline=date.fromisoformat(t["deadline"]),
            deadline_text=str(t["deadline_text"]),
            deadline_rule=cast(DeadlineRule, rule),
            executing_scope=cast(ExecutingScope, scope),
            executing_unit_ids=tuple(str(u) for u in t["executing_unit_ids"]),
        )
    except KeyError as e:
        raise ValueError(f"{label}: missing field {e.args[0]!r}") from e
    except (TypeError, ValueError) as e:
        raise ValueError(f"{label}: {e}") from e


def task_status(task: PlanTask, today: date, done: bool) -> TaskStatus:
    """Where a task stands on a day: done, overdue, due within 7 days (inclusive) or upcoming."""
    if done:
        return "done"
    days_left = (task.deadline - today).days
    if days_left < 0:
        return "overdue"
    if days_left <= DUE_SOON_DAYS:
        return "due_soon"
    return "upcoming"
