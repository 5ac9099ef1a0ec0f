"""Server-rendered bar charts: the geometry of an SVG that the template draws.

No script and no inline style (the site's Content-Security-Policy forbids both): shapes carry
SVG geometry attributes and a class (`series-N`) that static/css/statistics.css colours. In a
right-to-left language the months run from right to left and the value axis stands on the right.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import dateformat

WIDTH, HEIGHT = 640, 260
MARGIN_AXIS, MARGIN_END, MARGIN_TOP, MARGIN_BOTTOM = 56, 12, 12, 44
SERIES_CLASSES = 8


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str
    label: str


@dataclass
class Tick:
    position: float
    label: str
    sub: str = ""


@dataclass
class Drawing:
    width: int
    height: int
    bars: list = field(default_factory=list)
    month_ticks: list = field(default_factory=list)
    value_ticks: list = field(default_factory=list)
    legend: list = field(default_factory=list)  # [(css class, label)]
    axis_x: float = 0  # where the value axis stands
    axis_label_x: float = 0
    axis_anchor: str = "end"
    baseline: float = 0
    plot_start: float = 0
    plot_end: float = 0
    empty: bool = False


def nice_step(top):
    """A round step giving about four gridlines up to `top`."""
    if top <= 0:
        return 1
    raw = top / 4
    magnitude = 10 ** (len(str(int(raw))) - 1) if raw >= 1 else 1
    for multiple in (1, 2, 2.5, 5, 10):
        step = multiple * magnitude
        if step >= raw:
            return step if step >= 1 else 1
    return 10 * magnitude


def _number(value):
    return f"{value:g}" if isinstance(value, float) else str(value)


def month_label(period):
    day = datetime.date(int(period[:4]), int(period[5:7]), 1)
    return dateformat.format(day, "M"), dateformat.format(day, "Y")


def bar_chart(*, months, series, values, rtl=False):
    """`months`: ["2026-01", ...]; `series`: [(key, label)]; `values`: {(month, key): number
    or None (suppressed: no bar)}. Returns the Drawing the template renders."""
    drawing = Drawing(width=WIDTH, height=HEIGHT)
    plot_left, plot_right = MARGIN_AXIS, WIDTH - MARGIN_END
    if rtl:
        plot_left, plot_right = MARGIN_END, WIDTH - MARGIN_AXIS
    top, bottom = MARGIN_TOP, HEIGHT - MARGIN_BOTTOM
    drawing.baseline, drawing.plot_start, drawing.plot_end = bottom, plot_left, plot_right
    drawing.axis_x = plot_right if rtl else plot_left
    drawing.axis_label_x = drawing.axis_x + 6 if rtl else drawing.axis_x - 6
    drawing.axis_anchor = "start" if rtl else "end"
    shown = [v for v in values.values() if v is not None]
    drawing.empty = not shown or not months
    highest = max(shown, default=0)
    step = nice_step(highest)
    ceiling = step * max(1, -(-highest // step)) if highest else step * 4
    scale = (bottom - top) / ceiling
    tick = 0
    while tick <= ceiling:
        drawing.value_ticks.append(Tick(bottom - tick * scale, _number(tick)))
        tick += step
    if not months:
        return drawing
    group = (plot_right - plot_left) / len(months)
    inner = group * 0.8 / max(1, len(series))
    labels = dict(series)
    for m, month in enumerate(months):
        label, year = month_label(month)
        first = m == 0 or month.endswith("-01")
        centre = plot_left + group * (m + 0.5)
        if rtl:
            centre = plot_right - group * (m + 0.5)
        drawing.month_ticks.append(Tick(centre, label, year if first else ""))
        for s, (key, _label) in enumerate(series):
            value = values.get((month, key))
            if value is None:
                continue
            x = plot_left + group * m + group * 0.1 + inner * s
            if rtl:
                x = plot_right - (x - plot_left) - inner
            height = value * scale
            drawing.bars.append(
                Bar(
                    x=round(x, 1),
                    y=round(bottom - height, 1),
                    width=round(max(inner - 1, 1), 1),
                    height=round(height, 1),
                    css=f"series-{s % SERIES_CLASSES}",
                    label=f"{labels[key]} · {label} {year} : {_number(value)}",
                )
            )
    drawing.legend = [
        (f"series-{s % SERIES_CLASSES}", label) for s, (_k, label) in enumerate(series)
    ]
    return drawing
