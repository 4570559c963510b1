"""The press release draft: a Swedish text written from the published figures, in the register
of the municipality's own releases ("Under våren utfördes sammanlagt ett fyrtiotal besök, i
totalt 25 olika lokaler ...").

Always Swedish, whatever language the reader has chosen: the press officer edits it and sends it
to Swedish newspapers. It reads `PublishedFigures` only, never `Figures`, and a hidden figure is
never stated: the sentence that would carry it is left out. Pure: no database.

The rules for numerals, as the press writes them:

- counts that the press rounds (`approximately`): 0–9 in words ("sex"); 10–99 by their last
  digit: 0–3 "ett fyrtiotal" (40–43), 4–6 "omkring 45", 7–9 "närmare femtio" (47–49);
  from 100 two significant digits, "omkring 140" for 143 and "200" for exactly 200;
- counts stated exactly (`exactly`): 0–9 in words, from 10 in digits ("25");
- money (`millions`): from a million, millions with one decimal ("1,5 miljoner kronor"),
  with "nära" when the amount is more than 1 % below the rounded one (1 460 000 → "nära 1,5
  miljoner kronor") and "drygt" when more than 1 % above; below a million two significant
  digits, "omkring 350 000 kronor" when rounded, "350 000 kronor" when exact.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import translation

from inspections.models import OperationKind, PremisesType

from .periods import FIRST_HALF, exact_half, period_title

_WORDS = ("noll", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio")
_TENS = ("", "tio", "tjugo", "trettio", "fyrtio", "femtio", "sextio", "sjuttio", "åttio", "nittio", "hundra")
_MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)
# "Bland annat besöktes bilverkstäder, biltvättar ...": the plural of each premises type.
# "Other" says nothing a reader can picture, so it is not named.
PREMISES_PLURALS = {
    PremisesType.CAR_REPAIR: "bilverkstäder",
    PremisesType.CAR_WASH: "biltvättar",
    PremisesType.TATTOO: "tatueringssalonger",
    PremisesType.RESTAURANT: "restauranger",
    PremisesType.FOOD_WHOLESALE: "kött- och livsmedelsgrossister",
    PremisesType.KIOSK: "kiosker",
    PremisesType.BARBER: "frisörsalonger",
}
MILLION = Decimal(1_000_000)
# How far an amount may lie from its rounded value and still be written without "nära"/"drygt".
ROUNDING_TOLERANCE = Decimal("0.01")
# Stopped payouts within this share of the wrongly paid amount are "ungefär lika mycket".
SAME_AMOUNT_TOLERANCE = Decimal("0.10")


def _in_words(n, *, neuter):
    if n == 1 and not neuter:
        return "en"
    return _WORDS[n]


def _grouped(n):
    """Digits in groups of three with a space, the Swedish way: 1 200, 350 000."""
    return f"{n:,}".replace(",", " ")


def _two_significant(value):
    """`value` rounded half up to two significant digits (an int; 0 stays 0)."""
    value = Decimal(value)
    if value == 0:
        return 0
    exponent = value.adjusted() - 1
    step = Decimal(1).scaleb(exponent)
    return int((value / step).to_integral_value(rounding=ROUND_HALF_UP) * step)


def exactly(n, *, neuter=True):
    """A count stated exactly: in words below ten ("sex", "en"/"ett" by the noun's gender), else digits."""
    if n < 0:
        raise ValueError(f"A count is not negative: {n}")
    return _in_words(n, neuter=neuter) if n < 10 else _grouped(n)


def approximately(n, *, neuter=True):
    """A count as the press rounds it: "sex", "ett fyrtiotal", "omkring 25", "närmare femtio", "omkring 140"."""
    if n < 0:
        raise ValueError(f"A count is not negative: {n}")
    if n < 10:
        return _in_words(n, neuter=neuter)
    if n < 100:
        tens, last = divmod(n, 10)
        if last <= 3:
            return f"ett {_TENS[tens]}tal"
        if last <= 6:
            return f"omkring {n}"
        return f"närmare {_TENS[tens + 1]}"
    rounded = _two_significant(n)
    return _grouped(n) if rounded == n else f"omkring {_grouped(rounded)}"


def _qualifier(amount, rounded):
    """ "nära " below the rounded amount, "drygt " above it, nothing when within the tolerance."""
    if rounded == 0 or abs(amount - rounded) <= ROUNDING_TOLERANCE * rounded:
        return ""
    return "nära " if amount < rounded else "drygt "


def millions(amount):
    """Kronor as the press writes them: "1,5 miljoner kronor", "nära 1,5 miljoner kronor", "omkring 350 000 kronor"."""
    amount = Decimal(amount)
    if amount < 0:
        raise ValueError(f"An amount is not negative: {amount}")
    rounded = _two_significant(amount)
    if rounded < MILLION:
        return f"{_grouped(rounded)} kronor" if rounded == amount else f"omkring {_grouped(rounded)} kronor"
    in_millions = (amount / MILLION).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    number = f"{in_millions:f}".removesuffix(".0").replace(".", ",")
    noun = "miljon" if in_millions == 1 else "miljoner"
    return f"{_qualifier(amount, in_millions * MILLION)}{number} {noun} kronor"


def _listed(items, last_joiner="och"):
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last_joiner} {items[-1]}"


def _stated(shown):
    """The value of a published figure that may be stated, or None when it is hidden."""
    if shown is None or shown.is_hidden or shown.value is None:
        return None
    return shown.value


