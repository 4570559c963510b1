"""What the public may see of a summary's figures: built by hand, published, and read as a reader would."""

import dataclasses
import json
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from los.formatting import format_sek
from reports.figures import AgencyParticipation, CategoryCount, Count, FollowUps, MoneyCell, MoneyTotal
from reports.publication import (
    PRIMARY,
    SECONDARY,
    PublishedFigures,
    Shown,
    exact_figures,
    hidden_map,
    publish_figures,
)
from tests.reports.figures_factory import AF, AMV, KOMMUNEN, POLISEN, RADD, SKATT, demo_figures, small_figures
from tests.reports.test_suppression import recoverable


def category(published, agency, key):
    (row,) = [row for line in published.findings if line.key == agency for row in line.categories if row.key == key]
    return row.shown


def money(published, kind):
    (line,) = [line for line in published.money if line.key == kind]
    return line


def walk(value, path=()):
    """Every Shown in the published figures, with the path to it."""
    if isinstance(value, Shown):
        yield path, value
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from walk(getattr(value, field.name), (*path, field.name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, (*path, key))
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from walk(item, (*path, index))


def reader_knowledge(published):
    """The variables a reader sees and the sums a reader may assume: total = Σ the rows below it."""
    shown, sums = {"findings": published.key["findings"], "premises": published.key["premises"]}, []
    shown |= {f"premises.{row.key}": row.shown for row in published.premises_by_type}
    sums.append(("premises", [f"premises.{row.key}" for row in published.premises_by_type]))
    for line in published.findings:
        shown[f"agency.{line.key}"] = line.total
        shown |= {f"cat.{line.key}.{row.key}": row.shown for row in line.categories}
        sums.append((f"agency.{line.key}", [f"cat.{line.key}.{row.key}" for row in line.categories]))
    sums.append(("findings", [f"agency.{line.key}" for line in published.findings]))
    shown |= {f"action.{row.key}": row.shown for row in published.actions_by_kind}
    sums.append(("findings", [f"action.{row.key}" for row in published.actions_by_kind]))
    for kind in published.money:
        shown[f"money.{kind.key}"] = kind.total
        shown |= {f"money.{kind.key}.{row.key}": row.shown for row in kind.agencies}
        sums.append((f"money.{kind.key}", [f"money.{kind.key}.{row.key}" for row in kind.agencies]))
    return shown, sums


def test_the_demo_total_wrongly_paid_is_printed_while_both_agency_parts_are_hidden():
    published = publish_figures(demo_figures(), 3)
    wrongly_paid = money(published, "wrongly_paid")
    assert wrongly_paid.total.text == format_sek(Decimal("1500000"))
    assert published.key["wrongly_paid"].text == format_sek(Decimal("1500000"))
    assert [(row.key, row.shown.hidden, row.shown.value) for row in wrongly_paid.agencies] == [
        (AF, SECONDARY, None),
        (KOMMUNEN, PRIMARY, None),
    ]
    assert [row.shown.text for row in wrongly_paid.agencies] == ["hidden", "fewer than 3"]


def test_a_category_with_two_findings_is_printed_as_fewer_than_three():
    shown = category(publish_figures(demo_figures(), 3), SKATT, "cash_register")
    assert (shown.value, shown.hidden, shown.text) == (None, PRIMARY, "fewer than 3")


def test_the_category_that_would_give_it_away_is_printed_as_hidden_and_the_agency_total_stays():
    published = publish_figures(demo_figures(), 3)
    assert category(published, SKATT, "staff_ledger").text == "hidden"
    (skatt,) = [line for line in published.findings if line.key == SKATT]
    assert skatt.total.text == "12"
    assert category(published, RADD, "fire_safety").text == "10"


def test_an_agency_line_shows_the_same_findings_value_as_the_findings_table():
    published = publish_figures(small_figures(), 3)
    lines = {line.key: line for line in published.agencies}
    tables = {line.key: line for line in published.findings}
    assert lines[SKATT].findings == tables[SKATT].total == Shown(None, PRIMARY, threshold=3)
    assert (lines[POLISEN].operations, lines[POLISEN].visits, lines[POLISEN].findings.text) == (4, 4, "0")


def test_the_change_against_the_year_before_is_given_in_whole_per_cent():
    changes = {change.name: change for change in publish_figures(demo_figures(), 3).changes}
    assert list(changes) == [
        "operations",
        "visits",
        "premises",
        "findings",
        "persons_checked",
        "wrongly_paid",
        "stopped",
        "potential_victims",
    ]
    assert {name: changes[name].percent for name in ("operations", "visits", "premises", "findings")} == {
        "operations": 50,
        "visits": 33,
        "premises": 25,
        "findings": 10,
    }
    assert (changes["visits"].label, changes["visits"].current.text, changes["visits"].previous.text) == (
        "Visits carried out",
        "40",
        "30",
    )


def test_a_change_has_no_percentage_when_the_year_before_is_hidden_or_zero():
    changes = {change.name: change for change in publish_figures(demo_figures(), 3).changes}
    persons = changes["persons_checked"]
    assert (persons.current.text, persons.previous.text, persons.percent) == ("80", "fewer than 3", None)
    # A sum of money of the year before whose premises are not known could be one business's.
    stopped = changes["stopped"]
    assert (stopped.previous.hidden, stopped.previous.value, stopped.percent) == (SECONDARY, None, None)
    assert (changes["wrongly_paid"].previous.text, changes["wrongly_paid"].percent) == (format_sek(0), None)
    assert (changes["potential_victims"].previous.text, changes["potential_victims"].percent) == ("0", None)


def test_a_change_has_no_previous_value_when_there_was_no_year_before():
    published = publish_figures(demo_figures(previous=None), 3)
    assert {(change.previous, change.percent) for change in published.changes} == {(None, None)}


def test_a_change_is_hidden_when_the_current_figure_is():
    (premises,) = [c for c in publish_figures(small_figures(), 3).changes if c.name == "premises"]
    assert (premises.current.text, premises.previous.text, premises.percent) == ("fewer than 3", "20", None)


def is_authorities_work(published, path):
    """Operations and visits are the authorities' own work, published as they are."""
    if path[0] == "changes":
        return published.changes[path[1]].name in ("operations", "visits")
    return bool({"operations", "empact_operations", "operations_by_kind", "visits"} & set(path))


def test_the_press_officer_never_gets_a_count_between_one_and_two():
    for figures in (demo_figures(), small_figures()):
        published = publish_figures(figures, 3)
        counts = [
            (path, shown.value)
            for path, shown in walk(published)
            if not shown.is_money and not is_authorities_work(published, path)
        ]
        assert len(counts) > 20
        assert [(path, value) for path, value in counts if value in (1, 2)] == []


def test_no_hidden_figure_can_be_worked_out_from_the_published_totals():
    for figures in (demo_figures(), small_figures()):
        shown, sums = reader_knowledge(publish_figures(figures, 3))
        hidden = {key for key, value in shown.items() if value.is_hidden}
        assert hidden
        assert recoverable(hidden, sums) == set()


def test_operations_are_published_even_when_there_is_only_one():
    published = publish_figures(demo_figures(), 3)
    assert published.key["empact_operations"].text == "1"
    assert [row.shown.text for row in published.operations_by_kind] == ["5", "1"]
    assert published.operations == demo_figures().operations


def test_a_threshold_of_five_hides_four():
    published = publish_figures(demo_figures(), 5)
    assert published.key["potential_victims"].text == "fewer than 5"
    assert [row.shown.text for row in published.premises_by_type][3] == "fewer than 5"
    assert publish_figures(demo_figures(), 3).key["potential_victims"].text == "4"


def test_the_hidden_count_counts_each_hidden_value_once():
    published = publish_figures(demo_figures(), 3)
    # Kiosks and wholesalers; cash register and staff ledger; Arbetsmiljöverket's total and category,
    # and the police's with them; a follow-up; both parts of the wrongly paid; an indicator.
    assert published.hidden_count == 12
    assert isinstance(published, PublishedFigures)
    assert publish_figures(demo_figures(follow_ups=FollowUps(4, 0, 6)), 3).hidden_count == 11


def test_figures_are_grouped_the_swedish_way_in_swedish():
    with translation.override("sv"):
        assert Shown(1234).text == "1\xa0234"
        assert Shown(Decimal("1500000"), is_money=True).text == "1\xa0500\xa0000\xa0kr"


@st.composite
def random_figures(draw):
    """Findings by agency and category, the same findings by action, premises by type, money by agency."""
    random = draw(st.randoms(use_true_random=False))
    counts = st.integers(min_value=0, max_value=12)
    agencies = draw(st.lists(st.lists(counts, min_size=1, max_size=4), min_size=1, max_size=4))
    categories = [
        CategoryCount(str(a), f"cat{c}", f"Category {c}", value)
        for a, values in enumerate(agencies)
        for c, value in enumerate(values)
    ]
    findings = sum(map(sum, agencies))
    kinds = ["advice", "injunction", "police_report", "none"]
    by_action = dict.fromkeys(kinds, 0)
    for _finding in range(findings):
        by_action[random.choice(kinds)] += 1
    types = draw(st.lists(counts, min_size=1, max_size=4))
    cells = []
    for kind in ("wrongly_paid", "stopped"):
        for agency in range(draw(st.integers(min_value=1, max_value=3))):
            premises = draw(st.integers(min_value=0, max_value=8))
            amount = Decimal(premises * random.randint(1, 9) * 10000)
            cells.append(MoneyCell(kind, kind, str(agency), f"Agency {agency}", amount, premises))
    totals = tuple(
        MoneyTotal(
            kind,
            kind,
            sum((c.amount for c in cells if c.kind == kind), Decimal(0)),
            # Distinct premises: at least the largest part's, at most all parts' together.
            random.randint(
                max(c.premises for c in cells if c.kind == kind), sum(c.premises for c in cells if c.kind == kind)
            ),
        )
        for kind in ("wrongly_paid", "stopped")
    )
    totals_by_kind = {total.kind: total.amount for total in totals}
    return demo_figures(
        key=dataclasses.replace(
            demo_figures().key,
            premises=sum(types),
            findings=findings,
            wrongly_paid=totals_by_kind["wrongly_paid"],
            stopped=totals_by_kind["stopped"],
        ),
        premises_by_type=tuple(Count(f"type{t}", f"Type {t}", value) for t, value in enumerate(types)),
        agencies=tuple(AgencyParticipation(str(a), f"Agency {a}", 1, 1, sum(v)) for a, v in enumerate(agencies)),
        findings_by_agency=tuple(Count(str(a), f"Agency {a}", sum(v)) for a, v in enumerate(agencies)),
        findings_by_category=tuple(categories),
        actions_by_kind=tuple(Count(kind, kind, value) for kind, value in by_action.items()),
        money=tuple(cells),
        money_by_kind=totals,
    )


@settings(max_examples=100, deadline=None, database=None)
@given(random_figures(), st.integers(min_value=2, max_value=5))
def test_no_published_figure_is_small_or_recoverable_across_tables(figures, threshold):
    published = publish_figures(figures, threshold)
    small = [
        path
        for path, shown in walk(published)
        if not shown.is_money and not is_authorities_work(published, path) and shown.value in range(1, threshold)
    ]
    assert small == []
    money_cells = {(c.kind, c.agency): c.premises for c in figures.money}
    for kind in published.money:
        for row in kind.agencies:
            assert row.shown.is_hidden or not 0 < money_cells[(kind.key, row.key)] < threshold
    shown, sums = reader_knowledge(published)
    assert recoverable({key for key, value in shown.items() if value.is_hidden}, sums) == set()


def test_money_of_the_year_before_is_shown_when_enough_premises_stand_behind_it():
    figures = demo_figures()
    previous = dataclasses.replace(
        figures.previous,
        wrongly_paid=Decimal("1000000"),
        wrongly_paid_premises=4,
        stopped=Decimal("80000"),
        stopped_premises=1,
    )
    changes = {c.name: c for c in publish_figures(dataclasses.replace(figures, previous=previous), 3).changes}
    assert (changes["wrongly_paid"].previous.text, changes["wrongly_paid"].percent) == (format_sek(1000000), 50)
    assert (changes["stopped"].previous.hidden, changes["stopped"].percent) == (PRIMARY, None)


# --- Operations and visits: the authorities' own work ----------------------------------------------


def test_visits_are_shown_however_few_like_the_operations():
    # Each operation's and each agency's visits are printed as they are: hiding the total would not help.
    published = publish_figures(small_figures(key=dataclasses.replace(small_figures().key, visits=2)), 3)
    assert published.key["visits"] == Shown(2, threshold=3)
    (visits,) = [change for change in published.changes if change.name == "visits"]
    assert (visits.current.text, visits.previous.text, visits.percent) == ("2", "30", -93)
    assert "visits" not in hidden_map(small_figures(), 3)


# --- A reader who knows "fewer than 3" is 1 or 2 ------------------------------------------------


def test_a_premises_total_of_four_over_two_small_types_is_hidden():
    figures = demo_figures(
        key=dataclasses.replace(demo_figures().key, premises=4),
        premises_by_type=(Count("car_wash", "Biltvätt", 2), Count("kiosk", "Kiosk", 2), Count("barber", "Frisör", 0)),
    )
    published = publish_figures(figures, 3)
    assert [row.shown.text for row in published.premises_by_type] == ["fewer than 3", "fewer than 3", "0"]
    assert (published.key["premises"].hidden, published.key["premises"].text) == (SECONDARY, "hidden")


def test_an_agency_total_of_three_over_three_small_categories_is_hidden():
    categories = tuple(CategoryCount(AMV, key, key, 1) for key in ("noise", "ladders", "chemicals"))
    others = tuple(c for c in demo_figures().findings_by_category if c.agency != AMV)
    agencies = tuple(
        dataclasses.replace(count, value=3) if count.key == AMV else count
        for count in demo_figures().findings_by_agency
    )
    figures = demo_figures(
        key=dataclasses.replace(demo_figures().key, findings=45),
        findings_by_agency=agencies,
        findings_by_category=(*others, *categories),
        actions_by_kind=(*demo_figures().actions_by_kind[:-1], Count("none", "Ingen åtgärd", 10)),
    )
    (amv,) = [line for line in publish_figures(figures, 3).findings if line.key == AMV]
    assert [row.shown.text for row in amv.categories] == ["fewer than 3"] * 3
    assert (amv.total.hidden, amv.total.text) == (SECONDARY, "hidden")


# --- The hidden values, frozen at publication ----------------------------------------------------


def test_the_hidden_map_names_each_hidden_value_and_why():
    hidden = hidden_map(demo_figures(), 3)
    assert hidden["premises.type.kiosk"] == PRIMARY
    assert hidden["premises.type.food_wholesale"] == SECONDARY
    assert hidden[f"money.wrongly_paid.{KOMMUNEN}"] == PRIMARY
    # The year before's are suppressed on their own, under their own names.
    assert (hidden["previous.persons_checked"], hidden["previous.money.stopped"]) == (PRIMARY, SECONDARY)
    assert len(hidden) == publish_figures(demo_figures(), 3).hidden_count + 2
    assert list(hidden) == sorted(hidden)
    assert json.loads(json.dumps(hidden)) == hidden


def test_publishing_with_the_map_gives_the_same_tables_as_suppressing():
    for figures in (demo_figures(), small_figures(), demo_figures(previous=None)):
        assert publish_figures(figures, 3, hidden=hidden_map(figures, 3)) == publish_figures(figures, 3)


def test_a_map_from_an_older_rule_stays_as_published():
    # Published when visits could be hidden and before the wholesalers needed to be.
    older = hidden_map(demo_figures(), 3) | {"visits": SECONDARY, "previous.visits": SECONDARY}
    del older["premises.type.food_wholesale"]
    published = publish_figures(demo_figures(), 3, hidden=older)
    assert published.key["visits"].text == "hidden"
    (visits,) = [change for change in published.changes if change.name == "visits"]
    assert (visits.previous.text, visits.percent) == ("hidden", None)
    texts = {row.key: row.shown.text for row in published.premises_by_type}
    assert (texts["kiosk"], texts["food_wholesale"]) == ("fewer than 3", "3")


def test_a_map_that_would_show_a_small_count_is_refused():
    hidden = hidden_map(demo_figures(), 3)
    del hidden["premises.type.kiosk"]
    with pytest.raises(ValueError, match="shows small counts: premises.type.kiosk"):
        publish_figures(demo_figures(), 3, hidden=hidden)
    # At a higher threshold than the map was made for, more counts are small.
    with pytest.raises(ValueError, match="shows small counts"):
        publish_figures(demo_figures(), 5, hidden=hidden_map(demo_figures(), 3))


def test_a_map_naming_other_variables_or_reasons_is_refused():
    hidden = hidden_map(demo_figures(), 3)
    with pytest.raises(ValueError, match="do not have: premises.type.casino"):
        publish_figures(demo_figures(), 3, hidden=hidden | {"premises.type.casino": SECONDARY})
    with pytest.raises(ValueError, match="primary"):
        publish_figures(demo_figures(), 3, hidden=hidden | {"premises.type.kiosk": "small"})


# --- Exact figures for coordinators -----------------------------------------------------------------


def shape(published):
    """What a PublishedFigures holds, without its values: the tables' keys and labels."""
    return {
        "key": list(published.key),
        "changes": [change.name for change in published.changes],
        "premises": [(row.key, row.label) for row in published.premises_by_type],
        "findings": [(a.key, a.label, [(r.key, r.label) for r in a.categories]) for a in published.findings],
        "agencies": [(line.key, line.label, line.operations, line.visits) for line in published.agencies],
        "actions": [(row.key, row.label) for row in published.actions_by_kind],
        "follow_ups": [(row.key, row.label) for row in published.follow_ups],
        "money": [(m.key, m.label, [(r.key, r.label) for r in m.agencies]) for m in published.money],
        "trafficking": [(row.key, row.label) for row in published.trafficking_indicators],
    }


def test_exact_figures_have_the_shape_of_the_published_ones_and_every_value_where_those_show_it():
    figures = demo_figures(previous=dataclasses.replace(demo_figures().key, visits=20))
    exact, published = exact_figures(figures), publish_figures(figures, 3)
    assert shape(exact) == shape(published)
    pairs = list(zip(walk(exact), walk(published), strict=True))
    assert all(mine.value == theirs.value for (_p, mine), (_q, theirs) in pairs if not theirs.is_hidden)
    assert not any(mine.is_hidden for (_p, mine), _theirs in pairs)
    assert {c.name: c.percent for c in exact.changes}["visits"] == 100


def test_exact_figures_show_what_publishing_hides():
    exact = exact_figures(demo_figures())
    assert category(exact, SKATT, "cash_register") == Shown(2, threshold=1)
    changes = {change.name: change for change in exact.changes}
    # Last year's stopped payouts, whose premises were not counted, and the persons checked.
    assert (changes["stopped"].previous.value, changes["stopped"].percent) == (Decimal("250000"), 484)
    assert (changes["persons_checked"].previous.text, changes["persons_checked"].percent) == ("2", 3900)
    assert exact.hidden_count == 0
