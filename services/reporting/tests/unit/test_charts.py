"""Unit tests of reporting.adapters.charts: PNG and SVG bytes, Vietnamese text, no shared state."""

from __future__ import annotations

import io
import re
import struct
import unicodedata
import warnings
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import matplotlib
import pytest

from reporting.adapters import charts

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
COVERAGE: dict[str, Any] = {
    "round_id": "dk-2020-q-thanh-xuan",
    "round_name": "Đăng ký thi đua năm 2020",
    "receiving_unit_id": "q-thanh-xuan",
    "deadline": datetime(2020, 2, 5, 16, 59, 59, tzinfo=UTC),  # 05/02/2020 23:59:59 in Hà Nội
    "expected": 3,
    "on_time": 1,
    "percent_on_time": 33.3,
    "late_units": [{"unit_id": "p-ha-dinh", "name": "Phường Hạ Đình"}],
    "missing_units": [{"unit_id": "p-khuong-dinh", "name": "Phường Khương Đình"}],
}


def svg_texts(svg: bytes) -> list[str]:
    """The text elements of an SVG (text kept as text, not as glyph paths)."""
    return [t.strip() for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg.decode())]


def png_size(png: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def registrations(fmt: charts.Format, unit: str = "Quận Thanh Xuân") -> bytes:
    return charts.registrations_by_title(
        unit,
        2020,
        {"tap_the_lao_dong_tien_tien": 12, "tap_the_lao_dong_xuat_sac": 3, "ma_moi": 1},
        {"lao_dong_tien_tien": 1234, "chien_si_thi_dua_co_so": 0},
        fmt,
    )


def test_png_has_the_signature_and_a_real_size() -> None:
    png = registrations("png")
    assert png.startswith(PNG_SIGNATURE)
    width, height = png_size(png)
    assert width == 8 * 150  # 8 inches at 150 dpi
    assert height > 300


def test_svg_keeps_vietnamese_labels_as_nfc_text() -> None:
    texts = svg_texts(registrations("svg"))
    assert "Đăng ký danh hiệu thi đua năm 2020 — Quận Thanh Xuân" in texts
    assert {"Tập thể lao động tiên tiến", "Tập thể lao động xuất sắc", "Lao động tiên tiến"} <= set(texts)
    assert "ma_moi" in texts  # an unknown code is shown as itself
    assert "Chiến sĩ thi đua cơ sở" not in texts  # zero counts are left out
    assert "1.234" in texts  # counts written the Vietnamese way
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)


def test_decomposed_names_are_drawn_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "Phường Hạ Đình")
    assert decomposed != "Phường Hạ Đình"
    texts = svg_texts(registrations("svg", unit=decomposed))
    assert "Đăng ký danh hiệu thi đua năm 2020 — Phường Hạ Đình" in texts


def test_every_vietnamese_glyph_is_in_the_font() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)"
        registrations("png")
        charts.coverage(COVERAGE, "png")
        charts.awards_by_level("Thành phố Hà Nội", {2020: {"ward": 1, "district": 2, "city": 3}}, "png")


def test_awards_by_level_groups_bars_by_year_with_a_legend_of_levels() -> None:
    svg = charts.awards_by_level(
        "Quận Thanh Xuân", {2020: {"district": 37}, 2021: {"district": 2, "city": 19}, 2022: {}}, "svg"
    )
    texts = svg_texts(svg)
    assert "Khen thưởng theo cấp quyết định, 2020–2022 — Quận Thanh Xuân" in texts
    assert {"2020", "2021", "2022", "Cấp quận, huyện", "Cấp Thành phố"} <= set(texts)
    assert "Cấp phường, xã" not in texts  # no ward-level award in these years
    assert {"37", "19"} <= set(texts)  # the counts on the bars (the axis ticks go by fives)


def test_empty_figures_draw_a_message_not_an_error() -> None:
    texts = svg_texts(charts.awards_by_level("Phường Kim Giang", {2020: {}, 2021: {}}, "svg"))
    assert "Chưa có khen thưởng trong các năm 2020–2021." in texts
    empty = charts.registrations_by_title("Phường Kim Giang", 2021, {}, {}, "png")
    assert empty.startswith(PNG_SIGNATURE)


def test_coverage_shows_shares_the_deadline_in_hanoi_time_and_names_late_and_missing_units() -> None:
    texts = svg_texts(charts.coverage(COVERAGE, "svg"))
    assert "Đăng ký thi đua năm 2020" in texts
    assert "Hạn nộp 05/02/2020 · 3 đơn vị phải nộp" in texts
    assert {"Đúng hạn", "Nộp muộn", "Chưa nộp", "1 (33,3%)"} <= set(texts)
    notes = " ".join(texts)
    assert "Nộp muộn: Phường Hạ Đình." in notes
    assert "Chưa nộp: Phường Khương Đình." in notes


def test_outputs_are_deterministic_and_threads_do_not_share_settings() -> None:
    before = dict(matplotlib.rcParams)
    serial = [registrations("svg"), charts.coverage(COVERAGE, "svg")]
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(registrations, "svg") for _ in range(6)]
        futures += [pool.submit(charts.coverage, COVERAGE, "svg") for _ in range(6)]
        results = [f.result() for f in futures]
    assert results[:6] == [serial[0]] * 6
    assert results[6:] == [serial[1]] * 6
    assert matplotlib.rcParams["svg.fonttype"] == before["svg.fonttype"]  # nothing left behind


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_formats_are_what_they_claim(fmt: charts.Format) -> None:
    content = charts.coverage(COVERAGE, fmt)
    if fmt == "png":
        assert content.startswith(PNG_SIGNATURE)
    else:
        head = io.BytesIO(content).read(300).decode()
        assert "<svg" in head
    assert charts.MEDIA_TYPES[fmt] == {"png": "image/png", "svg": "image/svg+xml"}[fmt]


def test_years_without_data_are_marked_on_the_axis() -> None:
    by_year: dict[int, dict[str, int]] = {2020: {"ward": 3}, 2021: {}}
    marked = svg_texts(charts.awards_by_level("Quận Thanh Xuân", by_year, "svg", without_data=[2021]))
    assert {"2020", "2021", "(chưa có số liệu)"} <= set(marked)
    plain = svg_texts(charts.awards_by_level("Quận Thanh Xuân", by_year, "svg"))
    assert "(chưa có số liệu)" not in plain  # a year of zeros is not a year without data
