"""The forms of a page, read from its HTML the way a browser would submit them.

A form is found by what the page offers, not by a list in the tests, so a form added to a
template is fuzzed the day it is added. Besides <form> elements, an htmx element that sends a
request of its own (hx-get / hx-post with hx-include and hx-vals) counts as a form, and the
query keys of the page's own links count as query parameters of the page.
"""

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

# Input types whose value is typed by the user; the rest have a kind of their own.
TEXT_TYPES = {"text", "search", "tel", "url", "password", ""}
SUBMIT_TYPES = {"submit", "image"}
IGNORED_TYPES = {"button", "reset"}
NAMES_IN_SELECTOR = re.compile(r"""name=['"]?([\w-]+)""")


@dataclass
class Field:
    """One named control: `kind` is the input's type (text for any typed text but email; number,
    date, datetime-local ...), textarea, select, radio, checkbox, file, hidden or submit (a named
    button); `options` are the values a browser could send."""

    name: str
    kind: str
    default: str = ""
    options: list = field(default_factory=list)
    multiple: bool = False
    checked: bool = False
    selected: list = field(default_factory=list)  # the checked boxes' or selected options' values
    maxlength: int | None = None
    accept: str = ""  # a file field's accepted types
    invalid: bool = False  # the page marks it aria-invalid: the last submission's value was refused


@dataclass
class Form:
    method: str
    action: str
    enctype: str = "application/x-www-form-urlencoded"
    htmx: bool = False
    fields: list = field(default_factory=list)
    include: tuple = ()  # htmx: names (or "*" for the enclosing form) sent along

    @property
    def path(self):
        return urlsplit(self.action).path

    def key(self, route_of=None):
        """What makes two forms the same form: where they go (the route, when `route_of` names the
        route of a path: the same form for another row is the same code) and which names they send."""
        where = (route_of(self.path) or self.path) if route_of else self.path
        return (self.method, where, tuple(sorted({f.name for f in self.fields})), self.htmx)

    def field_named(self, name):
        return next((f for f in self.fields if f.name == name), None)


