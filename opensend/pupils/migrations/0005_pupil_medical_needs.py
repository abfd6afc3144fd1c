import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("pupils", "0004_import_job_one_running_per_school"),
    ]

    operations = [
        migrations.AddField(
            model_name="pupil",
            name="medical_needs",
            field=models.TextField(
                blank=True,
                help_text=(
                    "Medical conditions staff need to know about and what to do, one to a line. "
                    "For example: Asthma: blue inhaler in her bag; may need it after PE."
                ),
                validators=[
                    django.core.validators.MaxLengthValidator(
                        2000, message="Medical needs must be 2,000 characters or fewer"
                    )
                ],
            ),
        ),
    ]
