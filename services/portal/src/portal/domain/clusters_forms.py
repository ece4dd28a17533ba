"""The cluster's forms as a person fills them, and back: criteria as rows of a table, a sheet's points.

Each form knows which of its inputs stands for which part of the service's body, so the service's
`error.fields` (e.g. `sections[0].criteria[1].max_points`) land beside the input the person typed in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from portal.domain.clusters import field_path, typed_points

KINDS_VI = {"criterion": "Tiêu chí", "bonus": "Điểm thưởng", "penalty": "Điểm trừ"}
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")
BLANK_ROWS = 3


@dataclass(frozen=True)
class Row:
    """One line of the criteria table: a criterion of a section, or a bonus or penalty item."""

    kind: str = "criterion"
    section: str = ""
    text: str = ""
    max_points: str = ""
    evidence: str = ""

    @property
    def blank(self) -> bool:
        """Nothing typed in it."""
        return not (
            self.section.strip() or self.text.strip() or self.max_points.strip() or self.evidence.strip()
        )


def rows_of(criteria: Mapping[str, Any] | None) -> list[Row]:
    """A criteria set (as review shows it) as the rows of the table."""
    if not criteria:
        return []
    rows = [
        Row("criterion", s["title"], c["text"], _shown(c["max_points"]), c.get("evidence", ""))
        for s in criteria["sections"]
        for c in s["criteria"]
    ]
    for kind, part in (("bonus", "bonus_items"), ("penalty", "penalty_items")):
        rows += [Row(kind, "", i["text"], _shown(i["max_points"])) for i in criteria.get(part, [])]
    return rows


def _shown(points: float) -> str:
    return f"{points:g}".replace(".", ",")


def posted_rows(form: Mapping[str, str]) -> list[Row]:
    """The rows a criteria form posted (row-<n>-kind, -section, -text, -max, -evidence), in order."""
    count = sum(1 for name in form if name.startswith("row-") and name.endswith("-text"))
    return [
        Row(
            form.get(f"row-{n}-kind", "criterion"),
            form.get(f"row-{n}-section", ""),
            form.get(f"row-{n}-text", ""),
            form.get(f"row-{n}-max", ""),
            form.get(f"row-{n}-evidence", ""),
        )
        for n in range(count)
    ]


def with_blanks(rows: list[Row], blanks: int = BLANK_ROWS) -> list[Row]:
    """The rows with blank ones after them, to type new criteria in."""
    return [*rows, *(Row() for _ in range(blanks))]


@dataclass
class Placement:
    """Which input of a form each part of the service's body came from."""

    exact: dict[str, str] = field(default_factory=dict)  # API path -> input name
    prefixes: dict[str, str] = field(default_factory=dict)  # API path of a line -> its inputs' prefix

    def errors(self, fields: Mapping[str, str], rest: str) -> dict[str, str]:
        """The service's field errors keyed by the form's input names (unplaced ones under `rest`)."""
        placed: dict[str, str] = {}
        for name, message in fields.items():
            path = field_path(name)
            target = self.exact.get(path)
            if target is None:
                line = max((p for p in self.prefixes if path.startswith(p + ".")), key=len, default=None)
                if line is not None:
                    last = path[len(line) + 1 :].split(".")[-1]
                    target = f"{self.prefixes[line]}-{_SUFFIX.get(last, last)}"
            placed.setdefault(target or rest, message)
        return placed


_SUFFIX = {
    "max_points": "max", "text": "text", "evidence": "evidence", "criterion_id": "text", "item_id": "text",
    "points": "points", "comment": "comment", "ref_id": "points",
}  # fmt: skip


@dataclass
class CriteriaForm:
    """The body review takes for the rows typed, and where each part of it came from."""

    body: dict[str, Any]
    placement: Placement = field(default_factory=Placement)

    def errors(self, fields: Mapping[str, str]) -> dict[str, str]:
        """The service's field errors keyed by the form's input names (unplaced ones under "rows")."""
        return self.placement.errors(fields, "rows")

    def line(self, path: str, n: int) -> None:
        """Body part `path` is row n."""
        self.placement.exact[path] = f"row-{n}-text"
        self.placement.prefixes[path] = f"row-{n}"


