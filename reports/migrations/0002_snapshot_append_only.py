"""On PostgreSQL the database itself refuses to change or delete a published snapshot.

What was published must be reproducible: the figures and their checksum stay as they were.
"""

from django.db import migrations

from los.append_only import append_only

create_trigger, drop_trigger = append_only(
    "reports",
    "PublishedSnapshot",
    name="reports_publishedsnapshot_append_only",
    message="published snapshots never change",
    hint="Publish a new summary of the period instead.",
)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_summaries")]

    operations = [migrations.RunPython(create_trigger, drop_trigger, elidable=False)]
