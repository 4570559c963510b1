"""The fuzzer's own parts: if the form reader missed a field or a check missed a leak, the crawls
over every page would pass without proving anything."""

from tests.security.fuzzing import multipart, urlencoded
from tests.security.htmlforms import forms_of, link_query_keys
from tests.security.payloads import formula_cells, unescaped_payloads
from tests.security.strategies import BROKEN, MARKUP, Upload, sweeps

PAGE = """
<form method="post" action="/lokaler/ny/" id="premises">
  <input type="hidden" name="csrfmiddlewaretoken" value="t">
  <input name="name" value="Kiosken" maxlength="200" aria-invalid="true">
  <select name="premises_type"><option value="">–</option><option value="kiosk" selected>Kiosk</option></select>
  <input type="radio" name="status" value="estimated" checked><input type="radio" name="status" value="decided">
  <input type="checkbox" name="agencies" value="1" checked><input type="checkbox" name="agencies" value="2" checked>
  <input type="date" name="start_date">
  <textarea name="notes">Kvällsöppet</textarea>
  <div hx-post="/lokaler/kontrollera-falt/" hx-include="closest form" hx-vals='{"_field": "name"}'></div>
  <button type="submit" name="again" value="1">Save and add another</button>
  <input type="button" name="ignored">
</form>
<input name="outside" form="premises" type="number">
<form method="get"><input type="search" name="q"></form>
<a href="?sida=2&amp;sort=name">2</a> <a href="https://elsewhere.example/?x=1">x</a>
"""


def test_the_form_reader_finds_every_named_control_a_browser_would_send():
    premises, search, check = forms_of(PAGE, "/lokaler/ny/")
    fields = {f.name: f for f in premises.fields}
    assert (premises.method, premises.path) == ("post", "/lokaler/ny/")
    assert set(fields) == {
        "csrfmiddlewaretoken",
        *("name", "premises_type", "status", "agencies", "start_date", "notes", "again", "outside"),
    }
    assert (fields["name"].kind, fields["name"].maxlength, fields["name"].invalid) == ("text", 200, True)
    assert (fields["premises_type"].default, fields["premises_type"].options) == ("kiosk", ["", "kiosk"])
    assert (fields["status"].kind, fields["status"].options, fields["status"].selected) == (
        "radio",
        ["estimated", "decided"],
        ["estimated"],
    )
    assert fields["agencies"].multiple and fields["agencies"].selected == ["1", "2"]
    assert (fields["notes"].kind, fields["notes"].default) == ("textarea", "Kvällsöppet")
    assert (fields["again"].kind, fields["outside"].kind, fields["start_date"].kind) == ("submit", "number", "date")
    assert (search.method, search.path, [f.name for f in search.fields]) == ("get", "/lokaler/ny/", ["q"])
    # The htmx check sends its own value and the whole enclosing form.
    assert (check.method, check.path, check.htmx) == ("post", "/lokaler/kontrollera-falt/", True)
    assert {f.name for f in check.fields} == {"_field"} | set(fields)
    assert link_query_keys(PAGE, "/lokaler/ny/") == {"sida", "sort"}


def test_the_sweeps_put_each_bad_value_in_every_field_it_fits():
    premises = forms_of(PAGE, "/lokaler/ny/")[0]
    submissions = sweeps(premises, ["7", "42"])
    assert ("csrfmiddlewaretoken", "t") in submissions[0] and len(submissions[0]) == 1  # all else left out
    markup = next(pairs for pairs in submissions if ("name", MARKUP) in pairs)
    assert ("notes", MARKUP) in markup and ("premises_type", "kiosk") in markup
    assert any(("start_date", "9999-12-31") in pairs for pairs in submissions)
    assert any(("premises_type", "42") in pairs and ("agencies", "42") in pairs for pairs in submissions)


def test_bad_bytes_are_sent_as_they_are():
    assert urlencoded([("q", BROKEN), ("raw", b"\xff")]) == "q=a%00%ED%A0%80%1B%E2%80%AE&raw=%FF"
    body = multipart([("name", "\ud800"), ("file", Upload('a"b\n.csv', b"x;y", "text/csv"))])
    assert b'name="name"\r\n\r\n\xed\xa0\x80\r\n' in body
    assert b'filename="a%22b%0A.csv"\r\nContent-Type: text/csv\r\n\r\nx;y\r\n' in body


def test_an_escaped_payload_is_text():
    html = (
        '<p>&lt;script&gt;xss_1&lt;/script&gt;</p><input value="&quot;&gt;&lt;img src=x onerror=xss_1&gt;">'
        '<a href="/sok/?q=javascript%3Axss_1">x</a><textarea>&lt;/textarea&gt;&lt;script&gt;xss_1</textarea>'
    )
    assert unescaped_payloads(html) == []


def test_a_payload_written_as_markup_is_found():
    assert unescaped_payloads("<p><script>xss_1</script></p>")
    assert unescaped_payloads('<input value=""><img src=x onerror=xss_2>">')
    assert unescaped_payloads("<a href=' JaVaScRiPt:xss_3'>x</a>")
    assert unescaped_payloads('<div title="x" onmouseover="xss_4">')
    assert unescaped_payloads("<svg onload=xss_5>")


def test_a_csv_cell_that_a_spreadsheet_would_run_is_found():
    text = "\ufeffName;Note\n'=1+1;'@SUM(A1)\nKiosken;\"'-2\"\n"
    assert formula_cells(text) == []
    for cell in ("=1+1", "+1", "-2", "@SUM(A1)", '"\t=1"', '"\r=1"'):
        assert formula_cells(f"Name;Note\nKiosken;{cell}\n"), cell
