"""Parents' meetings become meetings of every kind: the free-text attendees are kept as the others
present (professionals for now), the agreed actions as the decisions, and each meeting gains the
staff and family present, the pupil's and the family's views, and actions with owners and dates."""

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

KINDS = [
    ("sen-support-review", "SEN support review (APDR)"),
    ("parents-consultation", "Parents' consultation"),
    ("multi-agency", "Multi-agency meeting"),
    ("team-around-family", "Team around the family"),
    ("pep", "Personal education plan (PEP) meeting"),
    ("transition", "Transition meeting"),
    ("annual-review", "EHCP annual review meeting"),
    ("other", "Other meeting"),
]


def kinds_back_to_other(apps, schema_editor):
    """Going back, the kinds the earlier schema does not know become "other", so every row is kept."""
    meetings = apps.get_model("plans", "ParentMeeting")
    meetings.objects.exclude(kind__in=["sen-support-review", "other"]).update(kind="other")


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0003_cycle_assessment_results"),
        ("pupils", "0006_contact_communication_needs"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("parentmeeting", "attendees", "other_attendees"),
        migrations.AlterField("parentmeeting", "other_attendees", models.TextField(blank=True)),
        migrations.RenameField("parentmeeting", "agreed_actions", "decisions"),
        migrations.RemoveConstraint("parentmeeting", "parent_meeting_kind_known"),
        migrations.AlterField("parentmeeting", "kind", models.CharField(choices=KINDS, max_length=20)),
        migrations.RunPython(migrations.RunPython.noop, kinds_back_to_other),
        migrations.AddConstraint(
            "parentmeeting",
            models.CheckConstraint(
                condition=models.Q(kind__in=[value for value, _ in KINDS]), name="parent_meeting_kind_known"
            ),
        ),
        migrations.AddField("parentmeeting", "pupil_views", models.TextField(blank=True)),
        migrations.AddField("parentmeeting", "family_views", models.TextField(blank=True)),
        migrations.AddField(
            "parentmeeting",
            "staff_present",
            models.ManyToManyField(blank=True, related_name="+", to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            "parentmeeting",
            "family_present",
            models.ManyToManyField(blank=True, related_name="+", to="pupils.contact"),
        ),
        migrations.CreateModel(
            name="MeetingAction",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("description", models.TextField()),
                ("due_on", models.DateField()),
                ("done_on", models.DateField(blank=True, null=True)),
                (
                    "done_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="actions", to="plans.parentmeeting"
                    ),
                ),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "ordering": ["meeting", "due_on", "pk"],
                "indexes": [models.Index(fields=["owner", "done_on", "due_on"], name="meeting_action_owner_open")],
            },
        ),
    ]
