"""The audit log as people read it: who by name and role, each changed field by its label, and a
related record by what it is ("Lead teacher: Chloe Hughes (Class teacher)", not "lead_teacher: 6").
The log itself keeps ids and emails, which do not change when a name does; this is only how a page
shows them. A fixed number of queries for a page of events: the people, their roles, then one per
kind of related record."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst

from opensend.accounts.models import Membership
from opensend.audit.models import AuditEvent

BLANK = "(blank)"
# Who did it when no person did: the command-line import, and work the system does itself.
_NOBODY = {"import": "MIS import (command line)", "system": "OpenSEND"}


@dataclass(frozen=True)
class ShownChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class ShownEvent:
    event: AuditEvent
    who: str
    changes: list[ShownChange]


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _label(field: models.Field | None, name: str) -> str:
    verbose = getattr(field, "verbose_name", None)
    return capfirst(str(verbose) if verbose else name.replace("_", " "))


class _Names:
    """Labels for the people and records the events name, looked up together."""

    def __init__(self, events: list[AuditEvent]) -> None:
        self.user_model = get_user_model()
        wanted: dict[type[models.Model], set[str]] = defaultdict(set)
        for event in events:
            if event.actor_id:
                wanted[self.user_model].add(str(event.actor_id))
            model = _model(event.object_type)
            for name, values in (event.changes or {}).items():
                field = _field(model, name)
                if field is not None and field.is_relation and field.many_to_one:
                    wanted[field.related_model].update(str(v) for v in values if v not in (None, ""))
        self.labels: dict[type[models.Model], dict[str, str]] = {}
        for model, ids in wanted.items():
            if model is not self.user_model:
                self.labels[model] = self._records(model, ids)
        self.users = self._users(wanted.get(self.user_model, set()))
        self.roles = self._roles(self.users, {event.school_id for event in events if event.school_id})

    def _records(self, model: type[models.Model], ids: set[str]) -> dict[str, str]:
        rows = model._base_manager.filter(pk__in=[i for i in ids if i.isdigit()])
        if _field(model, "pupil") is not None:
            rows = rows.select_related("pupil")  # their names say whose record they are
        return {str(row.pk): str(row) for row in rows}

    def _users(self, ids: set[str]) -> dict[str, Any]:
        return {str(user.pk): user for user in self.user_model.objects.filter(pk__in=[i for i in ids if i.isdigit()])}

    def _roles(self, users: dict[str, Any], schools: set[int]) -> dict[tuple[str, int], list[str]]:
        roles: dict[tuple[str, int], list[str]] = defaultdict(list)
        memberships = Membership.objects.filter(user_id__in=list(users), school_id__in=schools).order_by("role")
        for membership in memberships:
            roles[(str(membership.user_id), membership.school_id)].append(str(membership.get_role_display()))
        return roles

    def person(self, user_id: Any, school_id: int | None) -> str | None:
        user = self.users.get(str(user_id))
        if user is None:
            return None
        roles = self.roles.get((str(user_id), school_id), [])
        return f"{user.display_name} ({', '.join(roles)})" if roles else user.display_name

    def record(self, model: type[models.Model], pk: Any) -> str | None:
        return self.labels.get(model, {}).get(str(pk))


def _when(value: str, field: models.Field) -> str:
    try:
        if isinstance(field, models.DateTimeField):
            moment = datetime.datetime.fromisoformat(value)
            return date_format(timezone.localtime(moment), "j F Y, H:i")
        return date_format(datetime.date.fromisoformat(value), "j F Y")
    except (TypeError, ValueError):
        return value


def _shown(value: Any, field: models.Field | None, names: _Names, school_id: int | None) -> str:
    if value is None or value == "":
        return BLANK
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(_shown(item, None, names, school_id) for item in value) or "(none)"
    if field is not None and field.is_relation and field.many_to_one:
        if field.related_model is names.user_model:
            return names.person(value, school_id) or str(value)
        return names.record(field.related_model, value) or "a record no longer held"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateField) and isinstance(value, str):
        return _when(value, field)
    return str(value)


def shown_events(events: Iterable[AuditEvent]) -> list[ShownEvent]:
    events = list(events)
    names = _Names(events)
    shown = []
    for event in events:
        model = _model(event.object_type)
        changes = []
        for name, (before, after) in (event.changes or {}).items():
            field = _field(model, name)
            shown_before = _shown(before, field, names, event.school_id)
            shown_after = _shown(after, field, names, event.school_id)
            if shown_before != shown_after:  # a new record's blank fields say nothing
                changes.append(ShownChange(_label(field, name), shown_before, shown_after))
        who = names.person(event.actor_id, event.school_id) if event.actor_id else None
        shown.append(ShownEvent(event, who or _NOBODY.get(event.actor_label, event.actor_label), changes))
    return shown
