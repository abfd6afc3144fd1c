"""A PEP as a document to share with the Virtual School and the child's social worker: the blocks
of `opensend.core.documents`, printed as a PDF. School staff's pages only: no links, no audit."""

from __future__ import annotations

from opensend.core.documents import Document, Facts, Heading, Paragraph, Table
from opensend.notifications.digest import initials

from .models import CareRecord, Pep

NOT_RECORDED = "Not recorded."


def _money(amount) -> str:
    return f"£{amount:,.2f}"


def _attendance(pep: Pep) -> str:
    parts = [f"{pep.attendance_percent}%" if pep.attendance_percent is not None else "", pep.attendance_notes]
    return "\n".join(part for part in parts if part)


def pep_document(pep: Pep, record: CareRecord, *, targets, spending) -> Document:
    pupil, school = record.pupil, record.school
    title = f"Personal education plan: {pep.get_kind_display()}"
    facts = [
        ("Child", pupil.full_name),
        ("Date of birth", f"{pupil.date_of_birth:%-d %B %Y}"),
        ("School", school.name),
        ("Care authority", record.authority or NOT_RECORDED),
        ("Legal status", record.get_legal_status_display() or NOT_RECORDED),
        ("PEP meeting", f"{pep.meeting_on:%-d %B %Y}"),
    ]
    if pep.annual_review_id:
        facts.append(("Held with", f"the EHC plan annual review of {pep.annual_review.meeting_on:%-d %B %Y}"))
    planned = sum((line.amount for line in spending), start=0)
    allocated = _money(pep.pp_plus_allocated) if pep.pp_plus_allocated is not None else "not recorded"
    blocks = [
        Facts(tuple(facts)),
        Heading("Who attended"),
        Paragraph(pep.attendees or NOT_RECORDED),
        Heading("Attainment and progress"),
        Paragraph(pep.attainment or NOT_RECORDED),
        Heading("Attendance"),
        Paragraph(_attendance(pep) or NOT_RECORDED),
        Heading("Special educational needs"),
        Paragraph(pep.sen or "None recorded."),
        Heading("The child's voice"),
        Paragraph(pep.child_voice or NOT_RECORDED),
        Heading("Targets"),
        Table(
            ("Target", "Progress", "Notes"),
            tuple((target.description, target.get_progress_display(), target.progress_notes) for target in targets),
            empty="No targets set.",
        ),
        Heading("Pupil Premium Plus"),
        Paragraph(f"Allocated: {allocated}. Planned spending: {_money(planned)}."),
        Table(
            ("What it pays for", "Amount"),
            tuple((line.purpose, _money(line.amount)) for line in spending),
            empty="No spending agreed.",
        ),
    ]
    return Document(
        title=title,
        letterhead=(school.name, f"URN {school.urn}"),
        blocks=tuple(blocks),
        footer=f"{title}: {initials(pupil)} · {pep.meeting_on:%-d %B %Y}",
    )
