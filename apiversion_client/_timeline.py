"""A picture of each version's life: plain SVG, written without extra dependencies.

One row per version, oldest at the top: a bar from its release to its end of
life (coloured by channel while current, amber once deprecated), markers for
released / deprecated / end of life (dashed when estimated), diamonds where a
later version ends one of its resources, each labelled in the picture with the
resource and its date (not only in a tooltip, which a PNG or a printout loses),
the SDK releases that support it, and a vertical line for today.  A version
whose release date is unknown starts at the left edge with a fade; one without
an end of life runs to the right edge.

Layout: text widths are estimated (no font metrics without a renderer).  The
SDK releases wrap within the left column; the resource labels sit under the
bar, one line per level, each on the first level where it overlaps no other
label; a row grows to hold its lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape, quoteattr

import attrs

from apiversion_client._matrix import CompatibilityMatrix, VersionInfo
from apiversion_client._matrix._query import format_spec
from apiversion_client._versions import Channel

__all__ = ["render_timeline_svg"]

_WIDTH = 1000
_LEFT = 230
_RIGHT = 40
_TOP = 84
_ROW = 46
_BAR = 16
_LINE = 13  # the height of one line of 11px text
_CHAR = 6.3  # the estimated width of one character of 11px text
_GAP = 10  # the least space between two labels on one line
_COLOURS = {
    Channel.STABLE: "#2e7d32",
    Channel.BETA: "#1565c0",
    Channel.ALPHA: "#6a1b9a",
    Channel.PREVIEW: "#1565c0",
    Channel.UNSTABLE: "#8e24aa",
}
_DEPRECATED = "#f9a825"
_ENDED = "#c62828"
_STYLE = """
text { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; fill: #212121; }
.title { font-size: 18px; font-weight: 600; }
.subtitle, .sdks, .tick-label, .legend text { font-size: 11px; fill: #555; }
.version-label { font-size: 14px; font-weight: 600; }
.status { font-size: 11px; fill: #555; }
.status.removed { fill: #c62828; }
.status.deprecated { fill: #8d6e00; font-weight: 600; }
.grid { stroke: #e0e0e0; stroke-width: 1; }
.today { stroke: #c62828; stroke-width: 2; stroke-dasharray: 6 4; }
.today-label { font-size: 11px; fill: #c62828; font-weight: 600; }
.end-of-life { stroke: #c62828; stroke-width: 3; }
.estimated { stroke-dasharray: 3 2; }
circle.released { fill: #fff; stroke: #212121; stroke-width: 1.5; }
path.deprecated { fill: #f9a825; stroke: #6d4c00; stroke-width: 1; }
path.resource-end { fill: #fff; stroke: #c62828; stroke-width: 1.5; }
.resource-end-label { font-size: 11px; fill: #8e0000; paint-order: stroke;
  stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
.resource-end-leader { stroke: #c62828; stroke-width: 1; stroke-dasharray: 2 2; }
"""


def _day_number(day: dt.date) -> int:
    return day.toordinal()


def _dates(matrix: CompatibilityMatrix, today: dt.date) -> list[dt.date]:
    found = [today]
    for info in matrix.versions:
        found += [d for d in (info.released, info.deprecated, info.end_of_life) if d is not None]
        found += [c.predecessor_end_of_life for c in info.changes if c.predecessor_end_of_life]
    return found


def _text_width(text: str) -> float:
    return len(text) * _CHAR


@attrs.frozen
class _Label:
    """One resource end-of-life marker and its text, placed on a line under the bar."""

    x: float  # the marker
    text: str
    note: str  # the tooltip: every resource and the summary
    left: float = 0.0  # where the text starts
    level: int = 0  # the line under the bar, from 0

    @property
    def right(self) -> float:
        return self.left + _text_width(self.text)


def _stagger(labels: Sequence[_Label]) -> list[_Label]:
    """Place each label under its marker, on the first line where it overlaps no other.

    A label starts just left of its marker; one that would run past the right
    edge is moved left (its leader still points at the marker), never into
    the left column; one wider than the whole plot is cut short.
    """
    placed: list[_Label] = []
    room = _WIDTH - 8 - _LEFT
    for label in sorted(labels, key=lambda item: item.x):
        text = label.text
        if _text_width(text) > room:
            text = text[: int(room / _CHAR) - 3] + "..."
        left = max(float(_LEFT), min(label.x - 4, _WIDTH - 8 - _text_width(text)))
        label = attrs.evolve(label, text=text, left=round(left, 1))
        level = 0
        while any(
            other.level == level
            and label.left < other.right + _GAP
            and other.left < label.right + _GAP
            for other in placed
        ):
            level += 1
        placed.append(attrs.evolve(label, level=level))
    return placed


def _sdk_lines(text: str) -> list[str]:
    """The SDK releases, wrapped at their separators to fit the left column."""
    room = _LEFT - 30
    lines: list[str] = []
    for item in text.split(" · ") if text else []:
        if lines and _text_width(lines[-1] + " · " + item) <= room:
            lines[-1] += " · " + item
        else:
            lines.append(item)
    return lines


class _Scale:
    def __init__(self, start: dt.date, end: dt.date) -> None:
        self.start, self.end = start, end
        self.span = max(1, _day_number(end) - _day_number(start))

    def x(self, day: dt.date) -> float:
        width = _WIDTH - _LEFT - _RIGHT
        offset = _day_number(day) - _day_number(self.start)
        return round(_LEFT + width * min(max(offset, 0), self.span) / self.span, 1)


def render_timeline_svg(
    matrix: CompatibilityMatrix, on: dt.date | None = None, sdk: str | None = None
) -> str:
    """Draw every version's life as an SVG document.

    Args:
        matrix: The matrix.
        on: Today's date for the "today" line and the statuses (default: today, UTC).
        sdk: Show only this SDK's releases (default: every SDK).

    Returns:
        A standalone SVG document (UTF-8 text), readable in any browser.
    """
    today = on or dt.datetime.now(dt.UTC).date()
    dates = _dates(matrix, today)
    start = dt.date(min(dates).year, 1, 1)
    last = max(dates)
    padded = last + dt.timedelta(days=150) if last < dt.date(9998, 1, 1) else dt.date.max
    end = dt.date(padded.year + 1, 1, 1) if padded.year < dt.MAXYEAR else dt.date.max
    scale = _Scale(start, end)
    versions = matrix.versions  # sorted by version: each row's successor is the next one
    rows = [
        _row(matrix, info, following, scale, today, sdk)
        for info, following in zip(versions, (*versions[1:], None)[: len(versions)], strict=True)
    ]
    height = _TOP + sum(row_height for row_height, _ in rows) + 70
    title = f"{matrix.api_name or 'API'} versions: lifecycle"
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{height}" '
        f'viewBox="0 0 {_WIDTH} {height}" role="img" aria-label={quoteattr(title)}>',
        f"<title>{escape(title)}</title>",
        f"<style>{_STYLE}</style>",
        "<defs>",
        *(
            f'<linearGradient id="fade-{channel.value}" x1="0" x2="1" y1="0" y2="0">'
            f'<stop offset="0" stop-color="{colour}" stop-opacity="0"/>'
            f'<stop offset="1" stop-color="{colour}" stop-opacity="1"/></linearGradient>'
            for channel, colour in _COLOURS.items()
        ),
        "</defs>",
        f'<rect width="{_WIDTH}" height="{height}" fill="#fff"/>',
        f'<text class="title" x="20" y="28">{escape(title)}</text>',
        f'<text class="subtitle" x="20" y="46">today: {today.isoformat()}'
        + (f"; SDK: {escape(sdk)}" if sdk else "")
        + "</text>",
    ]
    out += _axis(scale, height)
    y = _TOP
    for row_height, draw in rows:
        out += draw(y)
        y += row_height
    x_today = scale.x(today)
    out.append(
        f'<line class="today" x1="{x_today}" y1="{_TOP - 14}" x2="{x_today}" '
        f'y2="{height - 50}"><title>today {today.isoformat()}</title></line>'
    )
    anchor = "end" if x_today > _WIDTH - 160 else "start"
    x_label = x_today - 4 if anchor == "end" else x_today + 4
    out.append(
        f'<text class="today-label" x="{x_label}" y="{_TOP - 18}" text-anchor="{anchor}">'
        f"today {today.isoformat()}</text>"
    )
    out += _legend(height)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _axis(scale: _Scale, height: int) -> list[str]:
    out = ['<g class="axis">']
    years = range(scale.start.year, scale.end.year + 1)
    step = max(1, -(-len(years) // 12))
    for year in years[::step]:
        day = dt.date(year, 1, 1)
        if day < scale.start or day > scale.end:
            continue
        x = scale.x(day)
        out.append(f'<line class="grid" x1="{x}" y1="{_TOP - 10}" x2="{x}" y2="{height - 50}"/>')
        out.append(
            f'<text class="tick-label" x="{x}" y="{height - 36}" text-anchor="middle">{year}</text>'
        )
    out.append("</g>")
    return out


def _sdk_text(info: VersionInfo, sdk: str | None) -> str:
    items = info.sdks.items() if sdk is None else [(sdk, info.sdks.get(sdk))]
    return " · ".join(
        f"{name} {format_spec(spec) or 'any'}" for name, spec in items if spec is not None
    )


def _row(
    matrix: CompatibilityMatrix,
    info: VersionInfo,
    following: VersionInfo | None,
    scale: _Scale,
    today: dt.date,
    sdk: str | None,
) -> tuple[int, Callable[[int], list[str]]]:
    """The height of a version's row, and what draws it at a given top."""
    sdk_lines = _sdk_lines(_sdk_text(info, sdk))
    labels = _stagger(_resource_ends(following, scale))
    label_lines = max((label.level + 1 for label in labels), default=0)
    lines = max(len(sdk_lines), label_lines)
    height = max(_ROW, 18 + _LINE * lines + 16)

    def draw(y: int) -> list[str]:
        return _draw_row(matrix, info, y, scale, today, sdk_lines, labels)

    return height, draw


def _draw_row(
    matrix: CompatibilityMatrix,
    info: VersionInfo,
    y: int,
    scale: _Scale,
    today: dt.date,
    sdk_lines: list[str],
    labels: list[_Label],
) -> list[str]:
    status = matrix.status(info.version, on=today)
    colour = _COLOURS[info.channel]
    version = str(info.version)
    out = [
        f'<g class="version" data-version={quoteattr(version)} data-status="{status.value}">',
        f'<text class="version-label" x="20" y="{y + 13}">{escape(version)}</text>',
        f'<text class="status {status.value}" x="{20 + 9 * len(version) + 10}" y="{y + 13}">'
        f"{status.value}</text>",
    ]
    for i, line in enumerate(sdk_lines):
        out.append(f'<text class="sdks" x="20" y="{y + 29 + _LINE * i}">{escape(line)}</text>')
    x_start = scale.x(info.released) if info.released else float(_LEFT)
    x_end = scale.x(info.end_of_life) if info.end_of_life else float(_WIDTH - _RIGHT)
    deprecated = matrix.deprecated_on(info.version)
    x_dep = scale.x(deprecated) if deprecated else x_end
    x_dep = min(max(x_dep, x_start), x_end)
    bar_y = y + 2
    if x_dep > x_start:
        fill = f"url(#fade-{info.channel.value})" if info.released is None else colour
        out.append(
            f'<rect class="life" x="{x_start}" y="{bar_y}" width="{round(x_dep - x_start, 1)}" '
            f'height="{_BAR}" rx="3" fill="{fill}"><title>{escape(version)}: '
            f"{info.channel.value}</title></rect>"
        )
    if x_end > x_dep:
        out.append(
            f'<rect class="life deprecated-span" x="{x_dep}" y="{bar_y}" '
            f'width="{round(x_end - x_dep, 1)}" height="{_BAR}" rx="3" fill="{_DEPRECATED}">'
            f"<title>{escape(version)}: deprecated</title></rect>"
        )
    mid = bar_y + _BAR / 2
    if info.released is not None:
        out.append(
            f'<circle class="released" cx="{x_start}" cy="{mid}" r="5">'
            f"<title>released {info.released.isoformat()}</title></circle>"
        )
    if deprecated is not None:
        out.append(
            f'<path class="deprecated" d="M {x_dep} {bar_y - 6} l 6 -8 h -12 z">'
            f"<title>deprecated {deprecated.isoformat()}</title></path>"
        )
    if info.end_of_life is not None:
        estimated = " estimated" if info.end_of_life_estimated else ""
        out.append(
            f'<line class="end-of-life{estimated}" x1="{x_end}" y1="{bar_y - 4}" x2="{x_end}" '
            f'y2="{bar_y + _BAR + 4}"><title>end of life {info.end_of_life.isoformat()}'
            f"{' (estimated)' if estimated else ''}</title></line>"
        )
    for label in labels:
        text_y = y + 31 + _LINE * label.level
        out.append(
            f'<path class="resource-end" d="M {label.x} {mid - 7} l 7 7 l -7 7 l -7 -7 z">'
            f"<title>{escape(label.note)}</title></path>"
        )
        out.append(
            f'<line class="resource-end-leader" x1="{label.x}" y1="{mid + 7}" '
            f'x2="{label.x}" y2="{text_y - 9}"/>'
        )
        out.append(
            f'<text class="resource-end-label" x="{label.left}" y="{text_y}">'
            f"{escape(label.text)}<title>{escape(label.note)}</title></text>"
        )
    out.append("</g>")
    return out


def _resource_ends(following: VersionInfo | None, scale: _Scale) -> list[_Label]:
    """The markers on a row where the next version (``following``) ends one of its resources."""
    if following is None:
        return []
    labels = []
    for change in following.changes:
        end = change.predecessor_end_of_life
        if end is None:
            continue
        what = ", ".join(change.resources)
        when = end.isoformat() + (" (estimated)" if change.estimated else "")
        note = f"{what} ends {when}"
        if change.summary:
            note += f": {change.summary}"
        more = len(change.resources) - 1
        text = change.resources[0] + (f" and {more} more" if more else "") + f" ends {when}"
        labels.append(_Label(scale.x(end), text, note))
    return labels


def _legend(height: int) -> list[str]:
    y = height - 18
    items = [
        ("rect", _COLOURS[Channel.STABLE], "stable"),
        ("rect", _COLOURS[Channel.BETA], "beta / preview"),
        ("rect", _COLOURS[Channel.UNSTABLE], "unstable"),
        ("rect", _DEPRECATED, "deprecated"),
        ("line", _ENDED, "end of life"),
        ("diamond", _ENDED, "a resource ends"),
    ]
    out = ['<g class="legend">']
    x = 20
    for shape, colour, label in items:
        if shape == "rect":
            out.append(f'<rect x="{x}" y="{y - 9}" width="14" height="10" fill="{colour}"/>')
        elif shape == "line":
            out.append(
                f'<line x1="{x + 7}" y1="{y - 11}" x2="{x + 7}" y2="{y + 2}" '
                f'stroke="{colour}" stroke-width="3"/>'
            )
        else:
            out.append(
                f'<path class="resource-end" d="M {x + 7} {y - 11} l 6 6 l -6 6 l -6 -6 z"/>'
            )
        out.append(f'<text x="{x + 20}" y="{y}">{label}</text>')
        x += 30 + 7 * len(label)
    out.append("</g>")
    return out
