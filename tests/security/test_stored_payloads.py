"""Payloads saved through the forms are shown as text everywhere: on every page as every role, in
every CSV export (no cell a spreadsheet would run as a formula) and in the summary PDF.
"""

import csv
import dataclasses
import io
import re

import pypdf
from django.utils.translation import override

from los.csv_safe import unguarded_cell
from reports.exports import csv_response, published_figures_rows
from reports.publication import publish_figures
from reports.summary_pdf import render_summary_pdf, summary_pdf_html
from tests.fixtures import *  # noqa: F403
from tests.matrix.route import ROLES
from tests.matrix.world import world_fixture  # noqa: F401 — provides the `world` fixture
from tests.reports.figures_factory import demo_figures

from .crawl import crawl, is_csv, is_html
from .payloads import formula_cells, unescaped_payloads
from .stored import new_numbers, payload, store_payloads

# Who saves first matters for what the later ones are offered: planning, then findings, then the
# tax admin's answer to the summary that asks her agency, before the press officer moves it on.
WRITERS = ["coordinator", "inspector", "other_inspector", "agency_admin", "press_officer", "superuser", "anonymous"]
MARKER_NUMBER = re.compile(r"xss_(\d+)")


def _text(response, body):
    """What a reader sees: the body, or the text of a PDF's pages with the spacing taken out."""
    if response.get("Content-Type", "").startswith("application/pdf"):
        try:
            pages = pypdf.PdfReader(io.BytesIO(body)).pages
            return re.sub(r"\s+", "", "".join(page.extract_text() for page in pages))
        except pypdf.errors.PdfReadError:
            # The world's summaries carry a stand-in file, not a PDF the job made.
            return ""
    return body.decode("utf-8", errors="replace")


def _leaks(url, role, response, text, values):
    if is_html(response):
        return [f"{url} as {role}: {problem}" for problem in unescaped_payloads(text)]
    if is_csv(response):
        return [f"{url} as {role}: {cell}" for cell in formula_cells(text)]
    if "<script>xss_" in text and response.get("X-Content-Type-Options") != "nosniff":
        # Plain text is safe only if no browser may sniff it as HTML.
        return [f"{url} as {role}: markup served as {response.get('Content-Type')} without nosniff"]
    if response.get("Content-Type", "").startswith("application/pdf"):
        # A payload typeset as text shows its <script> tag; markup would have swallowed it.
        return [
            f"{url} as {role}: xss_{n} printed without its tag"
            for n in {int(n) for n in MARKER_NUMBER.findall(text)}
            if f"<script>xss_{n}</script>" in values.get(n, "") and f"<script>xss_{n}</script>" not in text
        ]
    return []


def test_no_saved_payload_is_shown_unescaped_on_any_page_or_in_any_csv(world):
    assert set(WRITERS) == set(ROLES)
    numbers = new_numbers()
    stored = {role: store_payloads(world, role, numbers) for role in WRITERS}
    landed = [url for role in WRITERS for url in stored[role].landed]
    values = {n: value for role in WRITERS for n, value in stored[role].values.items()}
    leaks, errors, seen, seen_in = [], [], set(), set()
    for role in ROLES:
        for url, response, body in crawl(world, role, landed):
            if response.status_code >= 500:
                errors.append(f"{url} as {role}: {response.status_code}")
            text = _text(response, body)
            leaks += _leaks(url, role, response, text, values)
            markers = {int(n) for n in MARKER_NUMBER.findall(text)}
            seen |= markers
            if markers:
                seen_in.add(response.get("Content-Type", "").split(";")[0])
    assert not errors, errors
    assert not leaks, "\n".join(leaks)
    # The crawl saw what was saved (else it would prove nothing): each role that saved anything
    # finds at least one of its markers shown, escaped, somewhere.
    for role in ("coordinator", "inspector", "other_inspector", "press_officer", "agency_admin"):
        shown = {stored[role].placed[n] for n in seen if n in stored[role].placed}
        assert shown, f"nothing {role} saved was shown anywhere; answers: {stored[role].answers}"
    # ... and in every kind of answer the check reads.
    assert {"text/html", "text/csv", "text/plain", "application/pdf"} <= seen_in, seen_in


# --- The summary PDF and CSV, from figures whose every label carries a payload -------------------


def _hostile_figures():
    """The demo spring with a payload in every name and label a summary prints."""
    figures = demo_figures()
    label = iter(range(1000, 2000))

    def relabel(rows, attribute="label"):
        return tuple(dataclasses.replace(row, **{attribute: payload(next(label))}) for row in rows)

    return dataclasses.replace(
        figures,
        collaboration=payload(next(label)),
        operations_by_kind=relabel(figures.operations_by_kind),
        operations=relabel(figures.operations, "kind_label"),
        premises_by_type=relabel(figures.premises_by_type),
        agencies=relabel(figures.agencies),
        findings_by_agency=relabel(figures.findings_by_agency),
        findings_by_category=relabel(figures.findings_by_category),
        actions_by_kind=relabel(figures.actions_by_kind),
        money=tuple(
            dataclasses.replace(cell, kind_label=payload(next(label)), agency_label=payload(next(label)))
            for cell in figures.money
        ),
        money_by_kind=relabel(figures.money_by_kind),
    )


NARRATIVE = payload(1) + "\n\n" + '<a href="javascript:xss_2">x</a> <style>*{display:none}</style>'


def test_the_summary_pdf_prints_payloads_as_text():
    published = publish_figures(_hostile_figures(), 3)
    with override("en"):
        html = summary_pdf_html(published=published, narrative=NARRATIVE, draft=False, title=payload(3))
        pdf = render_summary_pdf(published=published, narrative=NARRATIVE, draft=False, title=payload(3))
    assert not unescaped_payloads(html), unescaped_payloads(html)
    assert "<style>*{display:none}" not in html
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages))
    # The markup is printed, character for character, as the words of the narrative and the labels.
    assert "<script>xss_1</script>" in text
    assert '<ahref="javascript:xss_2">x</a>' in text
    assert "onerror=xss_1000>" in text


def test_the_summary_csv_guards_every_label_that_starts_like_a_formula():
    published = publish_figures(_hostile_figures(), 3)
    with override("en"):
        response = csv_response(published_figures_rows(published), filename="summary.csv")
    text = response.content.decode("utf-8-sig")
    assert not formula_cells(text)
    cells = [cell for row in csv.reader(io.StringIO(text, newline=""), delimiter=";") for cell in row]
    guarded = [cell for cell in cells if cell.startswith("'=xss_")]
    assert len(guarded) > 10, "the payload labels did not reach the CSV"
    assert unguarded_cell(guarded[0]).startswith("=xss_")
