"""Trusts, their schools, the school calendar, year groups and teaching groups."""

from __future__ import annotations

import uuid

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from opensend.core.models import ArchivableModel, TimestampedModel

urn_validator = RegexValidator(r"^\d{6}$", "A URN is six digits.")
la_code_validator = RegexValidator(r"^\d{3}$", "An LA code is three digits.")
establishment_validator = RegexValidator(r"^\d{4}$", "An establishment number is four digits.")


class Trust(TimestampedModel):
    name = models.CharField(max_length=200, unique=True)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    def __str__(self) -> str:
        return self.name


class School(TimestampedModel):
    class Phase(models.TextChoices):
        # Census phase codes (CBDS).
        NURSERY = "NS", "Nursery"
        PRIMARY = "PS", "Primary"
        MIDDLE_PRIMARY = "MP", "Middle deemed primary"
        MIDDLE_SECONDARY = "MS", "Middle deemed secondary"
        SECONDARY = "SS", "Secondary"
        ALL_THROUGH = "AT", "All-through"
        SPECIAL = "SP", "Special"
        PUPIL_REFERRAL_UNIT = "PR", "Pupil referral unit"

    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="schools")
    name = models.CharField(max_length=200)
    urn = models.CharField("URN", max_length=6, unique=True, validators=[urn_validator])
    la_code = models.CharField("LA code", max_length=3, validators=[la_code_validator])
    establishment_number = models.CharField(max_length=4, validators=[establishment_validator])
    phase = models.CharField(max_length=2, choices=Phase.choices)
    has_sen_unit = models.BooleanField("has an SEN unit", default=False)
    sen_unit_name = models.CharField("SEN unit name", max_length=100, blank=True)
    has_resourced_provision = models.BooleanField(default=False)
    resourced_provision_name = models.CharField(max_length=100, blank=True)
    resourced_provision_places = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["la_code", "establishment_number"], name="school_unique_dfe_number"),
            models.CheckConstraint(
                condition=Q(has_sen_unit=True) | Q(sen_unit_name=""), name="school_sen_unit_name_needs_unit"
            ),
            models.CheckConstraint(
                condition=Q(has_resourced_provision=True) | Q(resourced_provision_name=""),
                name="school_resourced_provision_name_needs_provision",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def dfe_number(self) -> str:
        return f"{self.la_code}/{self.establishment_number}"


class AcademicYear(models.Model):
    """A school's academic year; schools of one trust may keep different term dates."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="academic_years")
    name = models.CharField(max_length=9, help_text="For example 2026/27")
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["school", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="academic_year_unique_per_school"),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="academic_year_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Term(models.Model):
    class Name(models.TextChoices):
        AUTUMN = "autumn", "Autumn"
        SPRING = "spring", "Spring"
        SUMMER = "summer", "Summer"

    academic_year = models.ForeignKey(AcademicYear, on_delete=models.CASCADE, related_name="terms")
    name = models.CharField(max_length=6, choices=Name.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()
    half_term_starts_on = models.DateField(null=True, blank=True)
    half_term_ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["academic_year", "name"], name="term_unique_per_year"),
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="term_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_name_display()} {self.academic_year}"


class NCYear(models.TextChoices):
    """National Curriculum year codes as the census and CTF spell them."""

    N1 = "N1", "Nursery 1"
    N2 = "N2", "Nursery 2"
    R = "R", "Reception"
    Y1 = "1", "Year 1"
    Y2 = "2", "Year 2"
    Y3 = "3", "Year 3"
    Y4 = "4", "Year 4"
    Y5 = "5", "Year 5"
    Y6 = "6", "Year 6"
    Y7 = "7", "Year 7"
    Y8 = "8", "Year 8"
    Y9 = "9", "Year 9"
    Y10 = "10", "Year 10"
    Y11 = "11", "Year 11"
    Y12 = "12", "Year 12"
    Y13 = "13", "Year 13"
    Y14 = "14", "Year 14"


NC_YEAR_ORDER = {code: index for index, code in enumerate(NCYear.values)}


class YearGroup(models.Model):
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="year_groups")
    nc_year = models.CharField("NC year", max_length=2, choices=NCYear.choices)
    sort_order = models.PositiveSmallIntegerField(editable=False)

    class Meta:
        ordering = ["school", "sort_order"]
        constraints = [models.UniqueConstraint(fields=["school", "nc_year"], name="year_group_unique_per_school")]

    def __str__(self) -> str:
        return self.get_nc_year_display()

    def save(self, *args, **kwargs) -> None:
        self.sort_order = NC_YEAR_ORDER[self.nc_year]
        super().save(*args, **kwargs)


class TeachingGroup(TimestampedModel, ArchivableModel):
    """A registration class, a teaching set or an intervention group."""

    class Kind(models.TextChoices):
        REGISTRATION = "registration", "Registration group"
        TEACHING = "teaching", "Teaching group"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="groups")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=60)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.REGISTRATION)
    year_group = models.ForeignKey(YearGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="groups")

    class Meta:
        ordering = ["school", "name"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="group_name_unique_per_school")]

    def __str__(self) -> str:
        return self.name
