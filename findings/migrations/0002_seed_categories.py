"""The starting catalogue of finding categories per agency kind (editable in the admin afterwards)."""

from django.db import migrations

# (agency kind, code, Swedish name, English name, severity 1–3)
CATEGORIES = [
    ("tax", "staff-ledger", "Personalliggare saknas eller är bristfällig", "Staff ledger missing or faulty", 2),
    ("tax", "cash-register", "Kassaregister saknas eller är felaktigt", "Cash register missing or faulty", 2),
    ("tax", "undeclared-work", "Svartarbete", "Undeclared work", 3),
    ("tax", "f-tax", "F-skatt saknas", "No F-tax registration", 1),
    ("work_environment", "safety-deficiency", "Brister i arbetsmiljön", "Work environment deficiencies", 2),
    ("work_environment", "serious-risk", "Allvarlig risk för liv eller hälsa", "Serious risk to life or health", 3),
    ("work_environment", "no-permit-staff", "Anställda utan arbetstillstånd", "Employees without work permit", 3),
    ("fire_rescue", "fire-safety", "Brister i brandskyddet", "Fire safety deficiencies", 2),
    ("fire_rescue", "escape-routes", "Blockerade utrymningsvägar", "Blocked escape routes", 3),
    ("fire_rescue", "flammable-goods", "Brandfarlig vara utan tillstånd", "Flammable goods without permit", 3),
    ("employment_service", "wage-subsidy-without-right", "Lönestöd utan rätt", "Wage subsidy paid without right", 3),
    ("employment_service", "new-start-without-right", "Nystartsjobb utan rätt", "New-start job paid without right", 3),
    ("employment_service", "unclear-employment", "Oklar anställning", "Unclear employment", 1),
    (
        "municipality",
        "alcohol-without-licence",
        "Servering av alkohol utan tillstånd",
        "Serving alcohol without licence",
        3,
    ),
    ("municipality", "food-hygiene", "Brister i livsmedelshygien", "Food hygiene deficiencies", 2),
    ("municipality", "registration-missing", "Registrering saknas", "Registration missing", 1),
    (
        "municipality",
        "building-without-permit",
        "Bygglov saknas eller ändrad användning",
        "Building without permit or changed use",
        2,
    ),
    ("municipality", "tobacco-without-permit", "Tobaksförsäljning utan tillstånd", "Tobacco sales without permit", 2),
    ("police", "crime-reported", "Brott anmält", "Crime reported", 3),
    ("police", "persons-arrested", "Person gripen", "Person arrested", 3),
    ("police", "seizure", "Beslag", "Seizure", 3),
    ("police", "no-right-to-work", "Person utan rätt att arbeta", "Person without right to work", 2),
    ("police", "trafficking-indicators", "Indikatorer på människohandel", "Human trafficking indicators", 3),
    ("police", "trafficking-referral", "Möjligt offer hänvisat till stöd", "Potential victim referred to support", 3),
    ("enforcement", "distraint", "Utmätning", "Distraint", 2),
    (
        "enforcement",
        "debts-registered",
        "Skulder hos Kronofogden",
        "Debts registered with the enforcement authority",
        1,
    ),
    ("other", "other", "Övrig iakttagelse", "Other finding", 1),
]


def seed(apps, schema_editor):
    Category = apps.get_model("findings", "Category")
    for position, (kind, code, name, name_en, severity) in enumerate(CATEGORIES):
        Category.objects.update_or_create(
            agency_kind=kind,
            code=code,
            defaults={"name": name, "name_en": name_en, "severity": severity, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("findings", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
