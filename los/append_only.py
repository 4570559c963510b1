"""A PostgreSQL trigger that refuses UPDATE and DELETE on a table: history that is only added to.

The models and services refuse such changes too, but raw SQL, a bulk tool or a future bug would
pass them by; the trigger does not. Other databases (SQLite for the local demo) rely on the code.
TRUNCATE is not guarded: Django's test runner empties tables with it, and the application never
issues it (in production its database role should not hold the privilege).

One narrow way through exists: retention (gallring). Personal data may not be kept for ever, so
the nightly purge must delete old rows of the access log and clear the person from old ledger
entries. Inside `allowing_retention_purge()` the transaction carries the setting `los.retention_purge`,
and a table's trigger function lets a statement pass only when that setting is on AND the change
is the one kind the purge makes on that table (`purge_may_delete_older_than(column)`,
`purge_may_clear(column)`);
everything else is refused as before, setting or not.
"""

from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction

PURGE_SETTING = "los.retention_purge"

# The youngest row the purge may ever delete. The shortest retention period is one month, and a
# month back from any day is at least 28 days; one day less leaves room for the hours between
# Swedish and server time. A session that turns the setting on still cannot erase recent history.
MIN_PURGE_AGE_DAYS = 27


# plpgsql conditions on TG_OP, OLD and NEW: the one change the purge may make to a table.
def purge_may_delete_older_than(column):
    """A DELETE of a row whose `column` (a timestamp) is older than MIN_PURGE_AGE_DAYS."""
    return f"TG_OP = 'DELETE' AND OLD.{column} < now() - interval '{MIN_PURGE_AGE_DAYS} days'"


def purge_may_clear(column):
    """An UPDATE that sets `column` to NULL and leaves every other column as it was."""
    return f"TG_OP = 'UPDATE' AND NEW.{column} IS NULL AND (to_jsonb(NEW) - '{column}') = (to_jsonb(OLD) - '{column}')"


def _function_sql(name, message, hint, purge_may=None):
    passage = ""
    if purge_may:
        # current_setting(..., true) is NULL when never set and '' after an earlier transaction's
        # SET LOCAL ended; only 'on', set in this very transaction, opens the way.
        passage = f"""
                IF current_setting('{PURGE_SETTING}', true) = 'on' AND ({purge_may}) THEN
                    IF TG_OP = 'DELETE' THEN
                        RETURN OLD;
                    END IF;
                    RETURN NEW;
                END IF;"""
    return f"""
            CREATE OR REPLACE FUNCTION {name}() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN{passage}
                RAISE EXCEPTION '{message}' USING HINT = '{hint}';
            END;
            $$
            """


def append_only(app_label, model_name, *, name, message, hint):
    """The (forwards, backwards) pair for `migrations.RunPython` that adds and removes the
    trigger and its function, both called `name`."""

    def table(apps, schema_editor):
        return schema_editor.quote_name(apps.get_model(app_label, model_name)._meta.db_table)

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(_function_sql(name, message, hint))
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


def purge_passage(*, name, message, hint, purge_may):
    """The (forwards, backwards) pair for `migrations.RunPython` that replaces the function of
    the append-only trigger `name` by one that also lets the purge's change `purge_may` through,
    and back by the strict one. The trigger itself stays as it is."""

    def replace(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(_function_sql(name, message, hint, purge_may))

    def restore(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(_function_sql(name, message, hint))

    return replace, restore


@contextmanager
def allowing_retention_purge(using=DEFAULT_DB_ALIAS):
    """A transaction (a savepoint inside an outer one) in which the append-only triggers let the
    purge's own changes through. Only the retention purge may use it.

    The setting is turned off again at the end of the block, so the rest of an enclosing
    transaction is guarded as before; on an error the rollback undoes the setting with the rest."""
    connection = connections[using]
    with transaction.atomic(using=using):
        _set_purge(connection, "on")
        yield
        _set_purge(connection, "off")


def _set_purge(connection, value):
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [PURGE_SETTING, value])
