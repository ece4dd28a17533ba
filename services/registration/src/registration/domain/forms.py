"""Registration forms filled as lists: Form 1 and Form 2 of the Hoàng Mai plan, emulation models.

Form 1 (Mẫu 1) registers collective exemplars for a period, Form 2 (Mẫu 2) individual
exemplars, each with the model or initiative it will build and the titles and awards it strives
for; the models form registers a unit's emulation models and themes (mô hình, chuyên đề thi đua)
for a year. Like lists of people, a form is accepted whole or not at all, with row-level errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from emutrack_kit.text import fold, nfc
from registration.domain.awards import AWARDS, Award
from registration.domain.people import Cells, RowError, UnitList
from registration.domain.titles import TITLES

FormCode = Literal["collective-exemplars", "individual-exemplars", "emulation-models"]
FormValue = str | list[dict[str, str]] | None  # text, or the awards aimed for as {code, name}
FilledRow = dict[str, FormValue]
MAX_ROWS = 1000
MODEL_GROUP = "Đăng ký mô hình, chuyên đề thi đua tiêu biểu"
INITIATIVE_GROUP = "Đăng ký mô hình, đề tài, sáng kiến làm tăng năng suất lao động, hiệu quả trong công tác"


@dataclass(frozen=True)
class FormColumn:
    """A column of a form: field, Vietnamese header, group header above it, checks."""

    field: str
    header: str
    required: bool = False
    group: str | None = None
    max_length: int = 2000
    awards: bool = False  # a list of titles/awards separated by ';' or new lines


@dataclass(frozen=True)
class FormSpec:
    """A form: its code, its name on paper, the title printed on it, who it registers, its columns."""

    code: FormCode
    label: str
    title: str  # with {first} and {last}: the years of the round's period
    subject_kind: Literal["collective", "individual"]
    columns: tuple[FormColumn, ...]
    identity: tuple[str, ...]  # fields that make a row unique within one form

    def title_for(self, first: int, last: int) -> str:
        """The printed title for a round's period."""
        return self.title.format(period_upper=_period(first, last).upper())

    def header_for(self, column: FormColumn, first: int, last: int) -> str:
        """A column's printed header for a round's period."""
        return column.header.format(period=_period(first, last))


def _period(first: int, last: int) -> str:
    return f"năm {first}" if first == last else f"giai đoạn {first} - {last}"


_TARGETS = "Đăng ký danh hiệu thi đua, hình thức khen thưởng phấn đấu đạt được trong {period}"
FORMS: dict[str, FormSpec] = {
    f.code: f
    for f in (
        FormSpec(
            "collective-exemplars",
            "Mẫu 1",
            "ĐĂNG KÝ GƯƠNG ĐIỂN HÌNH TIÊN TIẾN ĐỐI VỚI TẬP THỂ {period_upper}",
            "collective",
            (
                FormColumn("collective_name", "Tên tập thể", required=True, max_length=300),
                FormColumn("functions", "Chức năng, nhiệm vụ"),
                FormColumn("model_name", "Tên mô hình, chuyên đề", required=True, group=MODEL_GROUP),
                FormColumn("model_period", "Thời gian thực hiện", group=MODEL_GROUP, max_length=200),
                FormColumn("model_participants", "Đối tượng tham gia", group=MODEL_GROUP, max_length=500),
                FormColumn(
                    "model_effect",
                    "Hiệu quả mô hình, chuyên đề (phạm vi ảnh hưởng đến nhân rộng)",
                    group=MODEL_GROUP,
                ),
                FormColumn("target_awards", _TARGETS, required=True, awards=True),
            ),
            ("collective_name", "model_name"),
        ),
        FormSpec(
            "individual-exemplars",
            "Mẫu 2",
            "ĐĂNG KÝ GƯƠNG ĐIỂN HÌNH TIÊN TIẾN ĐỐI VỚI CÁ NHÂN {period_upper}",
            "individual",
            (
                FormColumn("full_name", "Họ và tên", required=True, max_length=200),
                FormColumn("position_unit", "Chức vụ - Đơn vị", required=True, max_length=300),
                FormColumn(
                    "exemplary_field",
                    "Lĩnh vực điển hình (Lao động, học tập, chiến đấu, nhân đạo từ thiện...)",
                    required=True,
                    max_length=300,
                ),
                FormColumn(
                    "model_name", "Tên mô hình, đề tài, sáng kiến", required=True, group=INITIATIVE_GROUP
                ),
                FormColumn("model_period", "Thời gian thực hiện", group=INITIATIVE_GROUP, max_length=200),
                FormColumn(
                    "model_participants", "Đối tượng tham gia", group=INITIATIVE_GROUP, max_length=500
                ),
                FormColumn(
                    "model_effect",
                    "Hiệu quả mô hình, đề tài, sáng kiến (phạm vi ảnh hưởng để nhân rộng)",
                    group=INITIATIVE_GROUP,
                ),
                FormColumn("target_awards", _TARGETS, required=True, awards=True),
            ),
            ("full_name", "position_unit"),
        ),
        FormSpec(
            "emulation-models",
            "Mô hình, chuyên đề",
            "ĐĂNG KÝ MÔ HÌNH, CHUYÊN ĐỀ THI ĐUA {period_upper}",
            "collective",
            (
                FormColumn("model_name", "Tên mô hình, chuyên đề thi đua", required=True, max_length=500),
                FormColumn("model_goal", "Nội dung, mục tiêu", required=True),
                FormColumn("model_period", "Thời gian thực hiện", max_length=200),
                FormColumn("model_participants", "Đối tượng tham gia", max_length=500),
                FormColumn("model_effect", "Hiệu quả dự kiến (phạm vi ảnh hưởng, nhân rộng)"),
            ),
            ("model_name",),
        ),
    )
}


