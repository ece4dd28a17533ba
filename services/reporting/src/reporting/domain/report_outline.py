"""The outline of a summary report: headings of the Hoàn Kiếm 2019 outline, sentences and tables of figures.

What the counters can tell is written out; what they cannot (assessments, lessons, orientation) is
left as a short placeholder line for the author to complete.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from reporting.domain.labels import (
    AWARDS,
    EXEMPLAR_CATEGORIES,
    INITIATIVE_LEVELS,
    LEVEL_KINDS,
    TITLES,
    label,
    ordered,
)
from reporting.domain.report import SummaryReport, number

TO_COMPLETE = "(Đơn vị bổ sung nội dung.)"
NO_DATA = "Chưa có số liệu trong kỳ báo cáo."
NOT_KNOWN = "–"
# The main indicators, in the order of the first table.
INDICATORS: tuple[tuple[str, str], ...] = (
    ("registrations_total", "Tập thể đăng ký danh hiệu thi đua"),
    ("individuals_total", "Cá nhân đăng ký danh hiệu thi đua"),
    ("initiatives_total", "Sáng kiến đề nghị công nhận"),
    ("exemplars_total", "Điển hình tiên tiến, người tốt việc tốt được đề xuất"),
    ("dossiers_total", "Hồ sơ đề nghị khen thưởng"),
    ("awards_total", "Lượt tập thể, cá nhân được khen thưởng"),
)
CHILD_COLUMNS: tuple[tuple[str, str], ...] = (
    ("registrations_total", "Tập thể đăng ký"),
    ("individuals_total", "Cá nhân đăng ký"),
    ("initiatives_total", "Sáng kiến"),
    ("exemplars_total", "Điển hình"),
    ("dossiers_total", "Hồ sơ đề nghị"),
    ("awards_total", "Khen thưởng"),
)
ChartName = Literal["registrations_by_title", "awards_by_level"]


@dataclass(frozen=True)
class Heading:
    """`I. ...` (level 1) or `1. ...` (level 2)."""

    text: str
    level: int


@dataclass(frozen=True)
class Paragraph:
    """Body text; a placeholder is the author's to complete (shown in italics)."""

    text: str
    placeholder: bool = False


@dataclass(frozen=True)
class Table:
    """A captioned table of figures, cells already written out; the last row is the total if `total`."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total: bool = True


@dataclass(frozen=True)
class Chart:
    """A chart of the report's figures, drawn by the document adapter."""

    name: ChartName
    caption: str


Block = Heading | Paragraph | Table | Chart


def _year_headers(report: SummaryReport) -> tuple[str, ...]:
    years = tuple(f"Năm {y}" for y in report.years)
    return (*years, "Tổng") if len(report.years) > 1 else years


def _values(report: SummaryReport, values: Sequence[int]) -> tuple[str, ...]:
    """A row's cells per year ("–" for a year without data) and, over several years, their total."""
    known = [(v, f.known) for v, f in zip(values, report.per_year, strict=True)]
    shown = tuple(number(v) if k else NOT_KNOWN for v, k in known)
    return (*shown, number(sum(v for v, k in known if k))) if len(report.years) > 1 else shown


def totals_table(report: SummaryReport, caption: str) -> Table:
    """The main indicators per year (and over the period)."""
    rows = tuple(
        (str(i), text, *_values(report, [f.total(name) for f in report.per_year]))
        for i, (name, text) in enumerate(INDICATORS, start=1)
    )
    return Table(caption, ("STT", "Chỉ tiêu", *_year_headers(report)), rows, total=False)


def breakdown_table(
    report: SummaryReport, breakdown: str, catalogue: Mapping[str, str], caption: str, what: str
) -> Table | None:
    """One row per code counted in some year (Vietnamese names, catalogue order) and a total row."""
    codes = ordered(catalogue, (c for f in report.per_year for c, n in f.by(breakdown).items() if n))
    if not codes:
        return None
    rows = [
        (
            str(i),
            label(catalogue, code),
            *_values(report, [f.by(breakdown).get(code, 0) for f in report.per_year]),
        )
        for i, code in enumerate(codes, start=1)
    ]
    sums = [sum(f.by(breakdown).get(code, 0) for code in codes) for f in report.per_year]
    rows.append(("", "Tổng cộng", *_values(report, sums)))
    return Table(caption, ("STT", what, *_year_headers(report)), tuple(rows))


