"""Each grant on a finding carries the finding's collaboration (see FindingGroupObjectPermission)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_collaborations(apps, schema_editor):
    Grant = apps.get_model("findings", "FindingGroupObjectPermission")
    Finding = apps.get_model("findings", "Finding")
    of_finding = Finding.objects.filter(pk=OuterRef("content_object_id")).values("collaboration_id")[:1]
    Grant.objects.update(collaboration_id=Subquery(of_finding))


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0005_collaboration_suppression_threshold"),
        ("findings", "0009_finding_scope_includes_id"),
    ]

    operations = [
        migrations.AddField(
            model_name="findinggroupobjectpermission",
            name="collaboration",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="agencies.collaboration",
                verbose_name="collaboration",
            ),
        ),
        migrations.RunPython(copy_collaborations, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="findinggroupobjectpermission",
            name="collaboration",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="agencies.collaboration",
                verbose_name="collaboration",
            ),
        ),
        migrations.AddIndex(
            model_name="findinggroupobjectpermission",
            index=models.Index(
                fields=["group", "permission", "collaboration"], include=("content_object",), name="grant_scope"
            ),
        ),
    ]
