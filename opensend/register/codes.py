"""The census code sets for SEN provision and SEN type, and the four broad areas of need
(statutory-rules.md sections 3.2, 3.3 and 8)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Provision(models.TextChoices):
    NONE = "N", "No special educational need"
    SEN_SUPPORT = "K", "SEN support"
    EHC_PLAN = "E", "Education, health and care plan"


class BroadArea(models.TextChoices):
    COMMUNICATION_INTERACTION = "communication-interaction", "Communication and interaction"
    COGNITION_LEARNING = "cognition-learning", "Cognition and learning"
    SEMH = "semh", "Social, emotional and mental health"
    SENSORY_PHYSICAL = "sensory-physical", "Sensory and/or physical"


class SenType(models.TextChoices):
    SPLD = "SPLD", "Specific learning difficulty"
    MLD = "MLD", "Moderate learning difficulty"
    SLD = "SLD", "Severe learning difficulty"
    PMLD = "PMLD", "Profound and multiple learning difficulty"
    SEMH = "SEMH", "Social, emotional and mental health"
    SLCN = "SLCN", "Speech, language and communication needs"
    HI = "HI", "Hearing impairment"
    VI = "VI", "Vision impairment"
    MSI = "MSI", "Multi-sensory impairment"
    PD = "PD", "Physical disability"
    ASD = "ASD", "Autistic spectrum disorder"
    DS = "DS", "Down syndrome"
    OTH = "OTH", "Other difficulty or disability"
    NSA = "NSA", "SEN support but no specialist assessment of type of need"


_AREAS: dict[str, str] = {
    SenType.SLCN: BroadArea.COMMUNICATION_INTERACTION,
    SenType.ASD: BroadArea.COMMUNICATION_INTERACTION,
    SenType.SPLD: BroadArea.COGNITION_LEARNING,
    SenType.MLD: BroadArea.COGNITION_LEARNING,
    SenType.SLD: BroadArea.COGNITION_LEARNING,
    SenType.PMLD: BroadArea.COGNITION_LEARNING,
    SenType.SEMH: BroadArea.SEMH,
    SenType.HI: BroadArea.SENSORY_PHYSICAL,
    SenType.VI: BroadArea.SENSORY_PHYSICAL,
    SenType.MSI: BroadArea.SENSORY_PHYSICAL,
    SenType.PD: BroadArea.SENSORY_PHYSICAL,
}


def broad_area(code: str) -> str | None:
    """The broad area of need a census SEN type falls in; None for OTH and NSA.

    The DfE assigns Down syndrome (DS) to no area; settings.OPENSEND_DS_BROAD_AREA chooses one
    (many local authorities use cognition and learning), or "" for none.
    """
    if code == SenType.DS:
        return getattr(settings, "OPENSEND_DS_BROAD_AREA", "") or None
    return _AREAS.get(code)


def broad_area_label(code: str) -> str:
    area = broad_area(code)
    return BroadArea(area).label if area else "No broad area"