def children_table(report: SummaryReport, caption: str) -> Table | None:
    """The direct children's main numbers in the last year, and their sum (none if it has no data)."""
    if not report.children or not report.last.known:
        return None
    rows = [
        (str(i), c.name, *(number(c.figures.total(name)) for name, _ in CHILD_COLUMNS))
        for i, c in enumerate(report.children, start=1)
    ]
    sums = [sum(c.figures.total(name) for c in report.children) for name, _ in CHILD_COLUMNS]
    rows.append(("", "Cộng các đơn vị trực thuộc", *(number(s) for s in sums)))
    return Table(caption, ("STT", "Đơn vị", *(h for _, h in CHILD_COLUMNS)), tuple(rows))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def movement_sentence(report: SummaryReport) -> str:
    """The registrations, initiatives and exemplars of the period in one sentence."""
    who = f"{report.unit_name} và các đơn vị trực thuộc" if report.children else report.unit_name
    t = {name: sum(f.total(name) for f in report.per_year) for name, _ in INDICATORS}
    return (
        f"Trong {report.period}, {who} có {number(t['registrations_total'])} lượt tập thể và "
        f"{number(t['individuals_total'])} lượt cá nhân đăng ký danh hiệu thi đua; "
        f"{number(t['initiatives_total'])} sáng kiến được đề nghị công nhận; "
        f"{number(t['exemplars_total'])} điển hình tiên tiến, người tốt việc tốt được đề xuất."
    )


def awards_sentence(report: SummaryReport) -> str:
    """The dossiers and awards of the period, awards split by deciding level (highest first)."""
    dossiers = sum(f.total("dossiers_total") for f in report.per_year)
    awards = sum(f.total("awards_total") for f in report.per_year)
    by_level: dict[str, int] = {}
    for f in report.per_year:
        for level, n in f.by("awards_by_level").items():
            by_level[level] = by_level.get(level, 0) + n
    levels = [lv for lv in reversed(ordered(LEVEL_KINDS, by_level)) if by_level[lv]]
    split = "; trong đó: " + ", ".join(
        f"{_lower_first(label(LEVEL_KINDS, lv))} {number(by_level[lv])}" for lv in levels
    )
    return (
        f"Trong {report.period}, có {number(dossiers)} hồ sơ đề nghị khen thưởng; "
        f"{number(awards)} lượt tập thể, cá nhân được khen thưởng{split if levels else ''}."
    )


def missing_years(report: SummaryReport) -> list[Block]:
    """A note naming the years the system has no data of (their columns show "–")."""
    missing = report.years_without_data
    if not missing:
        return []
    years = ", ".join(str(y) for y in missing)
    return [
        Paragraph(f"Hệ thống chưa có số liệu của năm {years}; các ô tương ứng trong bảng ghi “{NOT_KNOWN}”.")
    ]


