"""The server-drawn SVG bar charts: accessible inline images that show no more than the tables."""

from decimal import Decimal
from xml.etree import ElementTree

import pytest

from reports.charts import bar_chart, findings_by_agency_chart, money_by_kind_chart
from reports.publication import PRIMARY, SECONDARY, Shown, publish_figures
from tests.reports.figures_factory import demo_figures

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg):
    # The chart is this app's own output, and the point is to prove it well-formed XML.
    return ElementTree.fromstring(str(svg))  # noqa: S314


def _bars(root):
    return root.findall(f"{SVG}rect")


def _texts(root):
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def _luminance(hex_colour):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def standard_published():
    return publish_figures(demo_figures(), 3)


def _contrast_on_white(hex_colour):
    return 1.05 / (_luminance(hex_colour) + 0.05)


def test_it_is_an_image_with_a_title_and_a_description():
    root = _parse(bar_chart([("Kommunen", Shown(14)), ("Polisen", Shown(12))], title="Findings by agency"))
    assert root.get("role") == "img"
    title_id, description_id = root.get("aria-labelledby").split()
    title, description = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert (title.get("id"), title.text) == (title_id, "Findings by agency")
    assert description.get("id") == description_id
    assert description.text == "Kommunen: 14; Polisen: 12"


def test_a_hidden_value_draws_no_bar_and_says_why():
    rows = [("Shown", Shown(10)), ("Small", Shown(None, PRIMARY)), ("Covering", Shown(None, SECONDARY))]
    root = _parse(bar_chart(rows, title="t"))
    assert len(_bars(root)) == 1
    assert "fewer than 3" in _texts(root)
    assert "hidden" in _texts(root)
    assert "Small: fewer than 3; Covering: hidden" in root.find(f"{SVG}desc").text


def test_a_zero_draws_no_bar_but_says_zero():
    root = _parse(bar_chart([("Some", Shown(4)), ("None", Shown(0))], title="t"))
    assert len(_bars(root)) == 1
    assert "0" in _texts(root)


def test_bars_are_as_long_as_their_values():
    root = _parse(bar_chart([("Twenty", Shown(20)), ("Ten", Shown(10)), ("Five", Shown(5))], title="t"))
    widths = [float(bar.get("width")) for bar in _bars(root)]
    # Drawn to a tenth of a unit.
    assert widths[0] / widths[1] == pytest.approx(2.0, abs=0.002)
    assert widths[0] / widths[2] == pytest.approx(4.0, abs=0.004)


def test_labels_and_title_are_escaped():
    label = '<script>x("1")</script>&<img>'
    svg = bar_chart([(label, Shown(3))], title="<b>Title</b>")
    assert "<script>" not in svg
    assert "<img>" not in svg
    assert "<b>" not in svg
    root = _parse(svg)
    assert label in _texts(root)
    assert root.find(f"{SVG}title").text == "<b>Title</b>"


def test_the_width_is_fixed_and_the_height_follows_the_rows():
    one = _parse(bar_chart([("A", Shown(3))], title="t")).get("viewBox").split()
    five = _parse(bar_chart([(str(i), Shown(i + 3)) for i in range(5)], title="t")).get("viewBox").split()
    assert one[:3] == five[:3] == ["0", "0", "640"]
    assert float(five[3]) > float(one[3])
    assert "width" not in _parse(bar_chart([("A", Shown(3))], title="t")).attrib


def test_a_long_label_is_shortened_in_the_drawing_but_whole_in_the_description():
    label = "Kronofogdemyndigheten, enheten för särskild indrivning i Östergötland"
    root = _parse(bar_chart([(label, Shown(5))], title="t"))
    assert label not in _texts(root)
    assert any(text.endswith("…") and label.startswith(text[:-1]) for text in _texts(root))
    assert label in root.find(f"{SVG}desc").text


def test_it_uses_no_style_attribute_no_script_and_no_outside_font():
    svg = str(bar_chart([("A", Shown(3)), ("B", Shown(None, PRIMARY))], title="t", money=True))
    root = _parse(svg)
    assert not [element for element in root.iter() if "style" in element.attrib]
    assert root.find(f"{SVG}style") is None
    assert "script" not in svg
    assert "url(" not in svg
    assert "@font-face" not in svg


def test_its_text_is_readable_on_white():
    root = _parse(bar_chart([("A", Shown(3)), ("B", Shown(None, PRIMARY))], title="t"))
    fills = {element.get("fill", root.get("fill")) for element in root.iter(f"{SVG}text")}
    assert len(fills) == 2
    assert all(_contrast_on_white(fill) >= 4.5 for fill in fills)


def test_an_empty_chart_says_so():
    root = _parse(bar_chart([], title="Money by kind", money=True))
    assert _bars(root) == []
    assert "No figures to show." in _texts(root)


def test_amounts_draw_money_bars_in_proportion():
    paid, stopped = Shown(Decimal("1500000.00"), is_money=True), Shown(Decimal("750000.50"), is_money=True)
    root = _parse(bar_chart([("Paid", paid), ("Stopped", stopped)], title="t", money=True))
    widths = [float(bar.get("width")) for bar in _bars(root)]
    assert widths[0] / widths[1] == pytest.approx(2.0, abs=0.002)
    assert paid.text in _texts(root)


def test_the_findings_chart_shows_the_published_agencies():
    published = standard_published()
    root = _parse(findings_by_agency_chart(published))
    assert root.find(f"{SVG}title").text == "Findings by agency"
    shown = [agency for agency in published.findings if not agency.total.is_hidden]
    assert 0 < len(shown) < len(published.findings)
    assert len(_bars(root)) == len(shown)
    assert {agency.label for agency in published.findings} <= set(_texts(root))


def test_the_money_chart_shows_each_ledger_kind():
    published = standard_published()
    root = _parse(money_by_kind_chart(published))
    assert root.find(f"{SVG}title").text == "Money by kind"
    assert len(_bars(root)) == len(published.money) == 2
    assert [kind.total.text for kind in published.money] == [_texts(root)[2], _texts(root)[4]]


def test_two_charts_on_one_page_have_distinct_ids():
    published = standard_published()
    first, second = _parse(findings_by_agency_chart(published)), _parse(money_by_kind_chart(published))
    assert first.get("aria-labelledby") != second.get("aria-labelledby")
    assert _parse(findings_by_agency_chart(published)).get("aria-labelledby") == first.get("aria-labelledby")
