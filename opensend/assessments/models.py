"""Screener and standardised assessment results: each a record in its own right, kept over time
so a pupil's progress on one test can be read as a line."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from opensend.core.models import ArchivableModel, TimestampedModel, VersionedModel
from opensend.pupils.models import Pupil
from opensend.schools.models import School

# Offered as suggestions (a datalist): the test name stays free text, as schools use many more.
COMMON_TESTS: tuple[str, ...] = (
    "York Assessment of Reading for Comprehension (YARC)",
    "Dyslexia Screening Test",
    "GL Dyslexia Screener",
    "Phonological Assessment Battery (PhAB 2)",
    "Salford Sentence Reading Test",
    "New Group Reading Test (NGRT)",
    "Single Word Spelling Test (SWST)",
    "Wide Range Achievement Test (WRAT)",
    "British Picture Vocabulary Scale (BPVS)",
    "Language Link",
    "Sandwell Early Numeracy Test",
    "NFER reading",
    "NFER maths",
    "Cognitive Abilities Test (CAT4)",
    "Boxall Profile",
    "Strengths and Difficulties Questionnaire (SDQ)",
)

# Standardised scores have a mean of 100 and a standard deviation of 15; 85 to 115 is "average".
AVERAGE_LOW = 85
AVERAGE_HIGH = 115


class AssessmentResult(TimestampedModel, ArchivableModel, VersionedModel):
    """One sitting of one test by one pupil."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="assessment_results")
    # The school that gave the test; the result stays on the pupil's record if they move on.
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    test_name = models.CharField(max_length=120)
    taken_on = models.DateField("date taken")
    raw_score = models.PositiveIntegerField(null=True, blank=True)
    standardised_score = models.PositiveSmallIntegerField(null=True, blank=True)
    percentile = models.PositiveSmallIntegerField(null=True, blank=True)
    age_equivalent_months = models.PositiveSmallIntegerField("age equivalent (months)", null=True, blank=True)
    # A member of staff, or the name of whoever else gave the test (an educational psychologist,
    # a speech and language therapist).
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assessor_name = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["pupil", "test_name", "taken_on"]
        indexes = [models.Index(fields=["pupil", "taken_on"], name="assessment_pupil_taken")]
        constraints = [
            models.CheckConstraint(
                condition=Q(raw_score__isnull=False)
                | Q(standardised_score__isnull=False)
                | Q(percentile__isnull=False)
                | Q(age_equivalent_months__isnull=False),
                name="assessment_has_a_result",
            ),
            models.CheckConstraint(
                condition=Q(standardised_score__isnull=True) | Q(standardised_score__range=(1, 250)),
                name="assessment_standardised_score_range",
            ),
            models.CheckConstraint(
                condition=Q(percentile__isnull=True) | Q(percentile__lte=100), name="assessment_percentile_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.test_name} on {self.taken_on:%d/%m/%Y}"

    @property
    def age_equivalent(self) -> str:
        if self.age_equivalent_months is None:
            return ""
        years, months = divmod(self.age_equivalent_months, 12)
        return f"{years} year{'s' if years != 1 else ''} {months} month{'s' if months != 1 else ''}"

    @property
    def assessed_by(self) -> str:
        if self.assessor_id is not None:
            return self.assessor.display_name
        return self.assessor_name
