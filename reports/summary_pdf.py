"""The half-year summary as a PDF: always Swedish, A4, tagged, from the published figures only.

Every number printed comes from a `Shown` (so a hidden count reads "färre än 3" here exactly
as in the CSV and on the dashboard), the narrative is escaped text, and the only way out to
WeasyPrint is `reports.rendering.render_pdf` with its static-only URL fetcher.
"""

import dataclasses

from django.template.loader import render_to_string
from django.utils.translation import override

from .charts import findings_by_agency_chart, money_by_kind_chart
from .definitions import DEFINITIONS, KEY_FIGURE_LABELS
from .models import JobStage
from .periods import period_title
from .publication import Shown
from .rendering import render_pdf

LANGUAGE = "sv"

# Where the progress bar stands when each stage starts; counting comes before, saving after.
DRAWING_PERCENT = 40
RENDERING_PERCENT = 50

EMPACT = "empact"


@dataclasses.dataclass(frozen=True)
class KeyFigureLine:
    name: str
    label: str
    current: str
    previous: str
    change: str


@dataclasses.dataclass(frozen=True)
class AgencyTableLine:
    label: str
    operations: str
    visits: str
    findings: str


@dataclasses.dataclass(frozen=True)
class OperationTableLine:
    start: object
    end: object
    kind: str
    empact: bool
    visits: str
    agencies: str


def _count(value):
    """An always-shown count (operations and visits, the agencies' own work) formatted as a published one."""
    return Shown(value=value).text


def _percent(percent):
    if percent is None:
        return "–"
    if percent == 0:
        return "±0\xa0%"
    # A real minus sign, as Swedish typesetting has it, and no line break before the per cent sign.
    return f"{percent:+d}\xa0%".replace("-", "−")


def _key_figures(published):
    changes = {change.name: change for change in published.changes}
    lines = []
    for name, label in KEY_FIGURE_LABELS.items():
        shown = published.key.get(name)
        if shown is None:
            continue
        change = changes.get(name)
        has_previous = change is not None and change.previous is not None
        lines.append(
            KeyFigureLine(
                name=name,
                label=str(label),
                current=shown.text,
                previous=change.previous.text if has_previous else "",
                change=_percent(change.percent) if has_previous else "",
            )
        )
    return lines


def _agency_lines(published):
    return [
        AgencyTableLine(
            label=line.label,
            operations=_count(line.operations),
            visits=_count(line.visits),
            findings=line.findings.text,
        )
        for line in published.agencies
    ]


def _operation_line(line):
    return OperationTableLine(
        start=line.start,
        end=line.end,
        kind=line.kind_label,
        empact=line.kind == EMPACT,
        visits=_count(line.visits),
        agencies=_count(line.agencies),
    )


def _context(*, published, narrative, draft, title, charts):
    key_figures = _key_figures(published)
    return {
        "language": LANGUAGE,
        "title": title,
        "draft": draft,
        "published": published,
        "period": period_title(published.period_start, published.period_end),
        "key_figures": key_figures,
        "with_previous": any(line.previous for line in key_figures),
        "agency_lines": _agency_lines(published),
        "operations": [_operation_line(line) for line in published.operations],
        "charts": charts,
        "narrative": narrative,
        "definitions": DEFINITIONS,
        "hidden_count": published.hidden_count,
    }


def summary_pdf_html(*, published, narrative, draft, title):
    """The standalone HTML document of the summary PDF, in Swedish, charts drawn in."""
    with override(LANGUAGE):
        charts = (findings_by_agency_chart(published), money_by_kind_chart(published))
        context = _context(published=published, narrative=narrative, draft=draft, title=title, charts=charts)
        return render_to_string("reports/summary_pdf.html", context)


def render_summary_pdf(*, published, narrative, draft, title, progress=None):
    """The summary PDF as bytes; `progress(stage, percent)` hears when drawing and typesetting start."""
    if progress is not None:
        progress(JobStage.DRAWING, DRAWING_PERCENT)
    html = summary_pdf_html(published=published, narrative=narrative, draft=draft, title=title)
    if progress is not None:
        progress(JobStage.RENDERING, RENDERING_PERCENT)
    with override(LANGUAGE):
        return render_pdf(html, title=str(title), lang=LANGUAGE)
