"""On PostgreSQL the database itself refuses to change or remove a row of the access log.

The model and its queryset refuse too, but raw SQL, a bulk tool or a future bug would pass
them by; this trigger does not. SQLite (the local demo) relies on the model alone.

TRUNCATE is not guarded by a trigger: Django's test runner empties the database with
TRUNCATE between tests that commit, and the application never issues it. In production
the database role the application uses should not hold the TRUNCATE privilege.
"""

from django.db import migrations

FUNCTION = "agencies_accesslog_append_only"
TRIGGER = "agencies_accesslog_append_only"


def _table(apps, schema_editor):
    model = apps.get_model("agencies", "AccessLogEntry")
    return schema_editor.quote_name(model._meta.db_table)


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = _table(apps, schema_editor)
    schema_editor.execute(
        f"""
        CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'access log is append-only'
                USING HINT = 'Rows of the access log are never updated or deleted.';
        END;
        $$
        """
    )
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {table}")
    schema_editor.execute(
        f"CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
    )


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {_table(apps, schema_editor)}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0002_legal_grounds_access_log"),
    ]

    operations = [
        migrations.RunPython(create_trigger, drop_trigger, elidable=False),
    ]
