"""The starting catalogues of actions per agency kind and of trafficking indicators, and which
categories ask for a number or the indicator checklist (all editable in the admin afterwards)."""

from django.db import migrations

# Which actions each agency kind can take under its own law. "No action yet" is always offered.
ACTIONS = {
    "municipality": [
        "advice",
        "injunction",
        "prohibition",
        "conditional_fine",
        "sanction_fee",
        "withdrawn_licence",
        "police_report",
        "referral",
    ],
    "police": ["advice", "police_report", "referral"],
    "tax": ["advice", "injunction", "conditional_fine", "sanction_fee", "police_report", "referral"],
    "work_environment": [
        "advice",
        "injunction",
        "prohibition",
        "conditional_fine",
        "sanction_fee",
        "police_report",
        "referral",
    ],
    "fire_rescue": ["advice", "injunction", "prohibition", "conditional_fine", "police_report", "referral"],
    "employment_service": ["advice", "recovery_claim", "police_report", "referral"],
    "enforcement": ["advice", "police_report", "referral"],
    "other": [
        "advice",
        "injunction",
        "prohibition",
        "conditional_fine",
        "sanction_fee",
        "police_report",
        "recovery_claim",
        "withdrawn_licence",
        "referral",
    ],
}

# The EMPACT checklist: signs that a person may be a victim of trafficking for labour.
INDICATORS = [
    ("lives-at-workplace", "Bor på arbetsplatsen", "Lives at the workplace"),
    ("no-id-documents", "Har inte tillgång till egna id-handlingar", "No access to own identity documents"),
    ("excessive-hours", "Arbetar orimligt långa pass", "Works excessive hours"),
    ("little-or-no-pay", "Får ingen eller mycket låg lön", "Little or no pay"),
    ("controlled-by-others", "Verkar styrd av någon annan", "Appears to be controlled by someone else"),
    ("debt-bondage", "Har skuld till arbetsgivare eller förmedlare", "Owes a debt to the employer or recruiter"),
    ("restricted-movement", "Kan inte röra sig fritt", "Cannot move freely"),
    ("fear-of-authorities", "Rädd för myndigheter eller repressalier", "Afraid of authorities or reprisals"),
]

COUNTED_CATEGORIES = [
    ("police", "crime-reported"),
    ("police", "persons-arrested"),
    ("police", "seizure"),
    ("police", "no-right-to-work"),
    ("police", "trafficking-referral"),
]
CHECKLIST_CATEGORIES = [("police", "trafficking-indicators")]


def seed(apps, schema_editor):
    ActionOption = apps.get_model("findings", "ActionOption")
    Indicator = apps.get_model("findings", "Indicator")
    Category = apps.get_model("findings", "Category")
    for kind, actions in ACTIONS.items():
        for position, action in enumerate(actions):
            ActionOption.objects.update_or_create(agency_kind=kind, action=action, defaults={"position": position})
    for position, (code, name, name_en) in enumerate(INDICATORS):
        Indicator.objects.update_or_create(code=code, defaults={"name": name, "name_en": name_en, "position": position})
    for kind, code in COUNTED_CATEGORIES:
        Category.objects.filter(agency_kind=kind, code=code).update(asks_count=True)
    for kind, code in CHECKLIST_CATEGORIES:
        Category.objects.filter(agency_kind=kind, code=code).update(uses_indicators=True)


class Migration(migrations.Migration):
    dependencies = [("findings", "0004_catalogue_lifecycle_evidence_referrals")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
