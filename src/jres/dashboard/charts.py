"""Charts drawn on the server as SVG: curves, horizontal bars and the departments' map.

No JavaScript and no chart library: each function returns safe SVG markup with
`role="img"` and a `<title>` and `<desc>` named by `aria-labelledby`; the page that shows a
chart also shows its data as a table. The markup also renders in WeasyPrint (the edition's
PDF report): explicit fills and strokes as attributes, no CSS variables, no
`foreignObject`, the "DejaVu Sans" font. Every text drawn is escaped.
"""

import functools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

FONT = "DejaVu Sans"
TEXT = "#1a1a1a"
MUTED = "#595959"
GRID = "#d9d9d9"
# Okabe and Ito's palette, told apart with every kind of colour blindness; the curves
# also differ by their dashes, so that the chart reads in black and white.
SERIES_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000")
SERIES_DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 4")
BAR_COLOUR = "#0072b2"
# The map's five classes: viridis, light to dark, which keeps its order in grey and for
# colour-blind readers. A department with nothing is white-grey.
CLASS_COLOURS = ("#fde725", "#5ec962", "#21918c", "#3b528b", "#440154")
EMPTY_COLOUR = "#f2f2f2"
MAP_FILE = Path(__file__).parent / "data" / "departments.json"


@dataclass(frozen=True)
class Series:
    """One curve: a label for the legend and a value per x (None where it stops)."""

    label: str
    values: Sequence[int | None]


def _number(value: float) -> str:
    return number_format(value, decimal_pos=0, force_grouping=True)


