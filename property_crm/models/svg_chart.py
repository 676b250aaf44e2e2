"""Charts of the printed forms as inline SVG, built on the server.

wkhtmltopdf prints SVG as vectors and runs no chart library: the PDF of ZC-QR-029
draws its 12-month trend from this string, without JavaScript.
"""

from markupsafe import Markup, escape


def bar_chart_svg(items, width=680, height=170, label_every=1):
    """Vertical bars: ``items`` is a list of ``(label, value, part)`` where ``part``
    (<= value) is drawn darker inside the bar (e.g. the major complaints of the
    month); the value is written above each bar."""
    left, right, top, bottom = 28, 8, 16, 22
    plot_w = width - left - right
    plot_h = height - top - bottom
    peak = max([value for _label, value, _part in items] + [1])
    slot = plot_w / max(len(items), 1)
    bar_w = slot * 0.6
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="o_pcrm_chart" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="sans-serif" font-size="10">',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" '
        f'y2="{top + plot_h}" stroke="#000" stroke-width="0.8"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" '
        f'stroke="#000" stroke-width="0.8"/>',
        f'<text x="{left - 4}" y="{top + 4}" text-anchor="end">{peak}</text>',
        f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end">0</text>',
    ]
    for index, (label, value, part) in enumerate(items):
        x = left + index * slot + (slot - bar_w) / 2
        bar_h = plot_h * value / peak
        part_h = plot_h * min(part or 0, value) / peak
        y = top + plot_h - bar_h
        parts.append(
            f'<rect class="o_pcrm_bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
            f'height="{bar_h:.1f}" fill="#9bb7d4" stroke="#35618f" stroke-width="0.6"/>'
        )
        if part_h:
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - part_h:.1f}" '
                f'width="{bar_w:.1f}" height="{part_h:.1f}" fill="#35618f"/>'
            )
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{y - 3:.1f}" '
            f'text-anchor="middle">{value}</text>'
        )
        if index % label_every == 0:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{height - 8}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    parts.append("</svg>")
    # every text placed above went through escape() or is a number
    return Markup("".join(parts))  # noqa: S704
