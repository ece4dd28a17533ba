"""Unit tests of reporting.adapters.docx_report: the report re-opened with python-docx."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from reporting.adapters import docx_report
from reporting.domain.numbers import Numbers, UnitNumbers
from reporting.domain.report import assemble
from reporting.domain.units import UnitOnDay

WARD = UnitOnDay("p-kim-giang", "Phường Kim Giang", "ward", 3, ("ha-noi", "q-thanh-xuan", "p-kim-giang"))
DISTRICT = UnitOnDay("q-thanh-xuan", "Quận Thanh Xuân", "district", 2, ("ha-noi", "q-thanh-xuan"))


def yearly(first: int, years: int) -> dict[int, Numbers | None]:
    return {
        y: Numbers.of(
            {
                "registrations_total": 2 + i,
                "registrations_by_title": {"tap_the_lao_dong_tien_tien": 2 + i},
                "individuals_total": 40 * (i + 1),
                "individuals_by_title": {
                    "lao_dong_tien_tien": 35 * (i + 1),
                    "chien_si_thi_dua_co_so": 5 * (i + 1),
                },
                "awards_total": i,
                "awards_by_award": {"giay_khen": i},
                "awards_by_level": {"ward": i},
                "dossiers_total": 1,
                "dossiers_by_award": {"giay_khen": 1},
            }
        )
        for i, y in enumerate(range(first, first + years))
    }


def opened(content: bytes) -> Document:
    assert content[:2] == b"PK"
    return docx.Document(io.BytesIO(content))


def five_year_docx(name: str = "Phường Kim Giang") -> Document:
    report = assemble(
        "five_year",
        replace(WARD, name=name),
        DISTRICT,
        yearly(2020, 5),
        [UnitNumbers("tdp-1", "Tổ dân phố số 1", "2024", Numbers.of({"registrations_total": 1}), 1)],
        date(2025, 1, 9),
    )
    return opened(docx_report.build(report))


def cell_lines(table: Table, row: int, col: int) -> list[str]:
    return [p.text for p in table.cell(row, col).paragraphs if p.text]


def table_after(doc: Document, caption: str) -> list[list[str]]:
    """The cells of the table right after the paragraph with this caption."""
    body = list(doc.element.body.iterchildren())
    for i, element in enumerate(body):
        if element.tag == qn("w:p") and Paragraph(element, doc).text == caption:
            table = Table(body[i + 1], doc)
            return [[c.text for c in row.cells] for row in table.rows]
    raise AssertionError(f"no table captioned {caption!r}")


def all_texts(doc: Document) -> Iterator[str]:
    yield from (p.text for p in doc.paragraphs)
    for table in doc.tables:
        for row in table.rows:
            for c in row.cells:
                yield c.text


def test_national_header_as_on_administrative_documents() -> None:
    doc = five_year_docx()
    header = doc.tables[0]
    assert cell_lines(header, 0, 0) == ["UBND QUẬN THANH XUÂN", "ỦY BAN NHÂN DÂN PHƯỜNG KIM GIANG"]
    assert cell_lines(header, 0, 1) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert cell_lines(header, 1, 0) == ["Số: …/BC-UBND"]
    assert cell_lines(header, 1, 1) == ["Hà Nội, ngày 09 tháng 01 năm 2025"]
    issuer = header.cell(0, 0).paragraphs[1].runs[0]
    nation, motto = (p.runs[0] for p in header.cell(0, 1).paragraphs[:2])
    date_line = header.cell(1, 1).paragraphs[0].runs[0]
    assert (issuer.bold, nation.bold, motto.bold, date_line.italic) == (True, True, True, True)
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders is not None
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}


def test_title_and_sections_follow_the_outline() -> None:
    texts = [p.text for p in five_year_docx().paragraphs]
    start = texts.index("BÁO CÁO")
    assert texts[start + 1 : start + 3] == [
        "Tổng kết phong trào thi đua và công tác khen thưởng 05 năm (2020–2024);",
        "Phương hướng, nhiệm vụ công tác thi đua, khen thưởng 05 năm (2025–2029)",
    ]
    assert "I. TỔNG KẾT PHONG TRÀO THI ĐUA YÊU NƯỚC VÀ CÔNG TÁC KHEN THƯỞNG 05 NĂM (2020–2024)" in texts
    assert "4. Những tồn tại, hạn chế chủ yếu; nguyên nhân và bài học kinh nghiệm" in texts
    assert texts.count("(Đơn vị bổ sung nội dung.)") == 5


def test_tables_carry_the_figures_per_year_and_in_total() -> None:
    doc = five_year_docx()
    totals = table_after(doc, "Bảng 1. Kết quả chung, 2020–2024")
    assert totals[0] == [
        "STT",
        "Chỉ tiêu",
        "Năm 2020",
        "Năm 2021",
        "Năm 2022",
        "Năm 2023",
        "Năm 2024",
        "Tổng",
    ]
    rows = {r[1]: r[2:] for r in totals[1:]}
    assert rows["Tập thể đăng ký danh hiệu thi đua"] == ["2", "3", "4", "5", "6", "20"]
    assert rows["Cá nhân đăng ký danh hiệu thi đua"] == ["40", "80", "120", "160", "200", "600"]
    assert rows["Lượt tập thể, cá nhân được khen thưởng"] == ["0", "1", "2", "3", "4", "10"]
    people = table_after(doc, "Bảng 3. Cá nhân đăng ký danh hiệu thi đua")
    assert [r[1] for r in people[1:]] == ["Lao động tiên tiến", "Chiến sĩ thi đua cơ sở", "Tổng cộng"]
    assert people[2][2:] == ["5", "10", "15", "20", "25", "75"]
    levels = table_after(doc, "Bảng 6. Khen thưởng theo cấp quyết định")
    assert levels[1][1:] == ["Cấp phường, xã", "0", "1", "2", "3", "4", "10"]
    children = table_after(doc, "Bảng 7. Số liệu các đơn vị trực thuộc năm 2024")
    assert children[1][:3] == ["1", "Tổ dân phố số 1", "1"]


def test_both_charts_are_embedded_as_pictures() -> None:
    doc = five_year_docx()
    assert len(doc.inline_shapes) == 2
    images = [r for r in doc.part.rels.values() if r.reltype.endswith("/image")]
    assert len(images) == 2
    assert all(r.target_part.blob.startswith(b"\x89PNG") for r in images)
    texts = [p.text for p in doc.paragraphs]
    assert "Biểu đồ 1. Đăng ký danh hiệu thi đua năm 2024" in texts
    assert "Biểu đồ 2. Khen thưởng theo cấp quyết định, 2020–2024" in texts


def test_signature_block_and_recipients() -> None:
    signature = five_year_docx().tables[-1]
    assert cell_lines(signature, 0, 0) == [
        "Nơi nhận:",
        "- UBND Quận Thanh Xuân (để báo cáo);",
        "- Hội đồng Thi đua - Khen thưởng Phường Kim Giang;",
        "- Lưu: VT.",
    ]
    assert cell_lines(signature, 0, 1) == ["THỦ TRƯỞNG ĐƠN VỊ", "(Ký, ghi rõ họ tên, đóng dấu)"]


def test_a4_margins_of_decree_30_and_times_new_roman() -> None:
    doc = five_year_docx()
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [
        round(m.mm)
        for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    ]
    assert margins == [20, 20, 30, 15]
    normal = doc.styles["Normal"]
    assert (normal.font.name, normal.font.size.pt) == ("Times New Roman", 14)
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == fonts.get(qn("w:cs")) == "Times New Roman"
    sizes = {r.font.size.pt for p in doc.paragraphs for r in p.runs if r.text and r.font.size}
    assert sizes <= {13.0, 14.0}
    assert section.different_first_page_header_footer  # page numbers from page 2
    assert "PAGE" in section.header._element.xml


def test_every_text_is_nfc_even_from_decomposed_names() -> None:
    decomposed = unicodedata.normalize("NFD", "Phường Kim Giang")
    doc = five_year_docx(decomposed)
    texts = list(all_texts(doc))
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)
    assert "ỦY BAN NHÂN DÂN PHƯỜNG KIM GIANG" in cell_lines(doc.tables[0], 0, 0)


def test_annual_report_for_the_city_has_no_parent_line_and_one_year_columns() -> None:
    city = UnitOnDay("ha-noi", "Thành phố Hà Nội", "city", 1, ("ha-noi",))
    doc = opened(docx_report.build(assemble("annual", city, None, yearly(2021, 1), [], date(2021, 12, 20))))
    assert cell_lines(doc.tables[0], 0, 0) == ["ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"]
    texts = [p.text for p in doc.paragraphs]
    assert "Tổng kết phong trào thi đua và công tác khen thưởng năm 2021;" in texts
    assert table_after(doc, "Bảng 1. Kết quả chung, 2021")[0] == ["STT", "Chỉ tiêu", "Năm 2021"]
    assert not any(t.startswith("Bảng") and "trực thuộc" in t for t in texts)  # no children, no table
    assert len(doc.inline_shapes) == 2  # charts are drawn even when empty ("chưa có số liệu")
