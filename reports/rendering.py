"""HTML to PDF: the one place that imports WeasyPrint.

A PDF is rendered on the server from data the reader may see, so the renderer must not
become a way to read other files or to reach other servers: the URL fetcher serves only the
app's own static files and data: URLs, and refuses everything else. A refused resource is
left out (WeasyPrint logs it as missing) and the PDF still renders.
"""

import mimetypes
import os
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Root-relative URLs ("/static/css/los.css", what {% static %} writes) need a base to resolve
# against. The reserved .invalid name never resolves, so nothing under it can be fetched
# from a network even by mistake; the fetcher maps it to files on disk.
DOCUMENT_BASE_URL = "https://los.invalid/"

# Tagged PDF for screen readers, with title and language in the metadata.
PDF_VARIANT = "pdf/ua-1"


class RefusedURL(ValueError):
    """A resource the PDF may not load. WeasyPrint treats it as missing, not as fatal."""


def _static_prefix():
    # An absolute STATIC_URL (a CDN) is kept as it is; a relative one hangs off the base.
    return urljoin(DOCUMENT_BASE_URL, settings.STATIC_URL)


def _static_roots():
    """The folders static files may come from: the project's static dirs and the collected root."""
    roots = []
    for entry in settings.STATICFILES_DIRS:
        roots.append(entry[1] if isinstance(entry, (tuple, list)) else entry)
    if getattr(settings, "STATIC_ROOT", None):
        roots.append(settings.STATIC_ROOT)
    return [Path(os.path.realpath(root)) for root in roots]


def _inside(path, roots):
    return any(path == root or root in path.parents for root in roots)


def static_file_path(url):
    """The file on disk for a static URL of this app, or RefusedURL."""
    prefix = _static_prefix()
    if not url.startswith(prefix):
        raise RefusedURL(f"Not one of the app's static files: {url}")
    name = unquote(urlsplit(url[len(prefix) :]).path)
    parts = name.split("/")
    if not name or "\\" in name or "\x00" in name or ".." in parts or name.startswith("/"):
        raise RefusedURL(f"Not a static file name: {url}")
    # finders find the source files; a manifest storage's hashed names exist only in STATIC_ROOT.
    found = finders.find(name)
    if not found and getattr(settings, "STATIC_ROOT", None):
        found = os.path.join(settings.STATIC_ROOT, name)
    if not found:
        raise RefusedURL(f"No such static file: {url}")
    path = Path(os.path.realpath(found))
    # realpath follows symbolic links: a link inside the static folder to /etc is refused here.
    if not _inside(path, _static_roots()) or not path.is_file():
        raise RefusedURL(f"Not a static file of the app: {url}")
    return path


class StaticOnlyURLFetcher(URLFetcher):
    """Serves the app's static files and data: URLs; refuses file:, http(s):, ftp: and the rest."""

    def __init__(self):
        super().__init__(allowed_protocols={"data"}, allow_redirects=False, fail_on_errors=False)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = static_file_path(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type == "image/svg+xml":
            content_type += "; charset=utf-8"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})


def render_pdf(html, *, title, lang="sv"):
    """The PDF of a standalone HTML document, as bytes: A4 layout comes from the document's
    own print CSS; tagged (PDF/UA-1) with `title` and `lang` in its metadata."""
    document = HTML(string=html, base_url=DOCUMENT_BASE_URL, url_fetcher=StaticOnlyURLFetcher()).render(
        pdf_variant=PDF_VARIANT
    )
    # Set here rather than trusting <title> and <html lang>: the metadata must be right even
    # when a template forgets them.
    document.metadata.title = title
    document.metadata.lang = lang
    return document.write_pdf(pdf_variant=PDF_VARIANT)
