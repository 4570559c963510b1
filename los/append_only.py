"""A PostgreSQL trigger that refuses UPDATE and DELETE on a table: history that is only added to.

The models and services refuse such changes too, but raw SQL, a bulk tool or a future bug would
pass them by; the trigger does not. Other databases (SQLite for the local demo) rely on the code.
TRUNCATE is not guarded: Django's test runner empties tables with it, and the application never
issues it (in production its database role should not hold the privilege).
"""


def append_only(app_label, model_name, *, name, message, hint):
    """The (forwards, backwards) pair for `migrations.RunPython` that adds and removes the
    trigger and its function, both called `name`."""

    def table(apps, schema_editor):
        return schema_editor.quote_name(apps.get_model(app_label, model_name)._meta.db_table)

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            f"""
            CREATE OR REPLACE FUNCTION {name}() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '{message}' USING HINT = '{hint}';
            END;
            $$
            """
        )
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table(apps, schema_editor)}")
        schema_editor.execute(
            f"CREATE TRIGGER {name} BEFORE UPDATE OR DELETE ON {table(apps, schema_editor)} "
            f"FOR EACH ROW EXECUTE FUNCTION {name}()"
        )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table(apps, schema_editor)}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")

    return create, drop
