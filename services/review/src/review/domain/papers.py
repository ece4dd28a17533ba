"""The decision (quyết định khen thưởng) and the submission (tờ trình) as administrative papers say them.

Built only from what review holds for an issued decision: the level, the award, the number and day,
the awardees with their units, the rule set's legal basis in force on the signing day, and the
council's published tallies (ADR 0027). The layout (NĐ 30/2020/NĐ-CP) is the kit's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from review.domain.history import LABELS

_PREFIXES = ("Thành phố ", "Quận ", "Huyện ", "Thị xã ", "Phường ", "Xã ", "Thị trấn ")
GROUNDS = (
    "Căn cứ Luật Tổ chức chính quyền địa phương;",
    "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;",
    "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành "
    "một số điều của Luật Thi đua, khen thưởng;",
)
SIGNATURE_HINT = "(Ký, ghi rõ họ tên, đóng dấu)"


@dataclass(frozen=True)
class Row:
    """An awardee in the appendix: name, its unit, and the council's tally (for the submission)."""

    name: str
    unit_name: str
    tally: str


@dataclass(frozen=True)
class Paper:
    """What a paper says, top to bottom: header, title and subject, body, signer, recipients, appendix."""

    parent_agency: str | None
    agency: str
    number_line: str
    date_line: str
    title: str
    subject: str
    addressee: str | None
    body: tuple[str, ...]
    signer: tuple[str, ...]
    recipients: tuple[str, ...]
    appendix_title: tuple[str, ...]
    rows: tuple[Row, ...]
    with_tally: bool


@dataclass(frozen=True)
class IssuedFacts:
    """The facts of an issued decision both papers are made of."""

    number: str
    signed_on: date
    level_name: str
    award_code: str
    award_name: str
    year: int | None
    legal_basis: str | None
    rows: tuple[Row, ...]


def place_of(level_name: str) -> str:
    """The place a paper is dated at: the level's name without its kind ("Quận Hoàng Mai" → "Hoàng Mai")."""
    for prefix in _PREFIXES:
        if level_name.startswith(prefix):
            return level_name[len(prefix) :]
    return level_name


def date_line(place: str, day: date) -> str:
    """E.g. "Hoàng Mai, ngày 05 tháng 02 năm 2020" (a zero before days under 10 and months 1 and 2)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def _what(facts: IssuedFacts) -> str:
    kind = "danh hiệu " if facts.award_code in LABELS and "bang_khen" not in facts.award_code else ""
    year = f" năm {facts.year}" if facts.year else ""
    return f"{kind}“{facts.award_name}”{year}"


def _grounds(facts: IssuedFacts) -> tuple[str, ...]:
    basis = (f"Căn cứ {facts.legal_basis};",) if facts.legal_basis else ()
    return (*GROUNDS, *basis)


def decision_paper(facts: IssuedFacts) -> Paper:
    """The chair's decision: grounds, three articles, the signature, the list of awardees appended."""
    level, what, n = facts.level_name, _what(facts), len(facts.rows)
    people = "ỦY BAN NHÂN DÂN " + level.upper()
    body = (
        *_grounds(facts),
        f"Xét đề nghị của Hội đồng Thi đua - Khen thưởng {level},",
        "QUYẾT ĐỊNH:",
        f"Điều 1. Tặng {what} cho {n} tập thể, cá nhân (có danh sách kèm theo).",
        "Điều 2. Các tập thể, cá nhân có tên tại Điều 1 được hưởng chế độ khen thưởng theo quy định.",
        f"Điều 3. Chánh Văn phòng, cơ quan thường trực Hội đồng Thi đua - Khen thưởng {level} "
        "và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
    )
    return Paper(
        parent_agency=None, agency=people, number_line=f"Số: {facts.number}",
        date_line=date_line(place_of(level), facts.signed_on), title="QUYẾT ĐỊNH",
        subject=f"Về việc tặng {what}", addressee=None, body=body,
        signer=("CHỦ TỊCH", SIGNATURE_HINT), recipients=("- Như Điều 3;", "- Lưu: VT."),
        appendix_title=_appendix_title(facts, f"Quyết định số {facts.number}"), rows=facts.rows,
        with_tally=False,
    )  # fmt: skip


def submission_paper(facts: IssuedFacts) -> Paper:
    """The standing office's submission to the chair: grounds, the council's vote per awardee, the ask."""
    level, what, n = facts.level_name, _what(facts), len(facts.rows)
    body = (
        *_grounds(facts),
        f"Hội đồng Thi đua - Khen thưởng {level} đã họp, xét và bỏ phiếu kín; kết quả từng tập thể, "
        "cá nhân ghi tại danh sách kèm theo.",
        f"Hội đồng Thi đua - Khen thưởng kính trình Chủ tịch Ủy ban nhân dân {level} xem xét, "
        f"quyết định tặng {what} cho {n} tập thể, cá nhân (có danh sách kèm theo)./.",
    )
    return Paper(
        parent_agency="ỦY BAN NHÂN DÂN " + level.upper(), agency="HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
        number_line="Số:       /TTr-HĐTĐKT",
        date_line=f"{place_of(level)}, ngày      tháng      năm {facts.signed_on.year}",  # dated by hand
        title="TỜ TRÌNH", subject=f"Về việc đề nghị tặng {what}",
        addressee=f"Kính gửi: Chủ tịch Ủy ban nhân dân {level}", body=body,
        signer=("TM. HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", "CHỦ TỊCH", SIGNATURE_HINT),
        recipients=("- Như trên;", "- Lưu: VT."),
        appendix_title=_appendix_title(facts, "Tờ trình của Hội đồng Thi đua - Khen thưởng"),
        rows=facts.rows, with_tally=True,
    )  # fmt: skip


def _appendix_title(facts: IssuedFacts, of: str) -> tuple[str, ...]:
    proposed = "ĐỀ NGHỊ " if of.startswith("Tờ trình") else ""
    dated = "" if proposed else f" ngày {facts.signed_on:%d/%m/%Y}"
    return (
        f"DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC {proposed}TẶNG {facts.award_name.upper()}",
        f"(Kèm theo {of}{dated})",
    )
