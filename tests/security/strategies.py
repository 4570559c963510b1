"""Bad input for a form or a query: Hypothesis strategies per kind of field, mixing values that look
valid with hostile ones, and a few fixed sweeps that put one kind of bad value in every field.

Values are `str` (lone surrogates included: they go out as invalid UTF-8), `bytes` (sent as they
are) or `Upload` (a file field's name and content). A submission is a list of (name, value) pairs,
so a field can be left out or sent twice.
"""

import datetime
from dataclasses import dataclass

from hypothesis import strategies as st

from .payloads import SQL_FRAGMENTS, formula_payloads, script_payloads


@dataclass(frozen=True)
class Upload:
    name: str
    content: bytes
    content_type: str = "application/octet-stream"


# Fields the fuzz leaves as the page gave them: the CSRF check has tests of its own.
UNTOUCHED = {"csrfmiddlewaretoken"}
TEXT_KINDS = {"text", "textarea", "email"}
CHOICE_KINDS = {"select", "radio", "checkbox"}
DATE_KINDS = {"date", "datetime-local", "month", "time"}

# --- Values ------------------------------------------------------------------------------------

# Any character but lone surrogates (those come from `broken_unicode`). Named explicitly: text()
# with its default alphabet makes Hypothesis build a table of what UTF-8 can encode, seconds of
# work at every run once its cache folder is not kept.
characters = st.characters(exclude_categories=("Cs",))
markers = st.integers(min_value=0, max_value=9999)
script = st.builds(lambda n, i: script_payloads(n)[i], markers, st.integers(0, len(script_payloads(0)) - 1))
formula = st.builds(lambda n, i: formula_payloads(n)[i], markers, st.integers(0, len(formula_payloads(0)) - 1))
sql = st.sampled_from(SQL_FRAGMENTS)
# 10k–100k characters, built from a short piece so Hypothesis need not draw every character.
long_text = st.builds(
    lambda length, piece: (piece * (length // len(piece) + 1))[:length],
    st.integers(10_000, 100_000),
    st.sampled_from(["A", "å€😀", "<b>x</b>", "' OR 1=1 -- ", "1", "\n"]),
)
control = st.text(st.characters(min_codepoint=0, max_codepoint=0x1F) | st.just("\x7f"), min_size=1, max_size=12)
nul_inside = st.builds(lambda text: f"a\x00{text}", st.text(characters, max_size=8))
# Lone surrogates are not UTF-8: encoded with "surrogatepass" they reach the server as invalid bytes.
lone_surrogates = st.sampled_from(["\ud800", "abc\udfff", "\udcff\udcfe", "x\ud83dy"])
broken_unicode = lone_surrogates | st.binary(min_size=1, max_size=8)
odd_unicode = st.sampled_from(["\u202eevil", "\ufeff", "e\u0301", "ﬀ", "İ", "𝔘𝔫𝔦", "\u200b", "😀" * 30])
# Where a page sends the person next: header injection, other sites, scripts.
odd_paths = st.sampled_from(["/a\r\nSet-Cookie: x=1", "//evil.example/", "https://evil.example/", "javascript:xss_1"])

hostile_text = st.one_of(script, formula, sql, long_text, control, nul_inside, broken_unicode, odd_unicode)
plain_text = st.one_of(st.just(""), st.just("Kiosken vid torget"), st.text(characters, max_size=40))

HUGE_NUMBERS = [str(10**30), "-1", "1e309", "-1e309", "NaN", "inf", "-0", "1,5", "0x10", "١٢٣", "9" * 400, " 7 "]
numbers = st.one_of(
    st.sampled_from(HUGE_NUMBERS), st.integers(-(10**20), 10**20).map(str), st.floats(allow_nan=True).map(str)
)

ODD_DATES = [
    "0001-01-01",
    "9999-12-31",
    "2025-02-31",
    "31/02/2025",
    "",
    "0000-00-00",
    "2025-13-45",
    "99999-01-01",
    "-2025-01-01",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "2025-03-10T25:61",
    "2025-W10",
    "2025-06",
    "9999-12",
    "0001-01",
    "9999-2",
    "1e309",
]
dates = st.one_of(
    st.sampled_from(ODD_DATES), st.dates().map(datetime.date.isoformat), st.datetimes().map(datetime.datetime.isoformat)
)


def _csv(first, second):
    return f"namn;typ;adress;postnummer\n{first};kiosk;{second};602 21\n".encode("utf-8", "surrogatepass")


# The csv module refuses a cell over 131072 characters with an error of its own.
OVERSIZED_CSV = Upload("lokaler.csv", b"namn" + b"x" * 140_000 + b";typ;adress;postnummer\nKiosk;kiosk;Gatan 1;60221\n")
odd_files = st.one_of(
    st.builds(Upload, st.just("tom.csv"), st.just(b"")),
    st.builds(Upload, st.sampled_from(["bild.png", "lokaler.csv", "x.pdf"]), st.binary(max_size=2000)),
    st.builds(Upload, st.sampled_from(["lokaler.csv", "bild.png"]), st.builds(_csv, hostile_text, hostile_text)),
    st.just(OVERSIZED_CSV),
    st.builds(
        Upload,
        st.sampled_from(["../../etc/passwd", "<script>xss_1</script>.png", "a\x00.png", "x" * 300 + ".png", ""]),
        st.just(b"\x89PNG\r\n\x1a\n<html><script>xss_1</script>"),
        st.sampled_from(["image/png", "text/html", "application/octet-stream"]),
    ),
)


def field_values(field, foreign_ids):
    """Values for one field of `field.kind`; `foreign_ids` are ids of other collaborations' rows."""
    kept = st.just(field.default)
    ids = st.sampled_from(foreign_ids) if foreign_ids else st.nothing()
    options = st.sampled_from(field.options) if field.options else kept
    kind = field.kind
    if kind in ("text", "textarea"):
        return st.one_of(plain_text, hostile_text, kept)
    if kind == "email":
        return st.one_of(plain_text, hostile_text, st.just("a@b"), st.just("x" * 300 + "@example.com"))
    if kind == "number":
        return st.one_of(numbers, hostile_text, kept)
    if kind in ("select", "radio"):
        return st.one_of(options, ids, numbers, hostile_text)
    if kind == "checkbox":
        return st.one_of(options, st.just("on"), ids, hostile_text)
    if kind == "hidden":
        return st.one_of(kept, ids, numbers, odd_paths, hostile_text)
    if kind == "submit":
        return st.one_of(kept, hostile_text)
    if kind == "file":
        return odd_files
    if kind in DATE_KINDS:
        return st.one_of(dates, hostile_text)
    return st.one_of(plain_text, hostile_text)


# --- Plausible values --------------------------------------------------------------------------

# What a person would fill in where the page gives no value: most forms then pass their checks
# but for the one field being fuzzed, so the fuzz reaches the services behind the forms.
PLAUSIBLE = {
    "text": "Testvärde",
    "email": "testperson@example.com",
    "textarea": "Testvärde",
    "number": "1",
    "date": "2025-03-10",
    "datetime-local": "2025-03-10T10:00",
    "month": "2025-03",
    "time": "10:00",
}
PLAUSIBLE_FILE = Upload("lokaler.csv", b"namn;typ;adress;postnummer\nKiosken;kiosk;Gatan 1;602 21\n", "text/csv")


def plausible_pairs(field):
    """A field filled in as a person would: the page's value (every box it ticked), else a first
    choice or a plain value."""
    if field.kind == "file":
        return [(field.name, PLAUSIBLE_FILE)]
    if field.kind in CHOICE_KINDS:
        first = next((option for option in field.options if option), "")
        chosen = [value for value in field.selected if value] or [first]
        return [(field.name, value) for value in chosen if value or field.kind == "select"]
    return [(field.name, field.default or PLAUSIBLE.get(field.kind, ""))]


# --- Whole submissions -------------------------------------------------------------------------


def submission(form, foreign_ids=()):
    """Whole submissions of `form`: one, some or all fields fuzzed (a bad value, left out or sent
    twice), the others filled in plausibly."""
    fuzzable = [field for field in form.fields if field.name not in UNTOUCHED]
    untouched = [pair for field in form.fields if field.name in UNTOUCHED for pair in plausible_pairs(field)]
    # Built once per form, not per example: building strategies costs more than drawing from them.
    values = [field_values(field, foreign_ids) for field in fuzzable]
    modes = st.sampled_from(["fuzz", "drop", "twice"])

    @st.composite
    def draw_submission(draw):
        plan = draw(st.sampled_from(["one", "some", "all"])) if fuzzable else "none"
        if plan == "one":
            chosen = {draw(st.integers(0, len(fuzzable) - 1))}
        elif plan == "some":
            chosen = {i for i in range(len(fuzzable)) if draw(st.booleans())}
        else:
            chosen = set(range(len(fuzzable)))
        pairs = list(untouched)
        for index, field in enumerate(fuzzable):
            mode = draw(modes) if index in chosen else "plausible"
            if mode == "plausible":
                pairs.extend(plausible_pairs(field))
            elif mode == "fuzz":
                pairs.append((field.name, draw(values[index])))
            elif mode == "twice":
                pairs.extend([(field.name, draw(values[index])), (field.name, draw(values[index]))])
        return pairs

    return draw_submission()


def query(keys, fields_by_key, foreign_ids=()):
    """Query strings over `keys`: each key fuzzed, left out or repeated; a key that is a field of the
    page's own form also gets values of that field's kind."""
    generic = st.one_of(plain_text, hostile_text, numbers, dates, st.sampled_from(foreign_ids or ["1"]))
    ordered = sorted(keys)
    values = {
        key: st.one_of(field_values(fields_by_key[key], foreign_ids), generic) if key in fields_by_key else generic
        for key in ordered
    }
    modes = st.sampled_from(["fuzz", "fuzz", "drop", "twice"])

    @st.composite
    def draw_query(draw):
        pairs = []
        for key in ordered:
            mode = draw(modes)
            if mode == "fuzz":
                pairs.append((key, draw(values[key])))
            elif mode == "twice":
                pairs.extend([(key, draw(values[key])), (key, draw(values[key]))])
        return pairs

    return draw_query()


# --- Sweeps: one kind of bad value in every field it fits, the rest plausible --------------------

MARKUP = "<script>xss_0</script>\"><img src=x onerror=xss_0>' OR 1=1 --"
BROKEN = "a\x00\ud800\x1b\u202e"
# Long enough to pass any length a field allows and to be echoed back in bulk; the generated
# examples go up to 100 000 characters.
LONG = "Å" * 20_000


def _sweep(form, value_for):
    """Pairs where each field `value_for(field)` answers for gets that value (False: the field is
    left out), and every other field a plausible one."""
    pairs = []
    for field in form.fields:
        value = None if field.name in UNTOUCHED else value_for(field)
        if value is None:
            pairs.extend(plausible_pairs(field))
        elif value is not False:
            pairs.append((field.name, value))
    return pairs


def _dates(value_date, value_time):
    return lambda f: (value_date if f.kind == "date" else value_time) if f.kind in DATE_KINDS else None


def sweeps(form, foreign_ids=()):
    """Fixed submissions, one per kind of bad value, each reaching every field of that kind at once
    while the others are plausible (so the form's other checks pass and the value goes deep)."""
    kinds = {field.kind for field in form.fields if field.name not in UNTOUCHED}
    plans = [
        lambda f: False,  # every field left out
        lambda f: BROKEN if f.kind != "file" else OVERSIZED_CSV,
        lambda f: MARKUP if f.kind in TEXT_KINDS | {"hidden", "number"} else None,
        lambda f: LONG if f.kind not in CHOICE_KINDS | {"file"} else None,
        lambda f: str(10**30) if f.kind in CHOICE_KINDS | {"number", "hidden"} else None,
    ]
    if kinds & DATE_KINDS:
        plans += [_dates("0001-01-01", "0001-01-01T00:00"), _dates("9999-12-31", "9999-12-31T23:59")]
    if kinds & (CHOICE_KINDS | {"hidden"}) and foreign_ids:
        plans.append(lambda f: foreign_ids[-1] if f.kind in CHOICE_KINDS | {"hidden"} else None)
    unique = []
    for plan in plans:
        pairs = _sweep(form, plan)
        if pairs not in unique:
            unique.append(pairs)
    return unique


HOSTILE_QUERY = MARKUP + BROKEN


def query_sweeps(keys, foreign_ids=()):
    """Fixed query strings: none, then every key at once with one kind of bad value, then every
    key repeated."""
    values = [HOSTILE_QUERY, LONG, str(10**30), "0001-01-01", "9999-12-31", *foreign_ids[-1:]]
    repeated = [(key, value) for key in sorted(keys) for value in ("-1", HOSTILE_QUERY)]
    return [[], *([(key, value) for key in sorted(keys)] for value in values), repeated]
