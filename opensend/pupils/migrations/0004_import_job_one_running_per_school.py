from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

RUNNING = ["pending", "validating", "applying"]
STOPPED = (
    "This import stopped before it finished (the server restarted). Nothing was changed: "
    "the import writes everything or nothing. Upload the file again."
)


def fail_all_but_the_newest_running_job(apps, schema_editor):
    """At most one job per school can still be running; the older ones were lost in a restart.
    Failing them lets the constraint be added."""
    ImportJob = apps.get_model("pupils", "ImportJob")
    seen = set()
    for job in ImportJob.objects.filter(status__in=RUNNING).order_by("school_id", "-created_at"):
        if job.school_id in seen:
            job.status = "failed"
            job.errors = [{"row": 0, "field": "", "message": STOPPED}]
            job.content = ""
            job.finished_at = timezone.now()
            job.save(update_fields=["status", "errors", "content", "finished_at"])
        seen.add(job.school_id)


class Migration(migrations.Migration):
    dependencies = [
        ("pupils", "0003_import_job_heartbeat"),
        ("schools", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(fail_all_but_the_newest_running_job, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="importjob",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", RUNNING)),
                fields=("school",),
                name="import_job_one_running_per_school",
            ),
        ),
    ]
