"""The summary PDF: Swedish, A4, numbered "Sida X av Y", every number from the published figures."""

import dataclasses
import io
import re

import pypdf
import pytest
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext, override

from reports.definitions import DEFINITIONS, KEY_FIGURE_LABELS
from reports.models import JobStage
from reports.periods import period_title
from reports.publication import publish_figures
from reports.summary_pdf import render_summary_pdf, summary_pdf_html
from tests.reports.figures_factory import AMV, SPRING_2026, demo_figures

START, END = SPRING_2026
TITLE = "Sammanställning LOS Norrköping, första halvåret 2026"
HOSTILE_NARRATIVE = 'Våren i korthet.\n\n<b>bold</b><script>x</script><img src="file:///etc/passwd">'


def standard_published(previous=True):
    """The demo spring published at threshold 3, with or without the year before."""
    return publish_figures(demo_figures() if previous else demo_figures(previous=None), 3)


def _text(pdf):
    """All pages' text, spaces made plain and runs of whitespace one space, as a reader sees it."""
    pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    return [re.sub(r"\s+", " ", page.replace("\xa0", " ").replace("\u202f", " ")) for page in pages]


def _render(published, *, narrative="", draft=False):
    # Rendered while English is active: the PDF must be Swedish whatever the requester speaks.
    with override("en"):
        return render_summary_pdf(published=published, narrative=narrative, draft=draft, title=TITLE)


@pytest.fixture(scope="module")
def final_pdf():
    return _render(standard_published(), narrative=HOSTILE_NARRATIVE)


@pytest.fixture(scope="module")
def draft_pdf():
    return _render(standard_published(), draft=True)


def test_it_states_the_key_figures_of_the_spring(final_pdf):
    text = " ".join(_text(final_pdf))
    assert "Felaktigt utbetalt 1 500 000 kr" in text
    assert "Stoppad utbetalning 1 460 000 kr" in text
    assert re.search(r"Genomförda besök 40 30 \+33 %", text)
    assert re.search(r"Besökta lokaler 25 20 \+25 %", text)


def test_it_leaves_out_the_year_before_when_there_was_none():
    text = " ".join(_text(_render(standard_published(previous=False))))
    assert "Genomförda besök 40 Besökta lokaler 25" in text
    assert "+33 %" not in text


def test_every_page_is_numbered_sida_x_av_y(final_pdf):
    pages = _text(final_pdf)
    assert len(pages) > 3
    for number, page in enumerate(pages, start=1):
        assert f"Sida {number} av {len(pages)}" in page


def test_the_cover_names_the_collaboration_and_the_period(final_pdf):
    with override("sv"):
        period = capfirst(period_title(START, END))
    cover = _text(final_pdf)[0]
    assert "LOS Norrköping" in cover
    assert period in cover
    assert "1 januari 2026 – 30 juni 2026" in cover


def test_it_prints_small_counts_as_fewer_than_three(final_pdf):
    text = " ".join(_text(final_pdf))
    # Two kiosks, and Arbetsmiljöverket's two findings.
    assert "Kiosk färre än 3" in text
    assert "Arbetsmiljöverket 2 9 färre än 3" in text
    # The type hidden with them, so that 25 minus the rest does not give the two away.
    assert "Kiosk 2" not in text
    assert "Grossist dold" in text


def test_it_lists_the_operations_with_dates_and_marks_empact(final_pdf):
    text = " ".join(_text(final_pdf))
    assert "5 februari 2026 LOS-insats 7 5" in text
    assert "15 april 2026 EMPACT-aktionsdag 5 6" in text


def test_the_method_note_prints_every_definition_and_the_threshold(final_pdf):
    hidden_count = standard_published().hidden_count
    assert hidden_count > 0
    text = " ".join(_text(final_pdf))
    with override("sv"):
        for entry in DEFINITIONS:
            assert f"{entry.label} {entry.text}" in text
        threshold = gettext(
            "The smallest count published in this summary is %(threshold)s: smaller counts are shown as "
            "“fewer than %(threshold)s”."
        ) % {"threshold": 3}
        hidden = ngettext(
            "%(n)s value is hidden in this summary.", "%(n)s values are hidden in this summary.", hidden_count
        ) % {"n": hidden_count}
    assert f"{threshold} {hidden}" in text


