"""The demo collaboration: a fictional spring modelled on the source press release.

Every business, address, person and signal here is invented. Organisation numbers are synthetic:
they start with 99 and get a valid check digit, so they pass validation without being
any real company's number.

What the figures must come to (tests check them): 25 premises of six types, 41 visits of
which 40 carried out, all 25 premises visited, one EMPACT action day in April, six active
agencies, 1 500 000 kr wrongfully paid out and 1 460 000 kr stopped before payout.
"""

from datetime import date
from decimal import Decimal

COLLABORATION = {"name": "LOS Norrköping", "slug": "norrkoping", "municipality": "Norrköping"}

# (key, name, kind); the first six are the ones the press release names as active.
AGENCIES = [
    ("kommun", "Norrköpings kommun", "municipality"),
    ("polis", "Polisen", "police"),
    ("amv", "Arbetsmiljöverket", "work_environment"),
    ("skv", "Skatteverket", "tax"),
    ("rtj", "Räddningstjänsten", "fire_rescue"),
    ("af", "Arbetsförmedlingen", "employment_service"),
    ("kfm", "Kronofogden", "enforcement"),
]

DEMO_PASSWORD = "demo-los-2026!"  # noqa: S105 — documented demo password, only created when DEBUG is on

# (username, first name, last name, agency key, role)
USERS = [
    ("anna", "Anna", "Berglund", "kommun", "coordinator"),
    ("petra", "Petra", "Sjöholm", "kommun", "press_officer"),
    ("maria", "Maria", "Ekström", "kommun", "inspector"),
    ("erik", "Erik", "Holmqvist", "skv", "inspector"),
    ("sara", "Sara", "Nyberg", "skv", "agency_admin"),
    ("farah", "Farah", "Haddad", "rtj", "inspector"),
    ("omar", "Omar", "Lindahl", "polis", "inspector"),
    ("lena", "Lena", "Vik", "amv", "inspector"),
    ("jonas", "Jonas", "Åkerlund", "af", "inspector"),
]

# (key, name, type, street address, postal code, business name)
PREMISES = [
    ("p01", "Motorgårdens Bilverkstad", "car_repair", "Smedjegatan 14", "602 23", "Motorgården Service HB"),
    ("p02", "Däck & Plåt Östra", "car_repair", "Verkstadsvägen 3", "603 61", "Östra Plåtslageri HB"),
    ("p03", "Snabbservice Bil", "car_repair", "Industrigatan 41", "602 38", "Snabbservice i Norden HB"),
    ("p04", "Lyftbommen Motor", "car_repair", "Kopparvägen 9", "603 55", "Lyftbommen Motor HB"),
    ("p05", "Garage Nordstjärnan", "car_repair", "Lokvägen 22", "602 20", "Nordstjärnans Garage HB"),
    ("p06", "Glansen Biltvätt", "car_wash", "Tvättstugevägen 5", "603 50", "Glansen Tvätt HB"),
    ("p07", "Skumtvätten", "car_wash", "Hamnvägen 17", "602 24", "Skumtvätten i Öst HB"),
    ("p08", "Blänk Handtvätt", "car_wash", "Gjutargatan 2", "602 28", "Blänk Handtvätt HB"),
    ("p09", "Kvarnens Biltvätt", "car_wash", "Kvarngatan 30", "603 63", "Kvarntvätt HB"),
    ("p10", "Bläckhornet Tatuering", "tattoo", "Drottningstigen 8", "602 32", "Bläckhornet Studio HB"),
    ("p11", "Nålstick Studio", "tattoo", "Fabriksgränd 4", "602 25", "Nålstick HB"),
    ("p12", "Svart Ros Tattoo", "tattoo", "Rosengatan 11", "602 27", "Svart Ros Konst HB"),
    ("p13", "Inkfabriken", "tattoo", "Spinnerigatan 6", "602 21", "Inkfabriken Öst HB"),
    ("p14", "Restaurang Kanalkanten", "restaurant", "Kanalpromenaden 12", "602 26", "Kanalkanten Mat HB"),
    ("p15", "Grillhörnan", "restaurant", "Torggränd 1", "602 29", "Grillhörnan i Centrum HB"),
    ("p16", "Pizzeria Strömmen", "restaurant", "Strömgatan 19", "602 30", "Strömmens Pizza HB"),
    ("p17", "Café Lyktan", "restaurant", "Lykttändargatan 7", "602 33", "Lyktan Café HB"),
    ("p18", "Restaurang Tegelbruket", "restaurant", "Tegelvägen 25", "603 62", "Tegelbrukets Krog HB"),
    ("p19", "Östgöta Köttgrossist", "food_wholesale", "Slaktarvägen 40", "603 64", "Östgöta Kött och Chark HB"),
    ("p20", "Livsmedelslagret Syd", "food_wholesale", "Lagervägen 12", "603 65", "Livsmedelslagret HB"),
    ("p21", "Grossisten på Hamnen", "food_wholesale", "Kajgatan 3", "602 39", "Hamngrossisten HB"),
    ("p22", "Kiosken Hörnet", "kiosk", "Hörngatan 2", "602 34", "Hörnkiosken HB"),
    ("p23", "Tobak & Spel Centrum", "kiosk", "Bryggaregatan 15", "602 35", "Centrumkiosken HB"),
    ("p24", "Kiosk Parkstugan", "kiosk", "Parkvägen 1", "602 36", "Parkstugans Kiosk HB"),
    ("p25", "Nattöppet Söder", "kiosk", "Södra Tullgatan 9", "602 37", "Nattöppet Söder HB"),
]

