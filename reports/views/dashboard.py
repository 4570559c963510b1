"""The running figures of a half-year, for coordinators and press officers: the same aggregation,
charts and definitions as the PDF, so nobody has to produce a PDF to know where things stand.

A press officer, who speaks to the public, sees only what may be published; a coordinator sees
exact figures (`permissions.sees_unsuppressed_figures` decides). Both are rendered from a
`PublishedFigures`, so one template serves both and cannot show an exact value by mistake.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from agencies import permissions

from ..aggregation import summary_figures
from ..charts import findings_by_agency_chart, money_by_kind_chart
from ..definitions import DEFINITIONS, KEY_FIGURE_LABELS
from ..forms_exports import DashboardForm
from ..periods import half_year, half_year_of, period_title
from ..publication import exact_figures, publish_figures


def _figures_collaborations(user):
    """The collaborations whose figures the user may see, from the memberships already loaded."""
    ids = permissions.figures_collaboration_ids(user)
    memberships = permissions.active_memberships(user)
    return list({m.collaboration_id: m.collaboration for m in memberships if m.collaboration_id in ids}.values())


def _key_figures(published):
    """Label, value and change from a year before ("+12", "−5", or None) of each key figure."""
    changes = {change.name: change.percent for change in published.changes}
    figures = []
    for name, shown in published.key.items():
        percent = changes.get(name)
        change = None if percent is None else f"{percent:+d}".replace("-", "\u2212")
        figures.append({"label": KEY_FIGURE_LABELS.get(name, name), "shown": shown, "change": change})
    return figures


@login_required
@require_GET
@never_cache
def dashboard(request):
    collaborations = _figures_collaborations(request.user)
    if not collaborations:
        raise Http404
    today = timezone.localdate()
    form = DashboardForm(request.GET, collaborations=collaborations, today=today)
    context = {"form": form, "definitions": DEFINITIONS}
    if not form.is_valid():
        return render(request, "reports/dashboard.html", context, status=400)
    collaboration, year, half = form.chosen()
    start, end = half_year(year, half)
    figures = summary_figures(collaboration, start, end)
    exact = permissions.sees_unsuppressed_figures(request.user, collaboration.pk)
    published = exact_figures(figures) if exact else publish_figures(figures, collaboration.suppression_threshold)
    context.update(
        {
            "collaboration": collaboration,
            "period": period_title(start, end),
            "so_far": half_year_of(today) == (year, half),
            "exact": exact,
            "threshold": collaboration.suppression_threshold,
            "published": published,
            "key_figures": _key_figures(published),
            "findings_chart": findings_by_agency_chart(published),
            "money_chart": money_by_kind_chart(published),
        }
    )
    return render(request, "reports/dashboard.html", context)
