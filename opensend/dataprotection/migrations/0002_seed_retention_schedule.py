"""The retention schedule's rows from the IRMS toolkit for schools (statutory-rules.md 7.1)."""

from django.db import migrations

RULES = [
    {
        "key": "sen-file",
        "record_kind": "SEN file",
        "description": (
            "SEN files, reviews and EHC plans, including advice and information given to parents about "
            "educational needs and the accessibility strategy. In OpenSEND: the pupil's whole record "
            "(details, register history, needs, concerns, assessments, plans, passports, meetings) and "
            "its audit trail."
        ),
        "applies_to": "sen-file",
        "trigger": "date-of-birth",
        "period_years": 31,
        "action": "destroy",
        "held_by": "The last school the pupil attended; earlier schools pass the file on.",
        "source": (
            "IRMS Information Management Toolkit for Schools (2019): date of birth + 31 years, the EHC "
            "plan's longest life (to age 25) and 6 years under the Limitation Act 1980."
        ),
    },
    {
        "key": "pupil-record",
        "record_kind": "Pupil educational record",
        "description": (
            "The record of a pupil who never had a SEND record: details, enrolments, contacts and the audit trail."
        ),
        "applies_to": "no-sen-file",
        "trigger": "date-of-birth",
        "period_years": 25,
        "action": "destroy",
        "held_by": "The last school (usually the secondary); primary schools transfer the record.",
        "source": "IRMS Information Management Toolkit for Schools: pupil educational record, date of birth + 25 years.",
    },
    {
        "key": "child-protection",
        "record_kind": "Child protection file",
        "description": (
            "Safeguarding files are kept by the designated safeguarding lead outside OpenSEND. Listed so "
            "the schedule is complete; OpenSEND destroys nothing under it."
        ),
        "applies_to": "not-held",
        "trigger": "date-of-birth",
        "period_years": 25,
        "action": "review",
        "held_by": "Transferred with the pupil; kept longer where an inquiry asks records to be held.",
        "source": "IRMS Information Management Toolkit for Schools: child protection files, date of birth + 25 years.",
    },
]


def seed(apps, schema_editor):
    RetentionRule = apps.get_model("dataprotection", "RetentionRule")
    for rule in RULES:
        RetentionRule.objects.update_or_create(key=rule["key"], defaults=rule)


def unseed(apps, schema_editor):
    apps.get_model("dataprotection", "RetentionRule").objects.filter(key__in=[r["key"] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("dataprotection", "0001_retention_schedule")]

    operations = [migrations.RunPython(seed, unseed)]