class _FormParser(HTMLParser):
    def __init__(self, page_url):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms = []
        self.by_id = {}
        self.open_form = None
        self.open_select = None
        self.open_textarea = None
        self.link_keys = set()
        self.links = []
        self.htmx = []  # (Form, enclosing form or None)

    # --- elements ---------------------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._start_form(attributes)
        elif tag == "input":
            self._input(attributes)
        elif tag == "button":
            self._button(attributes)
        elif tag == "select":
            self._start_select(attributes)
        elif tag == "option" and self.open_select is not None:
            self._option(attributes)
        elif tag == "textarea":
            self._start_textarea(attributes)
        elif tag == "a" and attributes.get("href"):
            self._link(attributes["href"])
        if tag != "form" and ("hx-get" in attributes or "hx-post" in attributes):
            self._htmx_element(attributes)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("select", "textarea", "form"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "form":
            self.open_form = None
        elif tag == "select":
            self.open_select = None
        elif tag == "textarea":
            self.open_textarea = None

    def handle_data(self, data):
        if self.open_textarea is not None:
            self.open_textarea.default += data

    # --- helpers ----------------------------------------------------------------------------
    def _start_form(self, attributes):
        method = (attributes.get("hx-post") and "post") or (attributes.get("method") or "get").lower()
        action = attributes.get("action") or attributes.get("hx-post") or attributes.get("hx-get") or ""
        form = Form(
            method="post" if method == "post" else "get",
            action=urljoin(self.page_url, action),
            enctype=(attributes.get("enctype") or "application/x-www-form-urlencoded").lower(),
            htmx=bool(attributes.get("hx-post") or attributes.get("hx-get")),
        )
        self.forms.append(form)
        self.open_form = form
        if attributes.get("id"):
            self.by_id[attributes["id"]] = form

    def _owner(self, attributes):
        """The form a control belongs to: its form="id" attribute, else the enclosing form."""
        if attributes.get("form"):
            return self.by_id.get(attributes["form"])
        return self.open_form

    def _add(self, attributes, new_field):
        owner = self._owner(attributes)
        if owner is None or not new_field.name:
            return None
        same = owner.field_named(new_field.name)
        if same is not None and same.kind in ("radio", "checkbox") and new_field.kind == same.kind:
            # A group of radios or checkboxes is one field with several values.
            same.options.extend(new_field.options)
            same.selected.extend(new_field.selected)
            same.checked = same.checked or new_field.checked
            same.invalid = same.invalid or new_field.invalid
            same.multiple = same.multiple or new_field.kind == "checkbox"
            if new_field.checked:
                same.default = new_field.default
            return same
        owner.fields.append(new_field)
        return new_field

    def _input(self, attributes):
        kind = (attributes.get("type") or "text").lower()
        if kind in IGNORED_TYPES:
            return
        if kind in TEXT_TYPES:
            kind = "text"
        elif kind in SUBMIT_TYPES:
            kind = "submit"
        value = attributes.get("value") or ""
        checked = "checked" in attributes
        maxlength = attributes.get("maxlength")
        self._add(
            attributes,
            Field(
                name=attributes.get("name") or "",
                kind=kind,
                default=value if kind not in ("radio", "checkbox") or checked else "",
                options=[value or "on"] if kind in ("radio", "checkbox") else [],
                selected=[value or "on"] if kind in ("radio", "checkbox") and checked else [],
                checked=checked,
                multiple="multiple" in attributes,
                maxlength=int(maxlength) if maxlength and maxlength.isdigit() else None,
                accept=attributes.get("accept") or "",
                invalid=attributes.get("aria-invalid") == "true",
            ),
        )

    def _button(self, attributes):
        if (attributes.get("type") or "submit").lower() == "submit" and attributes.get("name"):
            self._add(attributes, Field(name=attributes["name"], kind="submit", default=attributes.get("value", "")))

    def _start_select(self, attributes):
        select = Field(
            name=attributes.get("name") or "",
            kind="select",
            multiple="multiple" in attributes,
            invalid=attributes.get("aria-invalid") == "true",
        )
        self.open_select = self._add(attributes, select) or select

    def _option(self, attributes):
        value = attributes.get("value", "")
        self.open_select.options.append(value)
        if "selected" in attributes:
            self.open_select.default = value
            self.open_select.selected.append(value)

    def _start_textarea(self, attributes):
        area = Field(
            name=attributes.get("name") or "", kind="textarea", invalid=attributes.get("aria-invalid") == "true"
        )
        maxlength = attributes.get("maxlength")
        area.maxlength = int(maxlength) if maxlength and maxlength.isdigit() else None
        self.open_textarea = self._add(attributes, area) or area

    def _link(self, href):
        target = urlsplit(urljoin(self.page_url, href))
        if not target.netloc or target.netloc == "testserver":
            self.links.append(target.path + (f"?{target.query}" if target.query else ""))
        if target.path == urlsplit(self.page_url).path:
            self.link_keys.update(key for key, _ in parse_qsl(target.query, keep_blank_values=True))

    def _htmx_element(self, attributes):
        method = "post" if attributes.get("hx-post") else "get"
        url = attributes.get("hx-post") or attributes.get("hx-get")
        form = Form(method=method, action=urljoin(self.page_url, url), htmx=True)
        include = attributes.get("hx-include", "")
        if "closest form" in include:
            form.include = ("*",)
        else:
            form.include = tuple(NAMES_IN_SELECTOR.findall(include))
        try:
            values = json.loads(attributes.get("hx-vals") or "{}")
        except ValueError:
            values = {}
        for name, value in values.items():
            form.fields.append(Field(name=name, kind="hidden", default=str(value)))
        self.htmx.append((form, self.open_form))

    def finish(self):
        """Resolve what the htmx elements include, now that every form is read to its end."""
        for form, enclosing in self.htmx:
            pool = enclosing.fields if enclosing is not None else [f for other in self.forms for f in other.fields]
            wanted = [f for f in pool if form.include == ("*",) or f.name in form.include]
            form.fields = [*form.fields, *(f for f in wanted if form.field_named(f.name) is None)]
            self.forms.append(form)
        return self.forms


def forms_of(html, page_url):
    """Every form of `html` (and htmx request of its own), with its fields and their values."""
    parser = _FormParser(page_url)
    parser.feed(html)
    parser.close()
    return parser.finish()


def links_of(html, page_url):
    """The page's links within the site, as paths with their query."""
    parser = _FormParser(page_url)
    parser.feed(html)
    parser.close()
    return parser.links


def link_query_keys(html, page_url):
    """The query keys of the page's links to itself: sorting, paging, filtering by link."""
    parser = _FormParser(page_url)
    parser.feed(html)
    parser.close()
    return parser.link_keys
