"""A hand-made horizontal bar chart in accessible SVG (no JavaScript, no libraries).

Horizontal bars because category names are long Swedish words and there may be dozens of
them: the chart grows downwards instead of squeezing labels under narrow columns. A long
name wraps onto more lines beside its bars; it is never cut short.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 640
LABEL_WIDTH = 200
VALUE_WIDTH = 120
BAR_HEIGHT = 14
BAR_GAP = 2
GROUP_GAP = 10
LEGEND_HEIGHT = 24
MAX_LABEL_CHARS = 30  # what fits in LABEL_WIDTH at font size 11; longer labels wrap
LINE_HEIGHT = 13
CHAR_WIDTH = 6.6  # a generous average for DejaVu Sans at size 11
FONT = "DejaVu Sans, Verdana, sans-serif"
# Dark enough for 3:1 contrast against white (WCAG 1.4.11), distinct in greyscale too.
COLOURS = ("#1d5a8c", "#b35400", "#4d7a2a", "#6b4c9a")


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[int | float]


def label_lines(label: str, limit: int = MAX_LABEL_CHARS) -> list[str]:
    """The label in lines of at most `limit` characters, broken between words (a word
    longer than a line after a hyphen, or else where the line is full): never shortened."""
    lines: list[str] = []
    current = ""
    for word in label.split():
        while len(word) > limit:
            cut = word.rfind("-", 0, limit) + 1 or limit
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:cut])
            word = word[cut:]
        if current and len(current) + 1 + len(word) > limit:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current or not lines:
        lines.append(current)
    return lines


def _legend(series: Sequence[Series]) -> list[str]:
    parts = []
    x = float(LABEL_WIDTH)
    for index, item in enumerate(series):
        parts.append(
            f'<rect x="{x}" y="6" width="12" height="12" fill="{COLOURS[index % len(COLOURS)]}"/>'
            f'<text x="{x + 17}" y="16">{escape(item.name)}</text>'
        )
        x += 17 + len(item.name) * CHAR_WIDTH + 24
    return parts


def _label(y: float, lines: list[str]) -> str:
    x = LABEL_WIDTH - 6
    if len(lines) == 1:
        return f'<text x="{x}" y="{y + BAR_HEIGHT - 3}" text-anchor="end">{escape(lines[0])}</text>'
    spans = "".join(f'<tspan x="{x}" dy="{0 if n == 0 else LINE_HEIGHT}">{escape(line)}</tspan>'
                    for n, line in enumerate(lines))
    return f'<text y="{y + BAR_HEIGHT - 3}" text-anchor="end">{spans}</text>'


def _group(index: int, y: float, label: str, series: Sequence[Series], scale: float,
           formatter: Callable[[int | float], str]) -> str:
    parts = [f'<g><title>{escape(label)}</title>', _label(y, label_lines(label))]
    for number, item in enumerate(series):
        value = max(item.values[index], 0)
        bar_y = y + number * (BAR_HEIGHT + BAR_GAP)
        width = round(value * scale, 2)
        colour = COLOURS[number % len(COLOURS)]
        parts.append(
            f'<rect class="bar" x="{LABEL_WIDTH}" y="{bar_y}" width="{width}" '
            f'height="{BAR_HEIGHT}" fill="{colour}"/>'
            f'<text x="{LABEL_WIDTH + width + 4}" y="{bar_y + BAR_HEIGHT - 3}">'
            f'{escape(formatter(value))}</text>'
        )
    parts.append("</g>")
    return "".join(parts)


def _group_height(label: str, series: Sequence[Series]) -> float:
    bars = len(series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
    text = BAR_HEIGHT + (len(label_lines(label)) - 1) * LINE_HEIGHT
    return max(bars, text) + GROUP_GAP


def bar_chart(*, chart_id: str, title: str, description: str, categories: Sequence[str],
              series: Sequence[Series], formatter: Callable[[int | float], str]) -> str:
    """An SVG string: one group of bars per category, one bar per series.

    Zero values draw no bar but still show their value; an empty chart says so in words.
    """
    top = LEGEND_HEIGHT if len(series) > 1 else 6
    tops = [float(top)]
    for label in categories:
        tops.append(tops[-1] + _group_height(label, series))
    height = max(tops[-1] + 6, 60)
    largest = max((max(s.values[i], 0) for s in series for i in range(len(categories))),
                  default=0)
    scale = (WIDTH - LABEL_WIDTH - VALUE_WIDTH) / largest if largest else 0.0
    body = [f'<line x1="{LABEL_WIDTH}" y1="{top - 2}" x2="{LABEL_WIDTH}" '
            f'y2="{height - 4}" stroke="#555" stroke-width="1"/>'] if categories else []
    if len(series) > 1:
        body.extend(_legend(series))
    body.extend(
        _group(index, tops[index], label, series, scale, formatter)
        for index, label in enumerate(categories)
    )
    if not categories:
        body.append(f'<text x="{WIDTH / 2}" y="34" text-anchor="middle">'
                    "Inga uppgifter att visa</text>")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="{FONT}" '
        f'font-size="11" fill="#222" class="chart">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
        + "".join(body) + "</svg>"
    )