class _Period:
    """How the text names the period: "Under våren", "vårens insatser", what comes next."""

    def __init__(self, start, end):
        half = exact_half(start, end)
        if half is not None:
            year, which = half
            season, genitive = ("våren", "vårens") if which == FIRST_HALF else ("hösten", "höstens")
            self.during = f"Under {season}"
            self.work = f"{genitive} insatser"
            self.title = f"{season} {year}"
            self.next = "Under hösten" if which == FIRST_HALF else "Under våren"
        else:
            with translation.override("sv"):
                title = period_title(start, end)
            self.during = f"Under perioden {title}"
            self.work = f"insatserna under perioden {title}"
            self.title = title
            self.next = "Framöver"
        self.spans_years = start.year != end.year


def _agencies_sentence(published, period):
    names = [line.label for line in published.agencies if line.operations > 0]
    if not names:
        return ""
    if len(names) == 1:
        return f"Den aktör som deltagit i insatserna {period.during.lower()} är {names[0]}."
    return f"De aktörer som deltagit i insatserna {period.during.lower()} är {_listed(names)}."


def _money_sentences(published, period):
    wrongly_paid = _stated(published.key.get("wrongly_paid"))
    stopped = _stated(published.key.get("stopped"))
    sentences = []
    if wrongly_paid:
        sentences.append(
            f"En sammanställning av {period.work} visar att man vid de besök som utförts har identifierat "
            f"verksamheter som sammanlagt uppburit {millions(wrongly_paid)} i olika former av stöd som de "
            "inte haft laglig rätt till."
        )
    if stopped:
        reason = "då medverkande aktörer fått kunskap om förhållandena hos verksamheter som ansökt om olika bidrag."
        if wrongly_paid and abs(stopped - wrongly_paid) <= SAME_AMOUNT_TOLERANCE * wrongly_paid:
            sentences.append(f"Ungefär lika mycket pengar har inte betalats ut, {reason}")
        elif wrongly_paid:
            sentences.append(f"Dessutom har {millions(stopped)} inte betalats ut, {reason}")
        else:
            sentences.append(f"{period.during} har {millions(stopped)} inte betalats ut, {reason}")
    return " ".join(sentences)


def _visits_sentence(published, period):
    visits = _stated(published.key.get("visits"))
    premises = _stated(published.key.get("premises"))
    if visits == 0:
        return f"{period.during} utfördes inga besök."
    in_premises = None
    if premises:
        in_premises = "i en lokal" if premises == 1 else f"i totalt {exactly(premises)} olika lokaler"
    if visits and in_premises:
        return f"{period.during} utfördes sammanlagt {approximately(visits)} besök, {in_premises}."
    if visits:
        return f"{period.during} utfördes sammanlagt {approximately(visits)} besök."
    if premises:
        return f"{period.during} gjordes besök {in_premises}."
    return ""


def _premises_types_sentence(published):
    # Only types whose count is shown: a hidden one may be a small count, or even a zero hidden
    # to protect another, and naming it would say it was visited.
    names = [
        PREMISES_PLURALS[row.key]
        for row in published.premises_by_type
        if row.key in PREMISES_PLURALS and _stated(row.shown)
    ]
    if not names:
        return ""
    return f"Bland annat besöktes {_listed(names, 'samt')}."


def _empact_sentence(published, period):
    lines = [line for line in published.operations if line.kind == OperationKind.EMPACT]
    if not lines:
        return ""
    months = []
    for line in sorted(lines, key=lambda line: line.start):
        month = _MONTHS[line.start.month - 1] + (f" {line.start.year}" if period.spans_years else "")
        if month not in months:
            months.append(month)
    what, which = ("en insats", "Insatsen") if len(lines) == 1 else (f"{exactly(len(lines))} insatser", "Insatserna")
    return (
        f"I {_listed(months)} deltog man även i {what} inom ramen för EMPACT, EU:s samarbete mot grov "
        f"och organiserad brottslighet. {which} samordnades över hela Sverige och inom EU."
    )


def _paragraph(*sentences):
    return " ".join(sentence for sentence in sentences if sentence)


def press_release_text(published, *, municipality):
    """A Swedish press release draft from `published` (PublishedFigures); hidden figures are left out."""
    period = _Period(published.period_start, published.period_end)
    paragraphs = [
        f"Samverkan mot organiserad brottslighet i {municipality} – sammanställning av {period.title}",
        _paragraph(
            f"Arbetet inom lokal samverkan mot organiserad brottslighet (LOS) i {municipality} fortsätter. "
            "Målet är att förhindra eller försvåra för kriminella nätverk att etablera sig och bedriva "
            "verksamhet i kommunen.",
            _agencies_sentence(published, period),
        ),
        _money_sentences(published, period),
        _paragraph(
            _visits_sentence(published, period),
            _premises_types_sentence(published),
            _empact_sentence(published, period),
        ),
        f"{period.next} fortsätter samverkansinsatserna, och fler insatser är under planering.",
        "Fakta: Lokal samverkan mot organiserad brottslighet\n"
        "Inom LOS granskar kommunen, polisen och andra myndigheter tillsammans verksamheter där det "
        "misstänks förekomma kriminell verksamhet, var och en med stöd av sin egen lagstiftning. "
        "Siffrorna kommer från samverkans sammanställning av perioden. Små antal redovisas inte, så "
        "att ingen enskild verksamhet kan pekas ut.",
    ]
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph) + "\n"
