"""Bar charts as SVG drawn on the server, so the dashboard page and the PDF show the same picture.

No JavaScript, no inline styles (a strict CSP is coming) and no outside fonts: colours and
fonts are SVG presentation attributes. The width is fixed in the viewBox so the chart scales
to the page or the phone; the height follows the number of rows. A hidden value draws no bar,
only its text ("färre än 3", "dold"), so the picture gives away no more than the tables.
"""

import dataclasses
import hashlib
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

# The drawing's own units; the page scales them.
WIDTH = 640
ROW_HEIGHT = 28
BAR_HEIGHT = 18
TITLE_HEIGHT = 34
BOTTOM_MARGIN = 8
GAP = 8
FONT_SIZE = 12
# DejaVu Sans averages a little over half the font size per character; a generous guess
# keeps long labels inside their column.
CHARACTER_WIDTH = 0.62 * FONT_SIZE
MIN_LABEL_WIDTH = 80
MAX_LABEL_WIDTH = 250
# The bars get at least this much however long the labels and values are.
MIN_BAR_AREA = 200

FONT_FAMILY = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
# Near-black text on white: 16:1; the grey of a hidden value: 8.6:1 (WCAG asks 4.5:1).
TEXT_COLOUR = "#1a1a1a"
HIDDEN_COLOUR = "#4a4a4a"
COUNT_BAR_COLOUR = "#1d4f91"
MONEY_BAR_COLOUR = "#2e6b30"
AXIS_COLOUR = "#6b6b6b"


def _text_width(text):
    return len(text) * CHARACTER_WIDTH


def _shorten(label, width):
    """The label cut with an ellipsis where it would overrun its column (the full one is in the
    description and in the tables beside the chart)."""
    fits = max(int(width / CHARACTER_WIDTH), 4)
    return label if len(label) <= fits else label[: fits - 1].rstrip() + "…"


def _magnitude(shown):
    if shown.is_hidden or shown.value is None:
        return None
    return max(float(Decimal(shown.value)), 0.0)


def _chart_id(title, labels, texts):
    # Stable for the same chart (a PDF is reproducible), distinct for two charts on one page.
    digest = hashlib.sha256(repr((title, labels, texts)).encode()).hexdigest()
    return f"chart-{digest[:10]}"


@dataclasses.dataclass(frozen=True)
class _Layout:
    """Where things go, computed from the labels and values so nothing overlaps."""

    label_width: float
    bar_x: float
    bar_area: float
    largest: float
    height: float

    @classmethod
    def of(cls, labels, texts, magnitudes):
        longest_label = max((_text_width(label) for label in labels), default=0) + GAP
        label_width = min(max(longest_label, MIN_LABEL_WIDTH), MAX_LABEL_WIDTH)
        value_width = max((_text_width(text) for text in texts), default=0) + GAP
        return cls(
            label_width=label_width,
            bar_x=label_width + GAP / 2,
            bar_area=max(WIDTH - label_width - value_width - GAP, MIN_BAR_AREA),
            largest=max((m for m in magnitudes if m), default=0.0),
            height=TITLE_HEIGHT + max(len(labels), 1) * ROW_HEIGHT + BOTTOM_MARGIN,
        )


def _row(index, label, text, magnitude, layout, bar_colour):
    top = TITLE_HEIGHT + index * ROW_HEIGHT
    baseline = top + ROW_HEIGHT / 2 + FONT_SIZE * 0.35
    parts = [
        f'<text x="{layout.label_width - GAP / 2:.1f}" y="{baseline:.1f}" text-anchor="end">'
        f"{escape(_shorten(label, layout.label_width - GAP))}</text>"
    ]
    if magnitude is None:
        # Hidden: no bar, whose length would tell what the text hides.
        parts.append(
            f'<text x="{layout.bar_x:.1f}" y="{baseline:.1f}" fill="{HIDDEN_COLOUR}" font-style="italic">'
            f"{escape(text)}</text>"
        )
        return parts
    length = layout.bar_area * magnitude / layout.largest if layout.largest else 0.0
    if length > 0:
        parts.append(
            f'<rect class="chart__bar" x="{layout.bar_x:.1f}" y="{top + (ROW_HEIGHT - BAR_HEIGHT) / 2:.1f}" '
            f'width="{length:.1f}" height="{BAR_HEIGHT}" fill="{bar_colour}"/>'
        )
    parts.append(f'<text x="{layout.bar_x + length + GAP / 2:.1f}" y="{baseline:.1f}">{escape(text)}</text>')
    return parts


def bar_chart(rows, *, title, money=False):
    """A horizontal bar chart of (label, Shown) rows as inline SVG: role="img", titled, described."""
    labels = [str(label) for label, _shown in rows]
    texts = [str(shown.text) for _label, shown in rows]
    magnitudes = [_magnitude(shown) for _label, shown in rows]
    title = str(title)
    layout = _Layout.of(labels, texts, magnitudes)
    chart_id = _chart_id(title, labels, texts)
    # Screen readers read the title and this description, not the drawing's loose words.
    description = "; ".join(f"{label}: {text}" for label, text in zip(labels, texts, strict=True))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {layout.height:g}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="{FONT_FAMILY}" font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description or _("No figures to show."))}</desc>',
        f'<text x="0" y="{FONT_SIZE + 6}" font-size="{FONT_SIZE + 2}" font-weight="bold">{escape(title)}</text>',
    ]
    bar_colour = MONEY_BAR_COLOUR if money else COUNT_BAR_COLOUR
    for index, (label, text, magnitude) in enumerate(zip(labels, texts, magnitudes, strict=True)):
        parts.extend(_row(index, label, text, magnitude, layout, bar_colour))
    if not rows:
        parts.append(
            f'<text x="0" y="{TITLE_HEIGHT + ROW_HEIGHT / 2:.1f}" fill="{HIDDEN_COLOUR}">'
            f"{escape(_('No figures to show.'))}</text>"
        )
    axis_bottom = TITLE_HEIGHT + max(len(rows), 1) * ROW_HEIGHT
    parts.append(
        f'<line x1="{layout.bar_x:.1f}" y1="{TITLE_HEIGHT}" x2="{layout.bar_x:.1f}" y2="{axis_bottom}" '
        f'stroke="{AXIS_COLOUR}" stroke-width="1"/></svg>'
    )
    # Every piece of text above went through escape(); the markup is our own.
    return mark_safe("".join(parts))  # noqa: S308


def findings_by_agency_chart(published):
    """Findings of the period per agency, from the published (suppressed) figures."""
    return bar_chart([(agency.label, agency.total) for agency in published.findings], title=_("Findings by agency"))


def money_by_kind_chart(published):
    """Money per ledger kind over all agencies, from the published (suppressed) figures."""
    return bar_chart([(kind.label, kind.total) for kind in published.money], title=_("Money by kind"), money=True)
