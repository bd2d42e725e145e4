"""Server-side SVG charts: geometry computed and markup written here (`Chart.svg`).

No script and no style attribute (the CSP allows neither): shapes carry presentation
attributes and a class per series (`series-0` …), coloured in dashboard.css. Every chart comes
with its numbers as a Table, which the page shows beside it and the CSV download writes out.

The markup is joined in Python rather than drawn by a template loop: a year's dashboard has
a few thousand shapes, and the template engine's per-variable lookups and localisation cost
more than the rest of the page's rendering together (bench/bench_dashboard.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
PLOT_LEFT = 48
PLOT_RIGHT = 12
PLOT_TOP = 12
PLOT_BOTTOM = 40
SERIES_CLASSES = 8


@dataclass
class Table:
    columns: list[str]
    rows: list[list[object]]

    @property
    def header(self) -> str:
        return self.columns[0]


@dataclass
class Shape:
    x: float
    y: float
    width: float
    height: float
    css: str
    label: str


@dataclass
class Line:
    points: str
    css: str
    dots: list[tuple[float, float, str]]


@dataclass
class Text:
    x: float
    y: float
    text: str
    anchor: str = "middle"


@dataclass
class Chart:
    kind: str
    width: int
    height: int
    title: str
    desc: str
    shapes: list[Shape] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    gridlines: list[tuple[float, float, float]] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)
    empty: bool = False

    def svg(self, chart_id: str) -> SafeString:
        """The chart as an accessible SVG (title and description named by aria-labelledby),
        followed by its legend; every text is escaped."""
        e = _attr
        out = [
            f'<svg class="chart chart-{e(self.kind)}" viewBox="0 0 {self.width} {self.height}"'
            f' width="{self.width}" height="{self.height}" role="img"'
            f' aria-labelledby="{e(chart_id)}-title {e(chart_id)}-desc">'
            f'<title id="{e(chart_id)}-title">{e(self.title)}</title>'
            f'<desc id="{e(chart_id)}-desc">{e(self.desc)}</desc>'
        ]
        out += [
            f'<line x1="{x1}" x2="{x2}" y1="{y}" y2="{y}" class="grid"></line>'
            for x1, x2, y in self.gridlines
        ]
        out += [
            f'<rect x="{s.x}" y="{s.y}" width="{s.width}" height="{s.height}"'
            f' class="{e(s.css)}"><title>{e(s.label)}</title></rect>'
            for s in self.shapes
        ]
        for line in self.lines:
            css = e(line.css)
            out.append(
                f'<polyline points="{e(line.points)}" class="line {css}" fill="none"></polyline>'
            )
            out += [
                f'<circle cx="{x}" cy="{y}" r="3" class="dot {css}">'
                f"<title>{e(label)}</title></circle>"
                for x, y, label in line.dots
            ]
        out += [
            f'<text x="{t.x}" y="{t.y}" text-anchor="{e(t.anchor)}" class="chart-text">'
            f"{e(t.text)}</text>"
            for t in self.texts
        ]
        if self.empty:
            out.append(
                f'<text x="{round(self.width / 2)}" y="{round(self.height / 2)}"'
                ' text-anchor="middle" class="chart-empty">Nothing to show for this range</text>'
            )
        out.append("</svg>")
        if self.legend:
            out.append('<ul class="chart-legend" aria-hidden="true">')
            out += [
                f'<li><svg width="12" height="12" class="swatch"><rect width="12" height="12"'
                f' class="{e(css)}"></rect></svg>{e(name)}</li>'
                for name, css in self.legend
            ]
            out.append("</ul>")
        # Safe: every text interpolated above went through escape().
        return mark_safe("".join(out))


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


@dataclass
class Figure:
    id: str
    title: str
    chart: Chart
    table: Table
    note: str = ""
    # Optional link per table row (speaker pages), same order as table.rows.
    links: list[str] = field(default_factory=list)

    @property
    def linked_rows(self) -> list[tuple[list[object], str]]:
        return [
            (row, self.links[i] if i < len(self.links) else "")
            for i, row in enumerate(self.table.rows)
        ]


def _css(i: int) -> str:
    return f"series-{i % SERIES_CLASSES}"


def _nice_max(value: float) -> int:
    if value <= 0:
        return 1
    step = 1
    while step * 10 < value:
        step *= 10
    for mult in (1, 2, 5, 10):
        if step * mult >= value:
            return step * mult
    return step * 10


def _fmt(n: float) -> str:
    return f"{n:g}"


def horizontal_bars(title: str, items: list[tuple[str, float]], *, unit: str = "") -> Chart:
    """One bar per labelled value: counts by status, rating, type, outlet…"""
    label_width, bar_height, gap = 170, 18, 6
    height = max(1, len(items)) * (bar_height + gap) + gap
    top = max((v for _, v in items), default=0)
    scale = (WIDTH - label_width - 60) / top if top else 0
    chart = Chart(
        kind="bar",
        width=WIDTH,
        height=height,
        title=title,
        desc=", ".join(f"{label}: {_fmt(v)}{unit}" for label, v in items) or "No data.",
        empty=not any(v for _, v in items),
    )
    for i, (label, value) in enumerate(items):
        y = gap + i * (bar_height + gap)
        chart.texts.append(Text(label_width - 8, y + 13, label[:28], "end"))
        chart.shapes.append(
            Shape(label_width, y, round(value * scale, 1), bar_height, _css(i), f"{label}: {value}")
        )
        chart.texts.append(Text(label_width + value * scale + 6, y + 13, _fmt(value), "start"))
    return chart


def _x_labels(chart: Chart, labels: list[str], xs: list[float], bottom: float) -> None:
    # Thin the axis labels so they never overlap; the table has every one.
    every = max(1, -(-len(labels) // 8))
    for i, (label, x) in enumerate(zip(labels, xs, strict=True)):
        if i % every == 0:
            chart.texts.append(Text(x, bottom + 16, label))


def _y_grid(chart: Chart, top_value: int, plot_h: float) -> None:
    for frac in (0, 0.5, 1):
        y = PLOT_TOP + plot_h * (1 - frac)
        chart.gridlines.append((PLOT_LEFT, WIDTH - PLOT_RIGHT, round(y, 1)))
        chart.texts.append(Text(PLOT_LEFT - 6, y + 4, _fmt(top_value * frac), "end"))


def columns(
    title: str,
    labels: list[str],
    series: list[tuple[str, list[float]]],
    *,
    stacked: bool = True,
    kind: str = "stacked",
    height: int = 220,
) -> Chart:
    """Vertical bars per period (stacked by series), or a histogram when adjacent."""
    plot_h = height - PLOT_TOP - PLOT_BOTTOM
    plot_w = WIDTH - PLOT_LEFT - PLOT_RIGHT
    n = max(1, len(labels))
    totals = [sum(values[i] for _, values in series) for i in range(len(labels))]
    top = _nice_max(max(totals, default=0))
    slot = plot_w / n
    bar_w = slot if kind == "histogram" else max(1.0, slot * 0.75)
    chart = Chart(
        kind=kind,
        width=WIDTH,
        height=height,
        title=title,
        desc="; ".join(
            f"{label}: "
            + ", ".join(f"{name} {_fmt(values[i])}" for name, values in series if values[i])
            if totals[i]
            else f"{label}: none"
            for i, label in enumerate(labels)
        )
        or "No data.",
        legend=[(name, _css(j)) for j, (name, _) in enumerate(series)] if len(series) > 1 else [],
        empty=not any(totals),
    )
    _y_grid(chart, top, plot_h)
    xs = []
    for i, label in enumerate(labels):
        x = PLOT_LEFT + i * slot + (slot - bar_w) / 2
        xs.append(x + bar_w / 2)
        base = PLOT_TOP + plot_h
        for j, (name, values) in enumerate(series):
            h = values[i] / top * plot_h
            if h <= 0:
                continue
            base -= h
            chart.shapes.append(
                Shape(
                    round(x, 1),
                    round(base, 1),
                    round(bar_w - (1 if kind == "histogram" else 0), 1),
                    round(h, 1),
                    _css(j),
                    f"{label}, {name}: {_fmt(values[i])}",
                )
            )
    _x_labels(chart, labels, xs, PLOT_TOP + plot_h)
    return chart


def lines(
    title: str, labels: list[str], series: list[tuple[str, list[float]]], *, height: int = 220
) -> Chart:
    plot_h = height - PLOT_TOP - PLOT_BOTTOM
    plot_w = WIDTH - PLOT_LEFT - PLOT_RIGHT
    top = _nice_max(max((v for _, values in series for v in values), default=0))
    step = plot_w / max(1, len(labels) - 1) if len(labels) > 1 else 0
    chart = Chart(
        kind="line",
        width=WIDTH,
        height=height,
        title=title,
        desc="; ".join(
            f"{name}: "
            + ", ".join(f"{label} {_fmt(v)}" for label, v in zip(labels, values, strict=True))
            for name, values in series
        )
        or "No data.",
        legend=[(name, _css(j)) for j, (name, _) in enumerate(series)],
        empty=not any(v for _, values in series for v in values),
    )
    _y_grid(chart, top, plot_h)
    xs = [PLOT_LEFT + (i * step if len(labels) > 1 else plot_w / 2) for i in range(len(labels))]
    for j, (name, values) in enumerate(series):
        pts = [
            (round(x, 1), round(PLOT_TOP + plot_h * (1 - v / top), 1))
            for x, v in zip(xs, values, strict=True)
        ]
        chart.lines.append(
            Line(
                " ".join(f"{x},{y}" for x, y in pts),
                _css(j),
                [
                    (x, y, f"{label}, {name}: {_fmt(v)}")
                    for (x, y), label, v in zip(pts, labels, values, strict=True)
                ],
            )
        )
    _x_labels(chart, labels, xs, PLOT_TOP + plot_h)
    return chart
