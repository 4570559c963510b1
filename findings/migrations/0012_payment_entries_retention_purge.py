"""On PostgreSQL the ledger's trigger lets one change through: the retention purge clearing who
recorded an entry of an anonymised finding, inside a transaction that says so (see
`los/append_only.py`). An entry is still never deleted, and its amount, kind, dates and chain of
corrections never change."""

from django.db import migrations

from los.append_only import purge_may_clear, purge_passage

allow_purge, refuse_purge = purge_passage(
    name="findings_paymententry_append_only",
    message="ledger entries are append-only",
    hint="Correct an entry with a new entry that supersedes it.",
    purge_may=purge_may_clear("created_by_id"),
)


class Migration(migrations.Migration):
    dependencies = [("findings", "0011_retention")]

    operations = [migrations.RunPython(allow_purge, refuse_purge, elidable=False)]
