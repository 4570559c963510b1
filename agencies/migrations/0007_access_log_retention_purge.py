"""On PostgreSQL the access log's trigger lets one change through: the retention purge deleting
rows older than the shortest retention period, inside a transaction that says so (see `los/append_only.py`). An update is still
refused, and so is a delete by anyone else."""

from django.db import migrations

from los.append_only import purge_may_delete_older_than, purge_passage

allow_purge, refuse_purge = purge_passage(
    name="agencies_accesslog_append_only",
    message="access log is append-only",
    hint="Rows of the access log are never updated or deleted.",
    purge_may=purge_may_delete_older_than("at"),
)


class Migration(migrations.Migration):
    dependencies = [("agencies", "0006_collaboration_retention")]

    operations = [migrations.RunPython(allow_purge, refuse_purge, elidable=False)]
