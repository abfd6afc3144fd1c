"""Pupil passports (one-page profiles): what every adult working with a child should know, in the
child's own words where possible. Each save is a new numbered version; saved versions never change."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from opensend.pupils.models import Pupil
from opensend.schools.models import School


class ImmutableRowError(RuntimeError):
    pass


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableRowError("Saved passport versions cannot be changed: save a new version.")


# (field, heading) in the order the profile shows them.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("about_me", "About me"),
    ("important_to_me", "What is important to me"),
    ("find_hard", "What I find hard"),
    ("helps_me", "What helps me"),
    ("does_not_help", "What does not help me"),
    ("strengths", "My strengths"),
    ("own_words", "In my own words"),
)
SECTION_FIELDS = tuple(name for name, _ in SECTIONS)
# Long enough for a few sentences or bullet points each, short enough that the whole profile still
# prints on one side of A4 (checked by tests with every section full).
SECTION_MAX_LENGTH = 500
SECTION_MAX_LINES = 10


def section_problem(text: str) -> str:
    """Why a section is too long to print on one page with the rest, or "" if it is not."""
    if len(text) > SECTION_MAX_LENGTH:
        return f"Keep this to {SECTION_MAX_LENGTH} characters so the passport fits on one page."
    if len(text.splitlines()) > SECTION_MAX_LINES:
        return f"Keep this to {SECTION_MAX_LINES} lines so the passport fits on one page."
    return ""


class VoiceMethod(models.TextChoices):
    TALKED = "talked", "Talked with the pupil"
    WROTE = "wrote", "The pupil wrote it"
    SCRIBED = "scribed", "An adult scribed the pupil's words"
    DRAWINGS = "drawings", "Drawings or pictures the pupil made or chose"
    SYMBOLS = "symbols", "Symbols, signing or a communication aid"
    OBSERVED = "observed", "Watching and listening by adults who know the pupil well"
    OTHER = "other", "Another way"


# The sections a suggestion may change. The pupil's own words are gathered with them and recorded by
# whoever updates the passport, with how they were gathered, so they are not suggested second hand.
SUGGESTED_SECTIONS = tuple((name, heading) for name, heading in SECTIONS if name != "own_words")


# Defined before PassportVersion on purpose: the demo reset deletes rows in model order, and an
# accepted suggestion protects the version it made.
class PassportSuggestion(models.Model):
    """A change to one section of a pupil's passport, suggested by someone who works with the pupil
    (often a TA) and accepted, as a new version, or declined by a teacher or the SENDCo."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for a decision"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="passport_suggestions")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    section = models.CharField(max_length=20, choices=SUGGESTED_SECTIONS)
    text = models.TextField()
    reason = models.TextField(blank=True)
    # The passport version the suggestion was written against (0: there was none yet).
    based_on = models.PositiveIntegerField(default=0)
    suggested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    suggested_at = models.DateTimeField(default=timezone.now, editable=False)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.WAITING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    accepted_version = models.ForeignKey(
        "PassportVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="suggestions"
    )

    class Meta:
        ordering = ["pupil", "-suggested_at", "-pk"]
        indexes = [models.Index(fields=["pupil", "status"], name="passport_suggestion_pupil")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="waiting") & Q(decided_by__isnull=True, decided_at__isnull=True))
                | (Q(status__in=["accepted", "declined"]) & Q(decided_by__isnull=False, decided_at__isnull=False)),
                name="passport_suggestion_decided_with_who_and_when",
            ),
            models.CheckConstraint(
                condition=Q(accepted_version__isnull=True) | Q(status="accepted"),
                name="passport_suggestion_version_only_when_accepted",
            ),
        ]

    def __str__(self) -> str:
        return f"Suggested change to the passport of {self.pupil}: {self.get_section_display()}"

    @property
    def is_waiting(self) -> bool:
        return self.status == self.Status.WAITING


class PassportVersion(models.Model):
    """One version of a pupil's passport. The pupil's current passport is their highest number."""

    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="passport_versions")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField()
    about_me = models.TextField(blank=True)
    important_to_me = models.TextField(blank=True)
    find_hard = models.TextField(blank=True)
    helps_me = models.TextField(blank=True)
    does_not_help = models.TextField(blank=True)
    strengths = models.TextField(blank=True)
    own_words = models.TextField(blank=True)
    voice_method = models.CharField(
        "how the pupil's words were gathered", max_length=8, choices=VoiceMethod.choices, blank=True
    )
    voice_note = models.CharField("more about how they were gathered", max_length=200, blank=True)
    photo = models.ForeignKey("PassportPhoto", null=True, blank=True, on_delete=models.PROTECT, related_name="versions")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["pupil", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["pupil", "number"], name="passport_version_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="passport_version_number_from_one"),
            models.CheckConstraint(
                condition=Q(own_words="") | ~Q(voice_method=""), name="passport_pupil_words_say_how_gathered"
            ),
        ]

    def __str__(self) -> str:
        return f"Passport of {self.pupil} version {self.number}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ImmutableRowError("Saved passport versions cannot be changed: save a new version.")
        super().save(*args, **kwargs)

    @property
    def sections(self) -> list[dict[str, str]]:
        return [{"key": name, "heading": heading, "text": getattr(self, name)} for name, heading in SECTIONS]


# Defined after PassportVersion on purpose: the demo reset deletes rows in model order, and a
# version protects its photo.
class PassportPhoto(models.Model):
    """A photo chosen for a pupil's passport, kept in the database and served only through an
    access-checked view. Versions that keep the same photo share one row."""

    MAX_BYTES = 2 * 1024 * 1024

    class ContentType(models.TextChoices):
        JPEG = "image/jpeg", "JPEG"
        PNG = "image/png", "PNG"

    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="passport_photos")
    content = models.BinaryField()
    content_type = models.CharField(max_length=10, choices=ContentType.choices)
    size = models.PositiveIntegerField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(content_type__in=["image/jpeg", "image/png"]), name="passport_photo_jpeg_or_png"
            ),
            models.CheckConstraint(condition=Q(size__lte=2 * 1024 * 1024), name="passport_photo_at_most_2mb"),
        ]

    def __str__(self) -> str:
        return f"Passport photo of {self.pupil}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ImmutableRowError("Saved photos cannot be changed.")
        super().save(*args, **kwargs)
