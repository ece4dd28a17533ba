"""The Ministry of Home Affairs' statistics forms on emulation and commendation (docs/decisions/0029).

Each form is a table of fixed rows and columns made from a unit's numbers summed over the years asked.
Every award counted falls in exactly one row of forms 0602-0604, so their totals and form 0605's are
reporting's `awards_total`; awards counted before the breakdown existed are shown as "not classified".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from reporting.domain.labels import AWARDS, label
from reporting.domain.numbers import Numbers

FORM_SUFFIX = ".N/BNV-TĐKT"  # N: yearly; BNV-TĐKT: Home Affairs, emulation and commendation
SUBJECT_COLUMNS = ("Tổng số", "Tập thể", "Cá nhân")
MOVEMENT_KINDS = {"regular": "Thường xuyên", "by_phase": "Theo đợt", "thematic": "Chuyên đề"}
# Awards the State gives (the President, the Government, the Prime Minister), whoever proposed them.
STATE_AWARDS = (
    "huan_chuong_doc_lap", "huan_chuong_lao_dong_hang_nhat", "huan_chuong_lao_dong_hang_nhi",
    "huan_chuong_lao_dong_hang_ba", "anh_hung_lao_dong", "chien_si_thi_dua_toan_quoc", "co_thi_dua_chinh_phu",
    "bang_khen_thu_tuong",
)  # fmt: skip
# The deciding levels the forms distinguish; every other kind of unit is "agencies and units".
LEVEL_GROUPS = {"city": "Cấp Thành phố", "district": "Cấp quận, huyện", "ward": "Cấp phường, xã"}
OTHER_LEVELS = "Cơ quan, đơn vị, trường học, đoàn thể"
NOT_CLASSIFIED = "Chưa phân loại (tính trước khi có biểu)"


@dataclass(frozen=True)
class Form:
    """One form: its number, title, the heading of its rows, its columns, its rows and their total."""

    number: str
    title: str
    row_heading: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[int, ...]], ...]

    @property
    def code(self) -> str:
        """The form's full code, as printed on it (`0602.N/BNV-TĐKT`)."""
        return f"{self.number}{FORM_SUFFIX}"

    @property
    def total(self) -> tuple[int, ...]:
        """The total row, column by column."""
        return tuple(sum(values[i] for _, values in self.rows) for i in range(len(self.columns)))


def _of_state(level_kind: str, award: str) -> bool:
    """An award the State gave: decided centrally (recorded on its return), or one only the State gives."""
    return level_kind == "central" or award in STATE_AWARDS


def _group(level_kind: str) -> str:
    return LEVEL_GROUPS.get(level_kind, OTHER_LEVELS)


def _awards(n: Numbers) -> list[tuple[str, str, str, int]]:
    """(level kind, award, subject kind, count) of every classified award."""
    rows = []
    for key, count in n.by("awards_by_level_award_subject").items():
        level_kind, award, subject = key.split(":", 2)
        rows.append((level_kind, award, subject, count))
    return rows


def _by_subject(counted: Mapping[str, Mapping[str, int]], row: str) -> tuple[int, int, int]:
    collective, individual = (
        counted.get(row, {}).get("collective", 0),
        counted.get(row, {}).get("individual", 0),
    )
    return collective + individual, collective, individual


def movements_form(n: Numbers) -> Form:
    """0601: movements launched, by the launching level and the movement's kind."""
    counted: dict[str, dict[str, int]] = {}
    for key, count in n.by("movements_by_level_kind").items():
        level_kind, kind = key.split(":", 1)
        cells = counted.setdefault(_group(level_kind), {})
        cells[kind] = cells.get(kind, 0) + count
    rows = []
    for group in (*LEVEL_GROUPS.values(), OTHER_LEVELS):
        kinds = tuple(counted.get(group, {}).get(k, 0) for k in MOVEMENT_KINDS)
        rows.append((group, (sum(kinds), *kinds)))
    return Form(
        "0601", "Số phong trào thi đua được phát động", "Cấp phát động",
        ("Tổng số", *MOVEMENT_KINDS.values()), tuple(rows),
    )  # fmt: skip