_HONOURS = (
    Award("anh_hung_lao_dong", "Danh hiệu Anh hùng Lao động", frozenset({"collective", "individual"})),
    Award(
        "huan_chuong_lao_dong_hang_nhi",
        "Huân chương Lao động hạng Nhì",
        frozenset({"collective", "individual"}),
    ),
    Award(
        "huan_chuong_lao_dong_hang_nhat",
        "Huân chương Lao động hạng Nhất",
        frozenset({"collective", "individual"}),
    ),
    Award("huan_chuong_doc_lap", "Huân chương Độc lập", frozenset({"collective", "individual"})),
)
TARGET_AWARDS: dict[str, Award] = {
    **{t.code: Award(t.code, t.name, frozenset({t.subject_kind})) for t in TITLES.values()},
    **{a.code: a for a in AWARDS.values() if a.code != "giay_khen"},
    **{a.code: a for a in _HONOURS},
}


def form_for(code: str) -> FormSpec:
    """The form with this code (KeyError if unknown: routes only accept known codes)."""
    return FORMS[code]


def _award(text: str, subject_kind: str) -> Award | None:
    wanted = fold(text)
    for award in TARGET_AWARDS.values():
        if subject_kind in award.subjects and wanted in (fold(award.code), fold(award.name)):
            return award
    return None


def _split_awards(value: str) -> list[str]:
    return [part.strip() for line in value.splitlines() for part in line.split(";") if part.strip()]


@dataclass(frozen=True)
class FormList(UnitList):
    """A unit's form (Form 1, Form 2, emulation models) for a round, row by row."""

    form: FormCode
    rows: tuple[FilledRow, ...]


@dataclass(frozen=True)
class _Checking:
    """A form checked for a round's period: its printed headers and the awards it accepts."""

    spec: FormSpec
    headers: dict[str, str]
    allowed: str

    def awards(self, number: int, column: FormColumn, text: str, problems: list[RowError]) -> FormValue:
        awards = []
        for part in _split_awards(text):
            award = _award(part, self.spec.subject_kind)
            if award is None:
                whom = "tập thể" if self.spec.subject_kind == "collective" else "cá nhân"
                problems.append(
                    RowError(
                        number,
                        self.headers[column.field],
                        f"'{part}' không có trong danh mục danh hiệu, hình thức khen thưởng cho {whom}; "
                        f"ghi một hoặc nhiều (cách nhau bởi dấu ;) trong: {self.allowed}.",
                    )
                )
            else:
                awards.append({"code": award.code, "name": award.name})
        return awards

    def cell(self, number: int, column: FormColumn, value: object, problems: list[RowError]) -> FormValue:
        header = self.headers[column.field]
        text = nfc(str(value)) if value is not None else ""
        if not text:
            if column.required:
                problems.append(RowError(number, header, f"Thiếu '{header}'."))
            return [] if column.awards else None
        if len(text) > column.max_length:
            problems.append(RowError(number, header, f"Dài {len(text)} ký tự, tối đa {column.max_length}."))
        return self.awards(number, column, text, problems) if column.awards else text

    def row(self, number: int, raw: Cells) -> tuple[FilledRow, list[RowError]]:
        known = {c.field for c in self.spec.columns}
        problems = [
            RowError(
                number, key, f"'{key}' không phải một cột của {self.spec.label}; các cột: {', '.join(known)}."
            )
            for key in sorted(set(raw) - known)
        ]
        row = {c.field: self.cell(number, c, raw.get(c.field), problems) for c in self.spec.columns}
        return row, problems


def validate_form(
    spec: FormSpec, rows: Sequence[tuple[int, Cells]], first: int, last: int
) -> tuple[list[FilledRow], list[RowError]]:
    """Check every row of a form; the rows (NFC text, awards as codes and names) or every error."""
    if not rows:
        return [], [RowError(0, "", f"{spec.label} không có dòng nào.")]
    if len(rows) > MAX_ROWS:
        return [], [RowError(0, "", f"{spec.label} có {len(rows)} dòng, vượt quá giới hạn {MAX_ROWS} dòng.")]
    allowed = "; ".join(a.name for a in TARGET_AWARDS.values() if spec.subject_kind in a.subjects)
    checking = _Checking(spec, {c.field: spec.header_for(c, first, last) for c in spec.columns}, allowed)
    errors: list[RowError] = []
    accepted: list[FilledRow] = []
    first_row_of: dict[tuple[str, ...], int] = {}
    for number, raw in rows:
        row, problems = checking.row(number, raw)
        if problems:
            errors.extend(problems)
            continue
        identity = tuple(fold(str(row[f] or "")) for f in spec.identity)
        if identity in first_row_of:
            header = checking.headers[spec.identity[0]]
            errors.append(
                RowError(number, header, f"Trùng với dòng {first_row_of[identity]} trong cùng mẫu.")
            )
            continue
        first_row_of[identity] = number
        accepted.append(row)
    return (accepted, []) if not errors else ([], errors)
