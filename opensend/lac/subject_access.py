"""The looked-after part of a subject access export: the register entry with its history, and each
PEP with its targets and Pupil Premium Plus spending."""

from __future__ import annotations

from opensend.pupils.subject_access import Part, Table, model_row, plain, table

from .models import CareEvent, CareRecord, Pep, PepTarget, PpPlusSpend
from .services import PEP_FIELDS, RECORD_FIELDS


def _at_school(queryset, school, path: str):
    return queryset.filter(**{path: school}) if school is not None else queryset


def _pep_label(pep: Pep) -> str:
    return f"{pep.get_kind_display()} of {plain(pep.meeting_on)}"


def looked_after(pupil, school) -> list[Part]:
    records = _at_school(CareRecord.objects.filter(pupil=pupil), school, "school")
    events = _at_school(CareEvent.objects.filter(record__pupil=pupil), school, "record__school")
    peps = _at_school(Pep.objects.filter(record__pupil=pupil), school, "record__school")
    targets = _at_school(PepTarget.objects.filter(pep__record__pupil=pupil), school, "pep__record__school")
    spending = _at_school(PpPlusSpend.objects.filter(pep__record__pupil=pupil), school, "pep__record__school")
    return [
        table(
            "lac-register",
            "Designated teacher's register",
            records.select_related("care_authority"),
            ["school", *RECORD_FIELDS],
        ),
        Table(
            "lac-history", "Care history", [model_row(e, ["on", "kind", "detail"]) for e in events.order_by("on", "pk")]
        ),
        table(
            "lac-peps",
            "Personal education plans",
            peps.select_related("annual_review").order_by("meeting_on"),
            PEP_FIELDS,
        ),
        Table(
            "lac-targets",
            "PEP targets",
            [
                model_row(t, ["description", "progress", "progress_notes"], {"PEP": _pep_label(t.pep)})
                for t in targets.select_related("pep")
            ],
        ),
        Table(
            "lac-pp-plus",
            "Pupil Premium Plus spending",
            [model_row(s, ["amount", "purpose"], {"PEP": _pep_label(s.pep)}) for s in spending.select_related("pep")],
        ),
    ]