def state_awards_form(n: Numbers) -> Form:
    """0602: the State's commendations, by kind and subject."""
    counted: dict[str, dict[str, int]] = {}
    for level_kind, award, subject, count in _awards(n):
        if _of_state(level_kind, award):
            cells = counted.setdefault(award, {})
            cells[subject] = cells.get(subject, 0) + count
    others = sorted(a for a in counted if a not in STATE_AWARDS)  # e.g. a central award of a code not listed
    rows = tuple((label(AWARDS, a), _by_subject(counted, a)) for a in (*STATE_AWARDS, *others))
    return Form("0602", "Số lượng khen thưởng cấp Nhà nước", "Hình thức khen thưởng", SUBJECT_COLUMNS, rows)


def city_awards_form(n: Numbers) -> Form:
    """0603: the city's own commendations (its chair's), by kind and subject."""
    counted: dict[str, dict[str, int]] = {}
    for level_kind, award, subject, count in _awards(n):
        if not _of_state(level_kind, award) and level_kind == "city":
            cells = counted.setdefault(label(AWARDS, award), {})
            cells[subject] = cells.get(subject, 0) + count
    rows = tuple((name, _by_subject(counted, name)) for name in _in_catalogue_order(counted))
    return Form(
        "0603", "Số lượng khen thưởng của Chủ tịch UBND Thành phố", "Hình thức khen thưởng",
        SUBJECT_COLUMNS, rows,
    )  # fmt: skip


def lower_awards_form(n: Numbers) -> Form:
    """0604: commendations decided below the city, by level, kind and subject."""
    counted: dict[str, dict[str, int]] = {}
    for level_kind, award, subject, count in _awards(n):
        if not _of_state(level_kind, award) and level_kind != "city":
            row = f"{_group(level_kind)} — {label(AWARDS, award)}"
            cells = counted.setdefault(row, {})
            cells[subject] = cells.get(subject, 0) + count
    groups = (*list(LEVEL_GROUPS.values())[1:], OTHER_LEVELS)
    names = sorted(counted, key=lambda r: (groups.index(r.split(" — ")[0]), _catalogue_position(r)))
    rows = tuple((name, _by_subject(counted, name)) for name in names)
    return Form(
        "0604", "Số lượng khen thưởng của cấp quận, huyện, cấp phường, xã và cơ quan, đơn vị",
        "Cấp quyết định — hình thức khen thưởng", SUBJECT_COLUMNS, rows,
    )  # fmt: skip


def summary_form(n: Numbers) -> Form:
    """0605: every commendation by deciding level and subject; its total is reporting's `awards_total`."""
    counted: dict[str, dict[str, int]] = {}
    for level_kind, award, subject, count in _awards(n):
        row = "Khen thưởng cấp Nhà nước" if _of_state(level_kind, award) else _group(level_kind)
        cells = counted.setdefault(row, {})
        cells[subject] = cells.get(subject, 0) + count
    names = ("Khen thưởng cấp Nhà nước", *LEVEL_GROUPS.values(), OTHER_LEVELS)
    rows = [(name, _by_subject(counted, name)) for name in names]
    classified = sum(values[0] for _, values in rows)
    if (unclassified := n.total("awards_total") - classified) != 0:
        rows.append((NOT_CLASSIFIED, (unclassified, 0, 0)))
    return Form(
        "0605", "Tổng hợp khen thưởng theo cấp quyết định và đối tượng", "Cấp quyết định", SUBJECT_COLUMNS,
        tuple(rows),
    )  # fmt: skip


def forms(n: Numbers) -> list[Form]:
    """The five forms of a unit's numbers (summed over the years asked)."""
    return [
        movements_form(n),
        state_awards_form(n),
        city_awards_form(n),
        lower_awards_form(n),
        summary_form(n),
    ]


def _catalogue_position(row: str) -> int:
    names = [label(AWARDS, code) for code in AWARDS]
    award = row.split(" — ")[-1]
    return names.index(award) if award in names else len(names)


def _in_catalogue_order(counted: Mapping[str, object]) -> list[str]:
    return sorted(counted, key=lambda name: (_catalogue_position(name), name))