# (key, name, kind, first day, last day, participating agency keys, premises keys in visiting order)
OPERATIONS = [
    (
        "op1",
        "LOS-kväll januari",
        "los",
        date(2026, 1, 22),
        date(2026, 1, 22),
        ["kommun", "polis", "skv", "rtj"],
        ["p01", "p06", "p10", "p14", "p19", "p22"],
    ),
    (
        "op2",
        "LOS-kväll februari",
        "los",
        date(2026, 2, 19),
        date(2026, 2, 19),
        ["kommun", "polis", "skv", "rtj", "af"],
        ["p02", "p07", "p11", "p15", "p20", "p23"],
    ),
    (
        "op3",
        "LOS-kväll mars",
        "los",
        date(2026, 3, 19),
        date(2026, 3, 19),
        ["kommun", "polis", "skv", "amv", "af"],
        ["p03", "p08", "p12", "p16", "p21", "p24", "p01"],
    ),
    (
        "op4",
        "EMPACT-insatsdag mot människohandel",
        "empact",
        date(2026, 4, 15),
        date(2026, 4, 15),
        ["kommun", "polis", "skv", "amv", "af"],
        ["p04", "p09", "p13", "p17", "p25"],
    ),
    (
        "op5",
        "LOS-kvällar maj",
        "los",
        date(2026, 5, 13),
        date(2026, 5, 14),
        ["kommun", "polis", "skv", "amv", "rtj", "af"],
        ["p05", "p18", "p06", "p10", "p14", "p19", "p02", "p15", "p22"],
    ),
    (
        "op6",
        "LOS-kväll juni",
        "los",
        date(2026, 6, 10),
        date(2026, 6, 10),
        ["kommun", "polis", "skv", "amv", "rtj", "af"],
        ["p07", "p11", "p16", "p20", "p23", "p03", "p12", "p08"],
    ),
    # Planned for the autumn: shows the planning side; outside the spring's figures.
    (
        "op7",
        "LOS-kväll december",
        "los",
        date(2026, 12, 10),
        date(2026, 12, 10),
        ["kommun", "polis", "skv", "rtj"],
        ["p13", "p17", "p24"],
    ),
    # Skatteverket's national control of car washes falls on the same evening: erik is booked
    # on both, which the planning page warns about.
    (
        "op8",
        "Nationell kontroll av biltvättar",
        "national",
        date(2026, 12, 10),
        date(2026, 12, 10),
        ["skv", "amv", "polis"],
        ["p06", "p08"],
    ),
]

# What happened over the summer and autumn (händelser): (premises key, kind, date, source
# agency key, summary). They lift these premises in the ranking for the next operation.
SIGNALS = [
    ("p05", "police_event", date(2026, 8, 14), "polis", "Stöldgods misstänks i lokalen."),
    ("p05", "tip", date(2026, 10, 2), "kommun", "Tips om svartarbete kvällstid."),
    ("p09", "other_agency", date(2026, 9, 8), "af", "Anställning med stöd som verkar oklar."),
    ("p16", "complaint", date(2026, 7, 21), "kommun", "Klagomål på hygien och öppettider."),
    ("p16", "media", date(2026, 9, 30), "kommun", "Lokaltidningen skriver om kontantlöner."),
    ("p21", "other_agency", date(2026, 10, 19), "skv", "Stora kontantinköp utan kvitton."),
    ("p25", "police_event", date(2026, 11, 3), "polis", "Personer övernattar i lokalen."),
    ("p03", "tip", date(2026, 6, 25), "kommun", "Bilar repareras på gatan nattetid."),
]

# Visits that did not go ahead as planned: (operation key, premises key, outcome).
VISIT_OUTCOMES = {("op6", "p08"): "closed"}

# Money: (operation key, premises key, agency key, category code, action, status,
#         [(ledger kind, kind of support, amount, entry status)]).
# Wrongfully paid out adds up to exactly 1 500 000 kr; stopped to 1 460 000 kr.
MONEY_FINDINGS = [
    (
        "op2",
        "p15",
        "af",
        "wage-subsidy-without-right",
        "recovery_claim",
        "closed",
        [("wrongly_paid", "wage_subsidy", "386000", "decided"), ("stopped", "wage_subsidy", "412000", "decided")],
    ),
    (
        "op3",
        "p16",
        "af",
        "new-start-without-right",
        "recovery_claim",
        "closed",
        [("wrongly_paid", "new_start_job", "298000", "decided"), ("stopped", "new_start_job", "318000", "decided")],
    ),
    (
        "op4",
        "p09",
        "af",
        "wage-subsidy-without-right",
        "recovery_claim",
        "follow_up_due",
        [("wrongly_paid", "wage_subsidy", "171500", "decided"), ("stopped", "wage_subsidy", "233000", "estimated")],
    ),
    (
        "op4",
        "p17",
        "af",
        "new-start-without-right",
        "recovery_claim",
        "follow_up_due",
        [
            ("wrongly_paid", "new_start_job", "156000", "estimated"),
            ("stopped", "introduction_job", "187000", "decided"),
        ],
    ),
    (
        "op5",
        "p18",
        "af",
        "wage-subsidy-without-right",
        "recovery_claim",
        "action_taken",
        [("wrongly_paid", "introduction_job", "124000", "decided")],
    ),
    (
        "op5",
        "p14",
        "kommun",
        "alcohol-without-licence",
        "withdrawn_licence",
        "closed",
        [("wrongly_paid", "municipal_grant", "120000", "decided"), ("stopped", "municipal_grant", "310000", "decided")],
    ),
]

