"""On PostgreSQL the database itself refuses to change or remove a row of the access log.

The model and its queryset refuse too; see `los/append_only.py` for why the database does as well.
"""

from django.db import migrations

from los.append_only import append_only

create_trigger, drop_trigger = append_only(
    "agencies",
    "AccessLogEntry",
    name="agencies_accesslog_append_only",
    message="access log is append-only",
    hint="Rows of the access log are never updated or deleted.",
)


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0002_legal_grounds_access_log"),
    ]

    operations = [
        migrations.RunPython(create_trigger, drop_trigger, elidable=False),
    ]
