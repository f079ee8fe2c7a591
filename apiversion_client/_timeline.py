"""A picture of each version's life: plain SVG, written without extra dependencies.

One row per version, oldest at the top: a bar from its release to its end of
life (coloured by channel while current, amber once deprecated), markers for
released / deprecated / end of life (dashed when estimated), diamonds where a
later version ends one of its resources, the SDK releases that support it, and
a vertical line for today.  A version whose release date is unknown starts at
the left edge with a fade; one without an end of life runs to the right edge.
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape, quoteattr

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
.released { fill: #fff; stroke: #212121; stroke-width: 1.5; }
.deprecated { fill: #f9a825; stroke: #6d4c00; stroke-width: 1; }
.resource-end { fill: #fff; stroke: #c62828; stroke-width: 1.5; }
"""


def _day_number(day: dt.date) -> int:
    return day.toordinal()


def _dates(matrix: CompatibilityMatrix, today: dt.date) -> list[dt.date]:
    found = [today]
    for info in matrix.versions:
        found += [d for d in (info.released, info.deprecated, info.end_of_life) if d is not None]
        found += [c.predecessor_end_of_life for c in info.changes if c.predecessor_end_of_life]
    return found


def _deprecated_from(matrix: CompatibilityMatrix, info: VersionInfo) -> dt.date | None:
    if info.deprecated is not None:
        return info.deprecated
    if matrix.policy.stable_support_months is not None and info.successor is not None:
        successor = matrix.get(info.successor)
        return successor.released if successor is not None else None
    return None


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
    padded = last + dt.timedelta(days=150)
    end = dt.date(padded.year + 1, 1, 1)
    scale = _Scale(start, end)
    height = _TOP + _ROW * len(matrix.versions) + 70
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
    for row, info in enumerate(matrix.versions):
        out += _row(matrix, info, row, scale, today, sdk)
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
    step = 1 if len(years) <= 12 else 2
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
    row: int,
    scale: _Scale,
    today: dt.date,
    sdk: str | None,
) -> list[str]:
    y = _TOP + row * _ROW
    status = matrix.status(info.version, on=today)
    colour = _COLOURS[info.channel]
    version = str(info.version)
    out = [
        f'<g class="version" data-version={quoteattr(version)} data-status="{status.value}">',
        f'<text class="version-label" x="20" y="{y + 13}">{escape(version)}</text>',
        f'<text class="status {status.value}" x="{20 + 9 * len(version) + 10}" y="{y + 13}">'
        f"{status.value}</text>",
    ]
    sdks = _sdk_text(info, sdk)
    if sdks:
        out.append(f'<text class="sdks" x="20" y="{y + 29}">{escape(sdks)}</text>')
    x_start = scale.x(info.released) if info.released else float(_LEFT)
    x_end = scale.x(info.end_of_life) if info.end_of_life else float(_WIDTH - _RIGHT)
    deprecated = _deprecated_from(matrix, info)
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
    out += _resource_ends(matrix, info, scale, mid)
    out.append("</g>")
    return out


def _resource_ends(
    matrix: CompatibilityMatrix, info: VersionInfo, scale: _Scale, mid: float
) -> list[str]:
    """Diamonds on this row where a later version ends one of its resources."""
    out: list[str] = []
    later = [v for v in matrix.versions if v.version.sort_key > info.version.sort_key]
    following = later[0] if later else None
    if following is None:
        return out
    for change in following.changes:
        end = change.predecessor_end_of_life
        if end is None:
            continue
        x = scale.x(end)
        what = ", ".join(change.resources)
        note = f"{what} ends {end.isoformat()}" + (" (estimated)" if change.estimated else "")
        if change.summary:
            note += f": {change.summary}"
        out.append(
            f'<path class="resource-end" d="M {x} {mid - 7} l 7 7 l -7 7 l -7 -7 z">'
            f"<title>{escape(note)}</title></path>"
        )
    return out


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
