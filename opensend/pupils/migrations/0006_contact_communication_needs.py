from django.db import migrations, models

METHODS = [
    ("phone", "Phone call"),
    ("email", "Email"),
    ("text", "Text message"),
    ("letter", "Letter"),
    ("in-person", "In person"),
]


class Migration(migrations.Migration):
    dependencies = [("pupils", "0005_pupil_medical_needs")]

    operations = [
        migrations.AddField(
            "contact", "language", models.CharField(blank=True, max_length=60, verbose_name="preferred language")
        ),
        migrations.AddField("contact", "interpreter_needed", models.BooleanField(default=False)),
        migrations.AddField(
            "contact",
            "preferred_contact",
            models.CharField(blank=True, choices=METHODS, max_length=10, verbose_name="preferred way to be contacted"),
        ),
        migrations.AddField("contact", "accessibility_needs", models.TextField(blank=True)),
    ]
