import uuid

from django.db import migrations, models


def give_each_line_a_public_id(apps, schema_editor):
    ProvisionLine = apps.get_model("ehc", "ProvisionLine")
    for line in ProvisionLine.objects.filter(public_id__isnull=True).only("pk"):
        line.public_id = uuid.uuid4()
        line.save(update_fields=["public_id"])


class Migration(migrations.Migration):
    dependencies = [("ehc", "0005_plan_owner_under_fives_outcome_progress_provision_links")]

    operations = [
        migrations.RunPython(give_each_line_a_public_id, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="provisionline",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
