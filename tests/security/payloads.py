"""Hostile values that carry a marker, and the checks that find one left unescaped in an answer.

A marker is `xss_<n>`: it is harmless as text, so an escaped payload shows it as text, and it
appears in markup (a <script> element, an on* attribute, a javascript: link) only if a payload
was written out unescaped. The checks read the HTML the way a browser does (html.parser), so an
escaped `&lt;script&gt;` is text and a real `<script>` is an element.
"""

import csv
import io
import re
from html.parser import HTMLParser

MARKER = "xss_"
SCRIPT_TAG = re.compile(r"<script[^>]*>\s*xss_", re.IGNORECASE)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"}
# Cells a spreadsheet would run as a formula (los/csv_safe.py puts an apostrophe before them).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def script_payloads(n):
    """Markup payloads numbered `n`: each one is harmless only if it is escaped where it is shown."""
    return [
        f"<script>xss_{n}</script>",
        f'"><img src=x onerror=xss_{n}>',
        f"'><svg onload=xss_{n}>",
        f"javascript:xss_{n}",
        f"</textarea><script>xss_{n}</script>",
        f'<a href="javascript:xss_{n}">x</a>',
    ]


def formula_payloads(n):
    """Cells that a spreadsheet would evaluate if written to a CSV as they are."""
    return [f"=xss_{n}+1", f"+xss_{n}", f"-xss_{n}", f"@SUM(xss_{n})", f"\t=xss_{n}", f"\r=xss_{n}"]


SQL_FRAGMENTS = [
    "' OR 1=1 --",
    '" OR ""="',
    "1; DROP TABLE findings_finding; --",
    "1 UNION SELECT username, password FROM auth_user --",
    "%' AND 1=0 UNION SELECT NULL --",
    "\\'; SELECT pg_sleep(0); --",
    "%",
    "_",
    "\\",
]


class _MarkupScan(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        self.in_script = tag == "script"
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and MARKER in value:
                self.problems.append(f"<{tag} {name}={value[:80]!r}>")
            if MARKER in name:
                self.problems.append(f"<{tag}> carries an attribute named {name[:80]!r}")
            if name in URL_ATTRIBUTES and re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value[:80]!r}>")
        if MARKER in tag:
            self.problems.append(f"a tag named {tag[:80]!r}")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and MARKER in data:
            self.problems.append(f"<script> holds {data.strip()[:80]!r}")


def unescaped_payloads(html):
    """What of a payload an HTML page shows as markup instead of as text; empty when all is escaped."""
    problems = [f"raw {match.group(0)[:80]!r}" for match in SCRIPT_TAG.finditer(html)]
    scan = _MarkupScan()
    scan.feed(html)
    scan.close()
    return problems + scan.problems


def formula_cells(text, delimiter=";"):
    """The cells of a CSV a spreadsheet would run as a formula; empty when every one is guarded."""
    rows = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
    return [
        f"row {number} column {column}: {cell[:80]!r}"
        for number, row in enumerate(rows, start=1)
        for column, cell in enumerate(row, start=1)
        if cell.startswith(FORMULA_STARTS)
    ]
