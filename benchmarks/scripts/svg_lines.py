"""Small-multiple line charts as SVG, standard library only: one panel per group, categorical x, linear y from 0.

    panels = [Panel("PostgreSQL", ["1", "4", "16", "64"], [Series("flow", [..], "#2f6db5"), Series("raw", [..], "#9aa5b1", dashed=True)])]
    write_svg("out.svg", "Title", "producers", "rows/s", panels, format_value)
"""

from dataclasses import dataclass, field
from html import escape

PANEL_W, PANEL_H, LEFT, BOTTOM, TOP, COLUMNS = 300, 210, 58, 36, 30, 3


@dataclass
class Series:
    name: str
    values: list                 # one per x label; None where there is no figure
    colour: str
    dashed: bool = False


@dataclass
class Panel:
    title: str
    labels: list
    series: list = field(default_factory=list)


def _nice_top(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1) if value >= 1 else 1.0
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _panel(panel: Panel, x0: float, y0: float, x_title: str, fmt) -> list:
    parts = [f'<text x="{x0 + PANEL_W / 2:.0f}" y="{y0 + 16}" class="title">{escape(panel.title)}</text>']
    plot_w, plot_h = PANEL_W - LEFT - 12, PANEL_H - TOP - BOTTOM
    px, py = x0 + LEFT, y0 + TOP
    values = [v for s in panel.series for v in s.values if v is not None]
    top = _nice_top(max(values) if values else 1.0)
    for i in range(5):
        value = top * i / 4
        y = py + plot_h - plot_h * i / 4
        parts.append(f'<line x1="{px}" y1="{y:.1f}" x2="{px + plot_w}" y2="{y:.1f}" class="grid"/>')
        parts.append(f'<text x="{px - 4}" y="{y + 4:.1f}" class="axis" text-anchor="end">{escape(fmt(value))}</text>')
    count = len(panel.labels)
    xs = [px + plot_w * (i + 0.5) / count for i in range(count)]
    for x, label in zip(xs, panel.labels):
        parts.append(f'<text x="{x:.1f}" y="{py + plot_h + 14}" class="axis" text-anchor="middle">{escape(str(label))}</text>')
    parts.append(f'<text x="{px + plot_w / 2:.0f}" y="{py + plot_h + 29}" class="axis" text-anchor="middle">{escape(x_title)}</text>')
    for s in panel.series:
        points = [(x, py + plot_h - plot_h * v / top) for x, v in zip(xs, s.values) if v is not None]
        if not points:
            continue
        dash = ' stroke-dasharray="5,3"' if s.dashed else ""
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{s.colour}" stroke-width="2"{dash}/>')
        parts.extend(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{s.colour}"/>' for x, y in points)
    return parts


def write_svg(path: str, heading: str, x_title: str, panels: list, fmt, legend: list) -> None:
    """legend: [(name, colour, dashed)], drawn once under the heading."""
    rows = (len(panels) + COLUMNS - 1) // COLUMNS
    width, height = COLUMNS * PANEL_W + 20, rows * PANEL_H + 70
    parts = [f'<text x="10" y="22" class="heading">{escape(heading)}</text>']
    x = 10
    for name, colour, dashed in legend:
        dash = ' stroke-dasharray="5,3"' if dashed else ""
        parts.append(f'<line x1="{x}" y1="40" x2="{x + 24}" y2="40" stroke="{colour}" stroke-width="2"{dash}/>')
        parts.append(f'<text x="{x + 30}" y="44" class="axis">{escape(name)}</text>')
        x += 40 + 7 * len(name)
    for i, panel in enumerate(panels):
        parts.extend(_panel(panel, 10 + (i % COLUMNS) * PANEL_W, 55 + (i // COLUMNS) * PANEL_H, x_title, fmt))
    svg = "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        "<style>text{font-family:sans-serif;fill:#222}.title{font-size:13px;font-weight:bold;text-anchor:middle}"
        ".axis{font-size:11px}.heading{font-size:15px;font-weight:bold}.grid{stroke:#e3e6ea;stroke-width:1}</style>",
        f'<rect width="{width}" height="{height}" fill="white"/>',
        *parts,
        "</svg>",
        "",
    ])
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(svg)
