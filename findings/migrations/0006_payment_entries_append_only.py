"""On PostgreSQL the database itself refuses to change or delete a ledger entry.

A correction is a new entry that supersedes the old one; editing or removing history would
break the trace from a published figure back to its entries.
"""

from django.db import migrations

from los.append_only import append_only

create_trigger, drop_trigger = append_only(
    "findings",
    "PaymentEntry",
    name="findings_paymententry_append_only",
    message="ledger entries are append-only",
    hint="Correct an entry with a new entry that supersedes it.",
)


class Migration(migrations.Migration):
    dependencies = [("findings", "0005_seed_actions_and_indicators")]

    operations = [migrations.RunPython(create_trigger, drop_trigger, elidable=False)]
