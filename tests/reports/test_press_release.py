"""The press release draft: Swedish prose from the published figures, numerals as the press writes them."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from reports.figures import AgencyParticipation, MoneyCell, MoneyTotal, OperationLine
from reports.press_release import approximately, exactly, millions, press_release_text
from reports.publication import SECONDARY, hidden_map, publish_figures
from tests.reports.figures_factory import demo_figures, with_key


def release(figures, threshold=3):
    return press_release_text(publish_figures(figures, threshold), municipality="Norrköping")


# --- The demo ---------------------------------------------------------------------------


def test_the_demo_spring_reads_like_the_source_document():
    text = release(demo_figures())
    assert "Under våren utfördes sammanlagt ett fyrtiotal besök, i totalt 25 olika lokaler." in text
    assert "sammanlagt uppburit 1,5 miljoner kronor" in text
    assert "Ungefär lika mycket pengar har inte betalats ut" in text
    assert "I april deltog man även i en insats inom ramen för EMPACT" in text
    assert "våren 2026" in text


def test_it_names_the_agencies_that_took_part():
    text = release(demo_figures())
    expected = "Norrköpings kommun, Polisen, Skatteverket, Arbetsmiljöverket, Räddningstjänsten och Arbetsförmedlingen."
    assert expected in text


def test_it_names_an_agency_without_operations_nowhere():
    agencies = (*demo_figures().agencies, AgencyParticipation("7", "Kronofogden", 0, 0, 0))
    assert "Kronofogden" not in release(demo_figures(agencies=agencies))


def test_it_names_the_premises_types_in_plural_words():
    text = release(demo_figures())
    assert "Bland annat besöktes bilverkstäder, biltvättar, tatueringssalonger samt restauranger." in text


def test_it_is_swedish_whatever_language_the_reader_uses():
    with translation.override("en"):
        english = release(demo_figures())
    with translation.override("sv"):
        swedish = release(demo_figures())
    assert english == swedish


def test_it_names_the_autumn_for_the_second_half_year():
    figures = demo_figures(period_start=datetime.date(2026, 7, 1), period_end=datetime.date(2026, 12, 31))
    text = release(figures)
    assert "Under hösten utfördes sammanlagt ett fyrtiotal besök" in text
    assert "höstens insatser" in text


def test_another_period_is_named_by_its_dates():
    figures = demo_figures(period_start=datetime.date(2026, 3, 1), period_end=datetime.date(2026, 5, 31))
    assert "Under perioden 1 mars 2026 – 31 maj 2026 utfördes" in release(figures)


# --- Hidden figures ---------------------------------------------------------------------


def test_a_hidden_figure_is_never_stated():
    # Wrongly paid from two premises is hidden: no sentence about it, no amount.
    figures = demo_figures(
        money=(MoneyCell("wrongly_paid", "Felaktigt utbetalt", "6", "Arbetsförmedlingen", Decimal("1500000"), 2),),
        money_by_kind=(MoneyTotal("wrongly_paid", "Felaktigt utbetalt", Decimal("1500000"), 2),),
    )
    figures = with_key(figures, stopped=Decimal("0"))
    published = publish_figures(figures, 3)
    assert published.key["wrongly_paid"].is_hidden
    text = press_release_text(published, municipality="Norrköping")
    assert "uppburit" not in text
    assert "kronor" not in text


def test_a_hidden_small_premises_type_is_not_named():
    # Two kiosks are fewer than three, and a wholesaler count is hidden with them.
    text = release(demo_figures())
    assert "kiosker" not in text
    assert "grossister" not in text


def test_few_visits_are_stated_like_the_operations():
    # Visits are the authorities' own work: published however few.
    assert "Under våren utfördes sammanlagt två besök, i totalt 25 olika lokaler." in release(
        with_key(demo_figures(), visits=2)
    )


def test_visits_hidden_by_an_older_rule_leave_the_premises_sentence_alone():
    # A summary published when visits could still be hidden keeps its text without them.
    figures = with_key(demo_figures(), visits=2)
    published = publish_figures(figures, 3, hidden=hidden_map(figures, 3) | {"visits": SECONDARY})
    text = press_release_text(published, municipality="Norrköping")
    assert "besök," not in text
    assert "Under våren gjordes besök i totalt 25 olika lokaler." in text


def test_stopped_payouts_are_stated_on_their_own_when_far_from_the_wrongly_paid():
    figures = demo_figures(
        money=(
            MoneyCell("wrongly_paid", "Felaktigt utbetalt", "6", "Arbetsförmedlingen", Decimal("1500000"), 6),
            MoneyCell("stopped", "Stoppad utbetalning", "6", "Arbetsförmedlingen", Decimal("347500"), 5),
        ),
        money_by_kind=(
            MoneyTotal("wrongly_paid", "Felaktigt utbetalt", Decimal("1500000"), 6),
            MoneyTotal("stopped", "Stoppad utbetalning", Decimal("347500"), 5),
        ),
    )
    text = release(with_key(figures, stopped=Decimal("347500")))
    assert "Ungefär lika mycket" not in text
    assert "Dessutom har omkring 350 000 kronor inte betalats ut" in text


def test_stopped_payouts_ten_per_cent_away_are_about_as_much():
    assert "Ungefär lika mycket" in release(with_key(demo_figures(), stopped=Decimal("1350000")))
    assert "Ungefär lika mycket" not in release(with_key(demo_figures(), stopped=Decimal("1349999")))


def test_without_an_empact_day_there_is_no_empact_sentence():
    figures = demo_figures(operations=demo_figures().operations[:1])
    assert "EMPACT" not in release(figures)


def test_two_empact_days_in_two_months_are_both_named():
    lines = (
        OperationLine(datetime.date(2026, 4, 15), datetime.date(2026, 4, 15), "empact", "EMPACT", 6, 4),
        OperationLine(datetime.date(2026, 5, 20), datetime.date(2026, 5, 21), "empact", "EMPACT", 3, 3),
    )
    assert "I april och maj deltog man även i två insatser inom ramen för EMPACT" in release(
        demo_figures(operations=lines)
    )


# --- Numerals ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "noll"),
        (1, "ett"),
        (6, "sex"),
        (9, "nio"),
        (10, "ett tiotal"),
        (13, "ett tiotal"),
        (14, "omkring 14"),
        (16, "omkring 16"),
        (17, "närmare tjugo"),
        (25, "omkring 25"),
        (40, "ett fyrtiotal"),
        (41, "ett fyrtiotal"),
        (43, "ett fyrtiotal"),
        (44, "omkring 44"),
        (47, "närmare femtio"),
        (99, "närmare hundra"),
        (100, "100"),
        (143, "omkring 140"),
        (145, "omkring 150"),
        (1234, "omkring 1 200"),
    ],
)
def test_approximately_rounds_as_the_press_does(n, words):
    assert approximately(n) == words


def test_one_takes_the_gender_of_its_noun():
    assert approximately(1, neuter=False) == "en"
    assert exactly(1, neuter=False) == "en"


@pytest.mark.parametrize(("n", "words"), [(0, "noll"), (6, "sex"), (9, "nio"), (10, "10"), (25, "25"), (1500, "1 500")])
def test_exactly_writes_small_counts_in_words_and_the_rest_in_digits(n, words):
    assert exactly(n) == words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("1500000", "1,5 miljoner kronor"),
        ("1460000", "nära 1,5 miljoner kronor"),
        ("1485000", "1,5 miljoner kronor"),  # within 1 %
        ("1540000", "drygt 1,5 miljoner kronor"),
        ("1000000", "1 miljon kronor"),
        ("2000000", "2 miljoner kronor"),
        ("12340000", "12,3 miljoner kronor"),
        ("995000", "1 miljon kronor"),
        ("960000", "960 000 kronor"),
        ("963000", "omkring 960 000 kronor"),
        ("347500", "omkring 350 000 kronor"),
        ("350000", "350 000 kronor"),
        ("12345.67", "omkring 12 000 kronor"),
        ("0", "0 kronor"),
    ],
)
def test_millions_writes_money_as_the_press_does(amount, words):
    assert millions(Decimal(amount)) == words


def test_negative_numbers_are_refused():
    with pytest.raises(ValueError):
        approximately(-1)
    with pytest.raises(ValueError):
        millions(Decimal("-1"))
