"""Staff accounts, their roles at each school or trust, and the groups they teach or support."""

from __future__ import annotations

import uuid

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from opensend.core.models import TimestampedModel
from opensend.schools.models import School, TeachingGroup, Trust


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("An account needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractUser):
    """A member of staff. Signs in with an email address; no username."""

    username = None
    email = models.EmailField("email address", unique=True)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=20, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        name = f"{self.first_name} {self.last_name}".strip()
        return name or self.email


class Role(models.TextChoices):
    SENDCO = "sendco", "SENDCo"
    ASSISTANT_SENDCO = "assistant-sendco", "Assistant SENDCo"
    HEAD = "head", "Headteacher"
    DSL = "dsl", "Designated safeguarding lead"
    DESIGNATED_TEACHER = "designated-teacher", "Designated teacher (LAC)"
    TEACHER = "teacher", "Class teacher"
    TA = "ta", "Teaching assistant"
    BUSINESS_MANAGER = "business-manager", "Business manager"
    GOVERNOR = "governor", "SEND governor"
    TRUST_LEAD = "trust-lead", "Trust SEND lead"
    SCHOOL_ADMIN = "school-admin", "School administrator"
    DPO = "dpo", "Data protection officer"


class Membership(TimestampedModel):
    """One role for one person at one school, or across a trust for a trust lead."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="memberships")
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["school__name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "school", "role"], name="membership_unique_role_per_school"),
            models.UniqueConstraint(
                fields=["user", "trust"], condition=Q(school__isnull=True), name="membership_unique_trust_wide"
            ),
            # Only a trust lead works across a trust; everyone else belongs to a school.
            models.CheckConstraint(
                condition=Q(school__isnull=False) | Q(role="trust-lead"), name="membership_school_unless_trust_lead"
            ),
        ]

    def __str__(self) -> str:
        where = self.school or self.trust
        return f"{self.user} - {self.get_role_display()}, {where}"


class GroupStaff(TimestampedModel):
    """Who teaches a group, or supports it as a teaching assistant."""

    class Kind(models.TextChoices):
        TEACHER = "teacher", "Teacher"
        TA = "ta", "Teaching assistant"

    group = models.ForeignKey(TeachingGroup, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="group_assignments")
    kind = models.CharField(max_length=7, choices=Kind.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "user", "kind"], name="group_staff_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_kind_display()}) - {self.group}"