def _open_svg(chart_id: str, title: str, description: str, width: int, height: int) -> list[str]:
    chart_id = escape(chart_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{chart_id}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="12" fill="{TEXT}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def _text(x: float, y: float, text: str, *, anchor: str = "start", **attributes) -> str:
    extra = "".join(
        f' {name.replace("_", "-")}="{escape(value)}"' for name, value in attributes.items()
    )
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{extra}>{escape(text)}</text>'


def _nice_ceiling(value: float) -> int:
    """A round upper bound for an axis: 1, 2 or 5 times a power of ten (or 2.5 past 10)."""
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    steps = (1, 2, 5, 10) if magnitude == 1 else (1, 2, 2.5, 5, 10)
    for step in steps:
        if value <= step * magnitude:
            return math.ceil(step * magnitude)
    return math.ceil(value)


def _ticks(ceiling: int) -> int:
    """How many intervals divide the axis into round whole numbers."""
    if ceiling < 5:
        return ceiling
    return 4 if str(ceiling).startswith("2") and not str(ceiling).startswith("25") else 5


def day_label(offset: int) -> str:
    """ "J-14" for fourteen days before the day, "J" for the day itself."""
    return _("J") if offset == 0 else _("J%(offset)+d") % {"offset": offset}


def line_chart(
    *,
    chart_id: str,
    title: str,
    days: Sequence[int],
    series: Sequence[Series],
    width: int = 640,
    height: int = 320,
) -> SafeString:
    """Cumulative curves over `days` (days from the day), one colour and dash per series.

    The first series is drawn thickest (the edition looked at); the others compare.
    """
    left, right, top, bottom = 56, 16, 16 + 18 * math.ceil(len(series) / 2), 36
    plot_width, plot_height = width - left - right, height - top - bottom
    highest = max((value for line in series for value in line.values if value), default=0)
    ceiling = _nice_ceiling(highest)
    first, last = min(days), max(days)
    span = (last - first) or 1

    def x(day: int) -> float:
        return left + (day - first) / span * plot_width

    def y(value: float) -> float:
        return top + plot_height - value / ceiling * plot_height

    description = _("Courbes cumulées jour après jour jusqu'à la journée : %(series)s.") % {
        "series": ", ".join(line.label for line in series)
    }
    parts = _open_svg(chart_id, title, description, width, height)
    intervals = _ticks(ceiling)
    for step in range(intervals + 1):
        value = ceiling * step // intervals
        parts.append(
            f'<line x1="{left}" x2="{left + plot_width}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(_text(left - 6, y(value) + 4, _number(value), anchor="end", fill=MUTED))
    for day in days:
        if (day - last) % 14 == 0:
            parts.append(
                f'<line x1="{x(day):.1f}" x2="{x(day):.1f}" y1="{top + plot_height}" '
                f'y2="{top + plot_height + 4}" stroke="{MUTED}" stroke-width="1"/>'
            )
            parts.append(_text(x(day), height - bottom + 18, day_label(day), anchor="middle"))
    for index, line in enumerate(series):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        dash = SERIES_DASHES[index % len(SERIES_DASHES)]
        points = [
            f"{x(day):.1f},{y(value):.1f}"
            for day, value in zip(days, line.values, strict=False)
            if value is not None
        ]
        dash_attribute = f' stroke-dasharray="{dash}"' if dash else ""
        if points:
            parts.append(
                f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
                f'stroke-width="{3 if index == 0 else 2}"{dash_attribute} '
                f'stroke-linejoin="round"/>'
            )
        legend_x = left + (index % 2) * plot_width / 2
        legend_y = 14 + 18 * (index // 2)
        parts.append(
            f'<line x1="{legend_x:.1f}" x2="{legend_x + 24:.1f}" y1="{legend_y - 4}" '
            f'y2="{legend_y - 4}" stroke="{colour}" stroke-width="3"{dash_attribute}/>'
        )
        parts.append(_text(legend_x + 30, legend_y, line.label))
    parts.append(
        f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_height}" '
        f'stroke="{MUTED}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)


def _shorten(label: str, length: int = 26) -> str:
    return label if len(label) <= length else label[: length - 1].rstrip() + "…"


def bar_chart(
    *,
    chart_id: str,
    title: str,
    rows: Sequence[tuple[str, int]],
    colour: str = BAR_COLOUR,
    width: int = 640,
) -> SafeString:
    """Horizontal bars, one per (label, value), in the order given, the value at the end."""
    label_width, value_width, bar_height, gap, top = 200, 64, 18, 8, 8
    height = top * 2 + max(len(rows), 1) * (bar_height + gap)
    plot_width = width - label_width - value_width
    highest = max((value for _label, value in rows), default=0) or 1
    description = "; ".join(f"{label} : {_number(value)}" for label, value in rows) or _(
        "Aucune donnée."
    )
    parts = _open_svg(chart_id, title, description, width, height)
    for index, (label, value) in enumerate(rows):
        row_y = top + index * (bar_height + gap)
        bar_width = value / highest * plot_width
        parts.append(
            f"<g><title>{escape(label)} : {escape(_number(value))}</title>"
            + _text(label_width - 8, row_y + 13, _shorten(label), anchor="end")
            + f'<rect x="{label_width}" y="{row_y}" width="{bar_width:.1f}" '
            f'height="{bar_height}" fill="{colour}"/>'
            + _text(label_width + bar_width + 6, row_y + 13, _number(value))
            + "</g>"
        )
    if not rows:
        parts.append(_text(width / 2, top + 13, _("Aucune donnée."), anchor="middle"))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)


# --- the departments' map ------------------------------------------------------------------


@functools.cache
def map_shapes() -> dict:
    """The vendored map: {"viewBox", "departments": {code: {"name", "d"}}} (see data/)."""
    return json.loads(MAP_FILE.read_text(encoding="utf-8"))


def mapped_departments() -> frozenset[str]:
    """The codes the map draws: metropolitan France (overseas departments are listed apart)."""
    return frozenset(map_shapes()["departments"])


def class_bounds(values: Sequence[int]) -> tuple[int, int, int, int]:
    """The upper bounds of classes 1 to 4 (class 5 is above), from the quintiles of the
    positive values, strictly increasing so that every class has its own range."""
    positive = sorted(value for value in values if value > 0)
    bounds: list[int] = []
    for quintile in range(1, 5):
        if positive:
            bound = positive[max(0, math.ceil(quintile * len(positive) / 5) - 1)]
        else:
            bound = quintile
        bounds.append(max(bound, bounds[-1] + 1 if bounds else 1))
    return tuple(bounds)


def class_of(value: int, bounds: Sequence[int]) -> int:
    """0 for nothing, else 1 to 5: the first class whose upper bound holds the value."""
    if value <= 0:
        return 0
    for index, bound in enumerate(bounds, start=1):
        if value <= bound:
            return index
    return len(bounds) + 1


def class_labels(bounds: Sequence[int]) -> list[str]:
    """The legend's text for classes 0 to 5 ("0", "1 à 3", …, "12 et plus")."""
    labels = ["0"]
    low = 1
    for bound in bounds:
        if low == bound:
            labels.append(_number(low))
        else:
            labels.append(_("%(low)s à %(high)s") % {"low": _number(low), "high": _number(bound)})
        low = bound + 1
    labels.append(_("%(low)s et plus") % {"low": _number(low)})
    return labels


def department_map(
    *,
    chart_id: str,
    title: str,
    values: Mapping[str, int],
    names: Mapping[str, str] | None = None,
    width: int = 520,
) -> SafeString:
    """A choropleth of metropolitan France: one path per department, coloured by class.

    Each path carries the class `q0` to `q5` and a `<title>` "name : value"; a legend
    gives the five classes' ranges. `names` overrides the map's own names (the database's).
    """
    shapes = map_shapes()
    names = names or {}
    bounds = class_bounds([values.get(code, 0) for code in shapes["departments"]])
    _x, _y, map_width, map_height = (float(part) for part in shapes["viewBox"].split())
    legend_height = 28
    scale = width / map_width
    height = math.ceil(map_height * scale) + legend_height
    mapped = [value for code, value in values.items() if code in shapes["departments"] and value]
    description = _(
        "%(count)s départements sur %(total)s ont une valeur non nulle ; "
        "la plus haute : %(highest)s."
    ) % {
        "count": len(mapped),
        "total": len(shapes["departments"]),
        "highest": _number(max(mapped, default=0)),
    }
    parts = _open_svg(chart_id, title, description, width, height)
    parts.append(f'<g transform="scale({scale:.4f})" stroke="#7f7f7f" stroke-width="0.6">')
    for code, shape in shapes["departments"].items():
        value = values.get(code, 0)
        level = class_of(value, bounds)
        colour = EMPTY_COLOUR if level == 0 else CLASS_COLOURS[level - 1]
        name = names.get(code) or shape["name"]
        parts.append(
            f'<path class="department q{level}" data-code="{escape(code)}" '
            f'd="{escape(shape["d"])}" '
            f'fill="{colour}"><title>{escape(name)} ({escape(code)}) : '
            f"{escape(_number(value))}</title></path>"
        )
    parts.append("</g>")
    legend_y = height - legend_height + 6
    step = width / 6
    for level, label in enumerate(class_labels(bounds)):
        colour = EMPTY_COLOUR if level == 0 else CLASS_COLOURS[level - 1]
        parts.append(
            f'<rect x="{level * step:.1f}" y="{legend_y}" width="14" height="14" '
            f'fill="{colour}" stroke="#7f7f7f" stroke-width="1"/>'
        )
        parts.append(_text(level * step + 18, legend_y + 11, label, font_size="11"))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)