def test_it_carries_title_and_language_in_the_metadata(final_pdf):
    reader = pypdf.PdfReader(io.BytesIO(final_pdf))
    assert reader.metadata.title == TITLE
    assert reader.trailer["/Root"]["/Lang"] == "sv"
    assert "/StructTreeRoot" in reader.trailer["/Root"]


def test_a_draft_says_utkast_on_every_page(draft_pdf):
    pages = _text(draft_pdf)
    assert all("UTKAST" in page for page in pages)


def test_a_final_summary_does_not_say_utkast(final_pdf):
    assert not any("UTKAST" in page for page in _text(final_pdf))


def test_html_in_the_narrative_is_printed_as_text_and_fetches_nothing(monkeypatch):
    asked = []
    monkeypatch.setattr(
        "reports.rendering.StaticOnlyURLFetcher.fetch", lambda self, url, headers=None: asked.append(url)
    )
    pdf = _render(standard_published(), narrative=HOSTILE_NARRATIVE)
    text = " ".join(_text(pdf))
    assert "Våren i korthet." in text
    assert '<b>bold</b><script>x</script><img src="file:///etc/passwd">' in text
    assert asked == []


def test_the_narrative_is_escaped_and_split_into_paragraphs():
    html = summary_pdf_html(published=standard_published(), narrative=HOSTILE_NARRATIVE, draft=False, title=TITLE)
    assert "<p>Våren i korthet.</p>" in html
    assert (
        "<p>&lt;b&gt;bold&lt;/b&gt;&lt;script&gt;x&lt;/script&gt;&lt;img src=&quot;file:///etc/passwd&quot;&gt;</p>"
        in html
    )
    assert "<script>" not in html
    assert "<b>" not in html


def test_the_tables_have_captions_and_scoped_headers():
    html = summary_pdf_html(published=standard_published(), narrative="", draft=False, title=TITLE)
    assert html.count("<table") == html.count("<caption>") >= 9
    assert "<th>" not in html
    assert html.count('scope="col"') >= 20


def test_it_reports_drawing_then_rendering():
    heard = []
    _render_with_progress = render_summary_pdf(
        published=standard_published(), narrative="", draft=False, title=TITLE, progress=lambda *a: heard.append(a)
    )
    assert _render_with_progress.startswith(b"%PDF")
    assert [stage for stage, _percent in heard] == [JobStage.DRAWING, JobStage.RENDERING]
    assert 0 < heard[0][1] < heard[1][1] < 100


def test_a_decrease_is_printed_with_a_minus_sign():
    figures = demo_figures()
    figures = dataclasses.replace(figures, previous=dataclasses.replace(figures.previous, visits=50))
    html = summary_pdf_html(published=publish_figures(figures, 3), narrative="", draft=False, title=TITLE)
    assert '<td class="num">50</td><td class="num">−20\xa0%</td>' in html


def test_the_key_figures_carry_the_labels_of_the_definitions():
    html = summary_pdf_html(published=standard_published(), narrative="", draft=False, title=TITLE)
    with override("sv"):
        labels = [str(label) for label in KEY_FIGURE_LABELS.values()]
    assert [line.split("</th>")[0] for line in html.split('<th scope="row">')[1:10]] == labels


def test_visits_per_agency_are_printed_however_few():
    figures = demo_figures()
    agencies = tuple(dataclasses.replace(line, visits=2) if line.key == AMV else line for line in figures.agencies)
    published = publish_figures(dataclasses.replace(figures, agencies=agencies), 3)
    html = summary_pdf_html(published=published, narrative="", draft=False, title=TITLE)
    assert '<th scope="row">Arbetsmiljöverket</th><td class="num">2</td><td class="num">2</td>' in html
