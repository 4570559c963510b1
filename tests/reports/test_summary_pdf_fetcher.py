"""The issue's URL-fetcher probes, end to end: a summary PDF reads no file outside the app's static
folders, opens no connection, and embeds nothing, whether the probe hides in the narrative or sits
in the document itself. (tests/reports/test_rendering.py tests the fetcher URL by URL.)"""

import builtins
import contextlib
import io
import os
import pathlib
import socket
from pathlib import Path

import pypdf
import pytest
from django.conf import settings
from django.templatetags.static import static

from reports import rendering
from reports.rendering import render_pdf
from reports.summary_pdf import summary_pdf_html
from tests.reports.test_summary_pdf import TITLE, standard_published

PROBES = (
    '<img src="file:///etc/passwd" alt="">',
    '<link rel="stylesheet" href="http://127.0.0.1:6379/">',
    '<img src="http://169.254.169.254/latest/meta-data/" alt="">',
    '<a rel="attachment" href="file:///etc/hostname">bilaga</a>',
    '<link rel="attachment" href="file:///etc/hostname">',
    '<link rel="attachment" href="http://169.254.169.254/latest/meta-data/">',
    '<svg width="10" height="10"><image href="file:///etc/passwd" width="10" height="10"/></svg>',
    "<style>@import url(http://127.0.0.1:6379/); "
    "@font-face { font-family: x; src: url(file:///etc/passwd) } p { background: url(file:///etc/hostname) }</style>",
)
PROBE_MARKUP = "".join(PROBES)
PROBE_URLS = {
    "file:///etc/passwd",
    "file:///etc/hostname",
    "http://127.0.0.1:6379/",
    "http://169.254.169.254/latest/meta-data/",
}
# What a PDF would carry if a probe got in: embedded files, file attachments, actions that start programs.
FORBIDDEN_NAMES = {"/EmbeddedFiles", "/EF", "/FileAttachment", "/Launch"}


class Spies:
    """What the renderer asked for, what it was served, what it read and where it tried to connect."""

    def __init__(self):
        self.asked, self.served, self.reads, self.connections = [], [], [], []

    def reads_outside(self, roots):
        return [path for path in self.reads if not any(path.is_relative_to(root) for root in roots)]


@contextlib.contextmanager
def watching():
    """Spies on the renderer while the block runs: network refused, reads and fetches recorded."""
    record = Spies()
    fetch = rendering.StaticOnlyURLFetcher.fetch
    read_bytes = pathlib.Path.read_bytes

    def spy_fetch(self, url, headers=None):
        record.asked.append(url)
        response = fetch(self, url, headers)
        record.served.append(url)
        return response

    def refuse_connection(*args, **kwargs):
        record.connections.append(args)
        raise OSError("The tests allow no network.")

    def spy_open(real):
        def opened(file, *args, **kwargs):
            if not isinstance(file, int):
                record.reads.append(Path(os.path.realpath(file)))
            return real(file, *args, **kwargs)

        return opened

    def spy_read_bytes(path):
        record.reads.append(Path(os.path.realpath(path)))
        return read_bytes(path)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rendering.StaticOnlyURLFetcher, "fetch", spy_fetch)
        patch.setattr(socket.socket, "connect", refuse_connection)
        patch.setattr(socket, "create_connection", refuse_connection)
        patch.setattr(builtins, "open", spy_open(builtins.open))
        patch.setattr(io, "open", spy_open(io.open))
        patch.setattr(pathlib.Path, "read_bytes", spy_read_bytes)
        yield record


def _static_roots():
    roots = [Path(os.path.realpath(entry)) for entry in settings.STATICFILES_DIRS]
    return [*roots, Path(os.path.realpath(settings.STATIC_ROOT))]


def _names(pdf):
    """Every dictionary key and name in the PDF's object graph: object streams hide them from a byte search."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    names, seen, stack = set(), set(), [reader.trailer]
    while stack:
        item = stack.pop()
        if isinstance(item, pypdf.generic.IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            item = item.get_object()
        if isinstance(item, dict):
            names.update(str(key) for key in item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, pypdf.generic.NameObject):
            names.add(str(item))
    return names


def _text(pdf):
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def _raw_document(body):
    return (
        '<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Sonderingar</title></head>'
        f"<body><p>Hej</p>{body}</body></html>"
    )


def _summary_html(narrative=""):
    return summary_pdf_html(published=standard_published(), narrative=narrative, draft=False, title=TITLE)


def _assert_nothing_got_out(pdf, spies):
    assert pdf.startswith(b"%PDF")
    assert spies.served == []
    assert spies.connections == []
    assert spies.reads_outside(_static_roots()) == []
    assert not FORBIDDEN_NAMES & _names(pdf)
    assert b"/EmbeddedFiles" not in pdf
    assert b"/Launch" not in pdf
    assert "root:x:0" not in _text(pdf)


def test_probes_in_the_narrative_are_printed_as_text_and_fetch_nothing():
    html = _summary_html(narrative=f"Våren i korthet.\n\n{PROBE_MARKUP}")
    with watching() as spies:
        pdf = render_pdf(html, title=TITLE)
    _assert_nothing_got_out(pdf, spies)
    # Escaped, the probes are words on the page, not elements: the fetcher was never even asked.
    assert spies.asked == []
    assert "169.254.169.254/latest/meta-data/" in _text(pdf)


def test_probes_in_the_summary_document_itself_are_refused():
    # As if a template let markup through: the fetcher is the last line and must hold on its own.
    html = _summary_html().replace("</body>", f"{PROBE_MARKUP}</body>")
    with watching() as spies:
        pdf = render_pdf(html, title=TITLE)
    _assert_nothing_got_out(pdf, spies)
    assert set(spies.asked) >= PROBE_URLS


@pytest.mark.parametrize("probe", PROBES)
def test_each_probe_in_a_raw_document_is_refused(probe):
    with watching() as spies:
        pdf = render_pdf(_raw_document(body=probe), title="Sonderingar")
    _assert_nothing_got_out(pdf, spies)
    assert spies.asked
    assert set(spies.asked) <= PROBE_URLS


def test_the_spies_see_a_static_file_that_is_served_and_embedded():
    # The control: the same spies and checks do notice when a file is read and attached.
    stylesheet = static("css/los.css")
    with watching() as spies:
        pdf = render_pdf(_raw_document(body=f'<link rel="attachment" href="{stylesheet}">'), title="Kontroll")
    assert spies.served == [rendering.DOCUMENT_BASE_URL.rstrip("/") + stylesheet]
    assert Path(os.path.realpath(Path(settings.BASE_DIR) / "static" / "css" / "los.css")) in spies.reads
    assert spies.reads_outside(_static_roots()) == []
    assert "/EmbeddedFiles" in _names(pdf)
