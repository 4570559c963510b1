"""The definitions the method note prints: one per figure, each found by its name."""

import pytest
from django.utils import translation

from reports.definitions import DEFINITIONS, definition

# Every figure the aggregation counts is defined; the change and the small-count rule too.
DEFINED = {
    "period",
    "visits",
    "operations",
    "premises",
    "agencies",
    "findings",
    "actions",
    "follow_ups",
    "money",
    "persons_checked",
    "potential_victims",
    "trafficking_indicators",
    "change",
    "small_counts",
}


def test_every_figure_is_defined_once():
    names = [entry.name for entry in DEFINITIONS]
    assert len(names) == len(set(names))
    assert set(names) == DEFINED


def test_a_definition_is_found_by_its_name():
    assert str(definition("visits").label) == "Visits carried out"
    with pytest.raises(KeyError):
        definition("no-such-figure")


def test_the_small_count_rule_says_how_small_counts_are_shown():
    assert "fewer than" in str(definition("small_counts").text)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_definition_has_a_label_and_a_text_in_each_language(language):
    with translation.override(language):
        assert all(str(entry.label) and str(entry.text) for entry in DEFINITIONS)