def criteria_form(rows: list[Row], declared_total: str) -> CriteriaForm:
    """Rows grouped into sections by their section's name (in order); bonus and penalty rows as items."""
    sections: dict[str, list[tuple[int, Row]]] = {}
    items: dict[str, list[tuple[int, Row]]] = {"bonus": [], "penalty": []}
    for n, row in enumerate(rows):
        if row.blank:
            continue
        if row.kind in items:
            items[row.kind].append((n, row))
        else:
            sections.setdefault(" ".join(row.section.split()), []).append((n, row))
    form = CriteriaForm({"sections": [], "bonus_items": [], "penalty_items": []})
    for i, (title, entries) in enumerate(sections.items()):
        sid = ROMAN[i] if i < len(ROMAN) else str(i + 1)
        form.placement.exact[f"sections[{i}].title"] = f"row-{entries[0][0]}-section"
        criteria = []
        for j, (n, row) in enumerate(entries):
            points = typed_points(row.max_points)
            criteria.append(
                {
                    "criterion_id": f"{sid}.{j + 1}",
                    "text": row.text,
                    "max_points": points,
                    "evidence": row.evidence,
                }
            )
            form.line(f"sections[{i}].criteria[{j}]", n)
        form.body["sections"].append({"section_id": sid, "title": title, "criteria": criteria})
    for kind, prefix, part in (("bonus", "T", "bonus_items"), ("penalty", "TR", "penalty_items")):
        for j, (n, row) in enumerate(items[kind]):
            item = {
                "item_id": f"{prefix}{j + 1}",
                "text": row.text,
                "max_points": typed_points(row.max_points),
            }
            form.body[part].append(item)
            form.line(f"{part}[{j}]", n)
    if declared_total.strip():
        form.body["declared_total"] = typed_points(declared_total)
    form.placement.exact["declared_total"] = "declared_total"
    return form


@dataclass
class SheetForm:
    """A sheet's body for review, and which input each sent mark came from."""

    body: dict[str, Any]
    placement: Placement = field(default_factory=Placement)

    def errors(self, fields: Mapping[str, str]) -> dict[str, str]:
        """The service's field errors keyed by the form's input names (unplaced ones under "marks")."""
        return self.placement.errors(fields, "marks")


@dataclass(frozen=True)
class Line:
    """A line of a score sheet: its inputs' prefix, the part of the body it goes to, what it scores."""

    prefix: str
    part: str  # marks, bonuses or penalties
    ref_id: str
    text: str
    max_points: float
    heading: str  # the section's title, or the bonus or penalty heading
    evidence: str = ""


def sheet_lines(criteria: Mapping[str, Any]) -> list[Line]:
    """Every line of a sheet, in printed order: the sections' criteria, then bonus, then penalty items."""
    lines = []
    n = 0
    for section in criteria["sections"]:
        for c in section["criteria"]:
            heading = f"{section['section_id']}. {section['title']}"
            lines.append(Line(f"m{n}", "marks", c["criterion_id"], c["text"], c["max_points"], heading,
                              c.get("evidence", "")))  # fmt: skip
            n += 1
    for code, part, key, heading in (("b", "bonuses", "bonus_items", "Điểm thưởng"),
                                     ("p", "penalties", "penalty_items", "Điểm trừ")):  # fmt: skip
        for i, item in enumerate(criteria.get(key, [])):
            lines.append(Line(f"{code}{i}", part, item["item_id"], item["text"], item["max_points"], heading))
    return lines


def sheet_form(criteria: Mapping[str, Any], scorer_id: str, kind: str, form: Mapping[str, str]) -> SheetForm:
    """The marks typed (a line left blank is not sent: the service says what is missing)."""
    sheet = SheetForm({"scorer_id": scorer_id, "kind": kind, "marks": [], "bonuses": [], "penalties": []})
    sheet.placement.exact["marks"] = "marks"
    for line in sheet_lines(criteria):
        typed = form.get(f"{line.prefix}-points", "").strip()
        if not typed:
            continue
        comment = form.get(f"{line.prefix}-comment", "")
        sent = f"{line.part}[{len(sheet.body[line.part])}]"
        sheet.placement.exact[sent], sheet.placement.prefixes[sent] = f"{line.prefix}-points", line.prefix
        sheet.body[line.part].append(
            {"ref_id": line.ref_id, "points": typed_points(typed), "comment": comment}
        )
    return sheet


def sheet_values(criteria: Mapping[str, Any], sheet: Mapping[str, Any] | None) -> dict[str, str]:
    """A filled sheet's points and comments as the form's inputs show them."""
    if not sheet:
        return {}
    given = {
        (part, m["ref_id"]): m for part in ("marks", "bonuses", "penalties") for m in sheet.get(part, [])
    }
    values: dict[str, str] = {}
    for line in sheet_lines(criteria):
        mark = given.get((line.part, line.ref_id))
        if mark is not None:
            values[f"{line.prefix}-points"] = _shown(mark["points"])
            values[f"{line.prefix}-comment"] = mark.get("comment", "")
    return values
