"""Charts of reporting's figures (matplotlib, Agg, no pyplot): PNG or SVG bytes with Vietnamese labels.

Figures are built with `matplotlib.figure.Figure` directly, so no pyplot state is shared between
threads. The few settings a chart needs are applied with `rc_context` under a lock: rcParams are
process-global, and the lock keeps one thread's settings from leaking into another's drawing.
"""

from __future__ import annotations

import io
import textwrap
import threading
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, Literal

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.typing import RcKeyType

from emutrack_kit.clock import HANOI
from emutrack_kit.text import nfc
from reporting.domain.labels import LEVEL_KINDS, TITLES, label, ordered
from reporting.domain.report import number

Format = Literal["png", "svg"]
MEDIA_TYPES: dict[str, str] = {"png": "image/png", "svg": "image/svg+xml"}
# DejaVu Sans ships with matplotlib and covers Vietnamese; SVG keeps text as text (searchable,
# selectable) and names fallbacks for viewers without DejaVu; a fixed salt makes SVG ids stable.
_RC: dict[RcKeyType, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Arial", "Liberation Sans"],
    "svg.fonttype": "none",
    "svg.hashsalt": "emutrack-reporting",
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_LOCK = threading.Lock()
_COLOURS = ("#1f5fa8", "#c0392b", "#2e8b57", "#d68910", "#7d3c98", "#117a8b", "#7f8c8d", "#a04000")
_LEVEL_COLOURS = {"city": "#c0392b", "district": "#1f5fa8", "ward": "#2e8b57"}
_COVERAGE_COLOURS = ("#2e8b57", "#d68910", "#c0392b")
_WRAP = 34
_MAX_NAMES = 12


@contextmanager
def _drawing() -> Iterator[None]:
    with _LOCK, matplotlib.rc_context(_RC):
        yield


def _figure(width: float, height: float) -> Figure:
    """A figure of its own on an Agg canvas (never pyplot's figure manager)."""
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _save(fig: Figure, fmt: Format, dpi: int) -> bytes:
    out = io.BytesIO()
    if fmt == "png":
        fig.savefig(out, format="png", dpi=dpi, metadata={"Software": None})
    else:
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return out.getvalue()


def _thousands() -> FuncFormatter:
    # one per axis: a formatter keeps the axis it is attached to
    return FuncFormatter(lambda value, _: number(round(value)))


def _wrapped(text: str) -> str:
    return "\n".join(textwrap.wrap(nfc(text), _WRAP)) or nfc(text)


def _no_data(fig: Figure, message: str) -> None:
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.text(0.5, 0.5, nfc(message), ha="center", va="center", fontsize=12, color="#555555")


def _hbars(ax: Axes, title: str, counts: Sequence[tuple[str, int]], colour: str) -> None:
    """Horizontal bars, the first item on top, each with its count at the end."""
    names = [_wrapped(name) for name, _ in counts][::-1]
    values = [n for _, n in counts][::-1]
    bars = ax.barh(names, values, color=colour)
    ax.bar_label(bars, labels=[number(v) for v in values], padding=3)
    ax.set_title(nfc(title), loc="left", fontsize=11)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(_thousands())
    ax.margins(x=0.12)


def registrations_by_title(
    unit_name: str,
    year: int,
    collective: Mapping[str, int],
    individual: Mapping[str, int],
    fmt: Format,
    dpi: int = 150,
) -> bytes:
    """Registrations of one year by title: collectives above, people below (their scales differ)."""
    panels = [
        (heading, [(label(TITLES, c), by[c]) for c in ordered(TITLES, (c for c, n in by.items() if n))])
        for heading, by in (("Tập thể", collective), ("Cá nhân", individual))
    ]
    panels = [(heading, counts) for heading, counts in panels if counts]
    with _drawing():
        height = 1.6 + 0.45 * sum(len(counts) for _, counts in panels) + 0.6 * len(panels)
        fig = _figure(8, max(height, 3.0))
        fig.suptitle(nfc(f"Đăng ký danh hiệu thi đua năm {year} — {unit_name}"), fontsize=12)
        if not panels:
            _no_data(fig, f"Chưa có đăng ký danh hiệu thi đua năm {year}.")
        else:
            axes = fig.subplots(len(panels), 1, squeeze=False, height_ratios=[len(c) + 1 for _, c in panels])
            for ax, (heading, counts), colour in zip(axes[:, 0], panels, _COLOURS, strict=False):
                _hbars(ax, heading, counts, colour)
        return _save(fig, fmt, dpi)


def awards_by_level(
    unit_name: str,
    by_year: Mapping[int, Mapping[str, int]],
    fmt: Format,
    dpi: int = 150,
    without_data: Collection[int] = (),
) -> bytes:
    """Awards per year, one bar per deciding level (grouped), with counts; years without data are marked."""
    years = sorted(by_year)
    levels = ordered(LEVEL_KINDS, (lv for y in years for lv, n in by_year[y].items() if n))
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    with _drawing():
        fig = _figure(8, 4.5)
        fig.suptitle(nfc(f"Khen thưởng theo cấp quyết định, {span} — {unit_name}"), fontsize=12)
        if not levels:
            _no_data(fig, f"Chưa có khen thưởng trong các năm {span}.")
            return _save(fig, fmt, dpi)
        ax = fig.add_subplot()
        width = 0.8 / len(levels)
        for i, level in enumerate(levels):
            values = [by_year[y].get(level, 0) for y in years]
            positions = [x - 0.4 + width * (i + 0.5) for x in range(len(years))]
            colour = _LEVEL_COLOURS.get(level, _COLOURS[(i + 3) % len(_COLOURS)])
            bars = ax.bar(positions, values, width, label=label(LEVEL_KINDS, level), color=colour)
            ax.bar_label(bars, labels=[number(v) if v else "" for v in values], padding=2, fontsize=9)
        ticks = [f"{y}\n(chưa có số liệu)" if y in without_data else str(y) for y in years]
        ax.set_xticks(range(len(years)), ticks)
        ax.set_ylabel("Lượt khen thưởng")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(_thousands())
        ax.margins(y=0.15)
        ax.legend(frameon=False, loc="upper left")
        return _save(fig, fmt, dpi)


def _percent(part: int, whole: int) -> str:
    share = 100 * part / whole if whole else 0.0
    return f"{share:.1f}".replace(".", ",") + "%"


def _names(heading: str, units: Sequence[Mapping[str, Any]]) -> str:
    names = [nfc(str(u["name"])) for u in units[:_MAX_NAMES]]
    more = f" và {len(units) - _MAX_NAMES} đơn vị khác" if len(units) > _MAX_NAMES else ""
    return textwrap.fill(f"{heading}: {', '.join(names)}{more}.", 95)


def coverage(result: Mapping[str, Any], fmt: Format, dpi: int = 150) -> bytes:
    """A round's expected units on time, late and missing (from `round_coverage`), late and missing named."""
    expected = int(result["expected"])
    late, missing = list(result["late_units"]), list(result["missing_units"])
    counts = [int(result["on_time"]), len(late), len(missing)]
    deadline: datetime = result["deadline"]
    local = (deadline if deadline.tzinfo else deadline.replace(tzinfo=UTC)).astimezone(HANOI)
    lines = [_names(h, u) for h, u in (("Nộp muộn", late), ("Chưa nộp", missing)) if u]
    with _drawing():
        text_height = 0.25 * sum(line.count("\n") + 1 for line in lines)
        fig = _figure(8, 3.2 + text_height)
        fig.suptitle(nfc(str(result["round_name"])), fontsize=12)
        rows = 2 if lines else 1
        axes = fig.subplots(rows, 1, squeeze=False, height_ratios=[3.0, text_height][:rows])
        ax = axes[0, 0]
        names = ["Đúng hạn", "Nộp muộn", "Chưa nộp"][::-1]
        bars = ax.barh(names, counts[::-1], color=_COVERAGE_COLOURS[::-1])
        ax.bar_label(bars, labels=[f"{number(n)} ({_percent(n, expected)})" for n in counts][::-1], padding=3)
        ax.set_title(
            nfc(f"Hạn nộp {local:%d/%m/%Y} · {number(expected)} đơn vị phải nộp"), loc="left", fontsize=10
        )
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlim(0, max(expected, 1) * 1.25)
        if lines:
            notes = axes[1, 0]
            notes.set_axis_off()
            notes.text(
                0, 1, nfc("\n".join(lines)), va="top", ha="left", fontsize=9, transform=notes.transAxes
            )
        return _save(fig, fmt, dpi)
