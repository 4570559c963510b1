import io
import logging
from pathlib import Path
from urllib.parse import urljoin

import pypdf
import pytest
from django.conf import settings
from django.template import Context, Template
from django.templatetags.static import static

from reports.rendering import DOCUMENT_BASE_URL, RefusedURL, StaticOnlyURLFetcher, render_pdf

PAGE_NUMBERS = (
    "<style>@page { size: A4; @bottom-right { content: 'Sida ' counter(page) ' av ' counter(pages); } }</style>"
)


def _html(title="Genomgång", text="Hej", head="", body=""):
    """A document made like the app's: data goes through an autoescaping template; head and
    body are trusted markup of the test itself."""
    template = Template(
        '<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>{{ title }}</title>'
        f"{PAGE_NUMBERS}{head}</head><body><h1>{{{{ title }}}}</h1><p>{{{{ text }}}}</p>{body}</body></html>"
    )
    return template.render(Context({"title": title, "text": text}))


def _reader(pdf):
    return pypdf.PdfReader(io.BytesIO(pdf))


def _static_url(name):
    return urljoin(DOCUMENT_BASE_URL, static(name))


def test_it_renders_a_tagged_pdf_with_title_and_language():
    pdf = render_pdf(_html(), title="Genomgång för insats 7", lang="sv")
    assert pdf.startswith(b"%PDF-1.7")
    reader = _reader(pdf)
    assert reader.metadata.title == "Genomgång för insats 7"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "sv"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    text = reader.pages[0].extract_text()
    assert "Hej" in text
    assert "Sida 1 av 1" in text


def test_the_metadata_follow_the_arguments_not_the_document():
    pdf = render_pdf(_html(title="Annat"), title="Briefing sheet", lang="en")
    reader = _reader(pdf)
    assert reader.metadata.title == "Briefing sheet"
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_html_in_the_data_is_printed_as_text():
    pdf = render_pdf(_html(text="<b>Fet</b> & <script>x()</script>"), title="t")
    text = _reader(pdf).pages[0].extract_text()
    assert "<b>Fet</b> & <script>x()</script>" in text


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1/",
        "https://example.com/logo.png",
        "ftp://127.0.0.1/x",
        "https://los.invalid/static/../../etc/passwd",
        "https://los.invalid/static/css/..%2F..%2F..%2Fmanage.py",
        "https://los.invalid/static/%2e%2e/manage.py",
        "https://los.invalid/static/",
        "https://los.invalid/static/css/no-such-file.css",
        "https://los.invalid/manage.py",
        "https://los.invalid.example.com/static/css/los.css",
        "/static/css/los.css",
    ],
)
def test_the_fetcher_refuses_everything_but_static_files_and_data(url):
    with pytest.raises(RefusedURL):
        StaticOnlyURLFetcher().fetch(url)


def test_the_fetcher_serves_a_static_file_of_the_app():
    response = StaticOnlyURLFetcher().fetch(_static_url("css/los.css"))
    assert response.content_type == "text/css"
    assert response.read() == (Path(settings.BASE_DIR) / "static" / "css" / "los.css").read_bytes()


def test_the_fetcher_serves_a_data_url():
    response = StaticOnlyURLFetcher().fetch("data:text/plain;base64,aGVqIGTDpA==")
    assert response.read() == "hej dä".encode()


def test_a_symbolic_link_out_of_the_static_folder_is_refused(settings, tmp_path):
    static_dir = tmp_path / "static"
    static_dir.mkdir()
    (static_dir / "ok.css").write_text("p { color: red }")
    (static_dir / "secret.css").symlink_to("/etc/passwd")
    settings.STATICFILES_DIRS = [static_dir]
    settings.STATIC_ROOT = str(tmp_path / "collected")
    fetcher = StaticOnlyURLFetcher()
    assert fetcher.fetch(_static_url("ok.css")).read() == b"p { color: red }"
    with pytest.raises(RefusedURL):
        fetcher.fetch(_static_url("secret.css"))


def test_a_refused_resource_is_left_out_and_the_pdf_still_renders(caplog):
    head = f'<link rel="stylesheet" href="file:///etc/passwd"><link rel="stylesheet" href="{static("css/los.css")}">'
    body = '<img src="http://127.0.0.1:9/x.png" alt="x"><img src="file:///etc/hostname" alt="y">'
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = render_pdf(_html(head=head, body=body), title="t")
    assert pdf.startswith(b"%PDF")
    refused = [r.getMessage() for r in caplog.records if "RefusedURL" in r.getMessage()]
    assert len(refused) == 3
    assert not any("los.css" in message for message in refused)