def outline(report: SummaryReport) -> list[Block]:
    """The report's blocks in order: sections of the 05-year outline, numbered tables and charts."""
    numbering = {"table": 0, "chart": 0}

    def caption(kind: str, text: str) -> str:
        numbering[kind] += 1
        return f"{'Bảng' if kind == 'table' else 'Biểu đồ'} {numbering[kind]}. {text}"

    def breakdown(name: str, catalogue: Mapping[str, str], text: str, what: str) -> list[Block]:
        made = breakdown_table(report, name, catalogue, "", what)
        if made is None:
            return [Paragraph(f"{text}: {_lower_first(NO_DATA)}")]
        return [replace(made, caption=caption("table", text))]

    def per_child() -> list[Block]:
        made = children_table(report, "")
        if made is None:
            return []
        return [
            replace(made, caption=caption("table", f"Số liệu các đơn vị trực thuộc năm {report.last_year}"))
        ]

    years = f"{report.first_year}–{report.last_year}" if len(report.years) > 1 else str(report.first_year)
    as_of = f"{report.issued_on.day:02d}/{report.issued_on.month:02d}/{report.issued_on.year}"
    blocks: list[Block] = [
        Heading(
            f"I. TỔNG KẾT PHONG TRÀO THI ĐUA YÊU NƯỚC VÀ CÔNG TÁC KHEN THƯỞNG {report.period.upper()}", 1
        ),
        Heading("1. Kết quả đạt được của phong trào thi đua yêu nước", 2),
        Paragraph(
            "Số liệu dưới đây được tổng hợp từ hệ thống theo dõi thi đua, khen thưởng "
            f"(kể cả các đơn vị trực thuộc), tính đến ngày {as_of}."
        ),
        *missing_years(report),
        Paragraph(movement_sentence(report)),
        totals_table(report, caption("table", f"Kết quả chung, {years}")),
        *breakdown("registrations_by_title", TITLES, "Tập thể đăng ký danh hiệu thi đua", "Danh hiệu"),
        *breakdown("individuals_by_title", TITLES, "Cá nhân đăng ký danh hiệu thi đua", "Danh hiệu"),
        Chart(
            "registrations_by_title", caption("chart", f"Đăng ký danh hiệu thi đua năm {report.last_year}")
        ),
        *breakdown("initiatives_by_level", INITIATIVE_LEVELS, "Sáng kiến theo cấp đề nghị công nhận", "Cấp"),
        *breakdown("exemplars_by_category", EXEMPLAR_CATEGORIES, "Điển hình được đề xuất", "Loại"),
        Paragraph(
            "(Đơn vị bổ sung nội dung: các phong trào thi đua tiêu biểu; tác động của các phong trào "
            "trong thực hiện nhiệm vụ chính trị, phát triển kinh tế - xã hội, an ninh quốc phòng.)",
            placeholder=True,
        ),
        Heading("2. Kết quả công tác khen thưởng", 2),
        Paragraph(awards_sentence(report)),
        *breakdown("dossiers_by_award", AWARDS, "Hồ sơ đề nghị khen thưởng theo hình thức", "Hình thức"),
        *breakdown("awards_by_award", AWARDS, "Khen thưởng theo hình thức", "Hình thức khen thưởng"),
        *breakdown("awards_by_level", LEVEL_KINDS, "Khen thưởng theo cấp quyết định", "Cấp quyết định"),
        Chart("awards_by_level", caption("chart", f"Khen thưởng theo cấp quyết định, {years}")),
        *per_child(),
        Paragraph(
            "(Đơn vị bổ sung nội dung: chất lượng các hình thức khen thưởng; khen thưởng người trực tiếp "
            "lao động, sản xuất, công tác; việc chấp hành quy định pháp luật về thi đua, khen thưởng.)",
            placeholder=True,
        ),
        Heading(
            "3. Công tác lãnh đạo, chỉ đạo đổi mới tổ chức các phong trào thi đua yêu nước "
            "và công tác khen thưởng",
            2,
        ),
        Paragraph(TO_COMPLETE, placeholder=True),
        Heading("4. Những tồn tại, hạn chế chủ yếu; nguyên nhân và bài học kinh nghiệm", 2),
        Paragraph(TO_COMPLETE, placeholder=True),
        Heading(f"II. PHƯƠNG HƯỚNG, NHIỆM VỤ CÔNG TÁC THI ĐUA, KHEN THƯỞNG {report.next_period.upper()}", 1),
        Heading("1. Phương hướng, mục tiêu chung của phong trào thi đua và công tác khen thưởng", 2),
        Paragraph(TO_COMPLETE, placeholder=True),
        Heading("2. Những nội dung chủ yếu đẩy mạnh các phong trào thi đua và công tác khen thưởng", 2),
        Paragraph(TO_COMPLETE, placeholder=True),
        Heading(
            "3. Công tác lãnh đạo, chỉ đạo đổi mới công tác thi đua, khen thưởng và các giải pháp chủ yếu", 2
        ),
        Paragraph(TO_COMPLETE, placeholder=True),
    ]
    return blocks
