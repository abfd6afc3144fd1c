"""Posting the pupil edit form as a person would: every field as it is stored now, with changes."""

from __future__ import annotations

from django.urls import reverse

from opensend.pupils.models import Pupil


def post_edit(cast, role: str = "sendco", **changes):
    pupil = Pupil.objects.get(pk=cast.taught_pupil.pk)
    data = {
        "upn": pupil.upn,
        "legal_surname": pupil.legal_surname,
        "legal_forename": pupil.legal_forename,
        "preferred_forename": pupil.preferred_forename,
        "date_of_birth": pupil.date_of_birth.isoformat(),
        "sex": pupil.sex,
        "medical_needs": pupil.medical_needs,
        "version": pupil.version,
        **changes,
    }
    return cast.client_for(role).post(reverse("pupils:edit", kwargs={"pupil_id": pupil.public_id}), data)