# The demo shows how a figure is corrected without editing history: an estimate of
# 250 000 kr, later decided at 244 500 kr. Only the decided entry counts.
CORRECTED_ENTRY = {
    "finding": ("op6", "p20", "af", "wage-subsidy-without-right", "recovery_claim", "follow_up_due"),
    "estimate": ("wrongly_paid", "wage_subsidy", "250000", "estimated"),
    "decided": ("wrongly_paid", "wage_subsidy", "244500", "decided"),
}

EXPECTED_WRONGLY_PAID = Decimal("1500000")
EXPECTED_STOPPED = Decimal("1460000")

# Findings without money, per agency kind: (category code, action, status) in turn.
ROUTINE_FINDINGS = {
    "kommun": [
        ("food-hygiene", "advice", "corrected"),
        ("registration-missing", "advice", "corrected"),
        ("tobacco-without-permit", "injunction", "follow_up_due"),
        ("building-without-permit", "injunction", "action_taken"),
    ],
    "polis": [
        ("crime-reported", "police_report", "closed"),
        ("no-right-to-work", "police_report", "closed"),
        ("seizure", "police_report", "closed"),
        ("persons-arrested", "police_report", "closed"),
    ],
    "skv": [
        ("staff-ledger", "sanction_fee", "closed"),
        ("cash-register", "injunction", "follow_up_due"),
        ("undeclared-work", "referral", "action_taken"),
        ("f-tax", "advice", "corrected"),
    ],
    "amv": [
        ("safety-deficiency", "injunction", "follow_up_due"),
        ("serious-risk", "prohibition", "corrected"),
        ("no-permit-staff", "referral", "action_taken"),
    ],
    "rtj": [
        ("fire-safety", "injunction", "corrected"),
        ("escape-routes", "prohibition", "corrected"),
        ("flammable-goods", "injunction", "follow_up_due"),
    ],
    "af": [("unclear-employment", "advice", "corrected")],
}

# Skatteverket's control fee for a missing staff ledger (kontrollavgift) in the demo.
STAFF_LEDGER_FEE = Decimal("12500")

# The EMPACT day's trafficking indicators, recorded by the police at these premises, with
# the indicators of the checklist that were observed.
TRAFFICKING_FINDINGS = [
    ("op4", "p09", ["lives-at-workplace", "excessive-hours", "little-or-no-pay"]),
    ("op4", "p13", ["no-id-documents", "controlled-by-others", "debt-bondage", "fear-of-authorities"]),
    ("op4", "p25", ["lives-at-workplace", "restricted-movement"]),
]
# Potential victims the police referred to support on the EMPACT day.
VICTIMS_REFERRED = 2

# Countable police categories: the number recorded with each routine finding.
ROUTINE_QUANTITIES = {"crime-reported": 2, "no-right-to-work": 3, "seizure": 1, "persons-arrested": 1}

# Referrals the demo agencies made to each other: (category code of the finding, agency key
# of the receiver). The first finding of that category gets the referral.
REFERRALS = [("undeclared-work", "af"), ("no-permit-staff", "polis")]

# How a finding reached its status, for its history: the steps from "open".
STATUS_PATHS = {
    "open": [],
    "action_taken": ["action_taken"],
    "follow_up_due": ["action_taken", "follow_up_due"],
    "corrected": ["action_taken", "follow_up_due", "corrected"],
    "not_corrected": ["action_taken", "follow_up_due", "not_corrected"],
    "escalated": ["action_taken", "escalated"],
    "closed": ["action_taken", "closed"],
}

# Grounds every demo agency may release findings on (kept by each agency admin afterwards).
LEGAL_GROUNDS = [
    ("10 kap. 2 § OSL", "Nödvändigt utlämnande för att myndigheten ska kunna fullgöra sin verksamhet."),
    ("10 kap. 27 § OSL", "Uppenbart att intresset av att uppgiften lämnas ut har företräde."),
    ("10 kap. 28 § OSL", "Uppgiftsskyldighet som följer av lag eller förordning."),
]

# One finding the tax agency has released to the collaboration, so the demo shows both sides.
RELEASED_FINDING = ("op2", "p15", "skv", "erik", "10 kap. 2 § OSL")
