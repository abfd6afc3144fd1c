from __future__ import annotations

import datetime
from dataclasses import replace

from django import forms
from django.utils import timezone
from django.utils.formats import date_format

from opensend.core import forms as core_forms
from opensend.pupils.forms import PupilFilterForm
from opensend.pupils.selectors import PupilFilters

from .codes import BroadArea, Provision, SenType
from .models import BaseMembership, MonitoringEntry, SenNeed, SenStatus
from .selectors import EVERYONE, NO_AREA, NOT_RECORDED, SEN, Base, RegisterFilters

# --- the register's filters ----------------------------------------------------------------------

PROVISION_FILTERS = [
    (SEN, "All SEN (E and K)"),
    (EVERYONE, "Everyone on roll"),
    (Provision.EHC_PLAN, "EHC plan (E)"),
    (Provision.SEN_SUPPORT, "SEN support (K)"),
    (Provision.NONE, "No SEN (N)"),
    (NOT_RECORDED, "Not recorded"),
]
NEED_CHOICES = [(code, f"{code}: {label}") for code, label in SenType.choices]
AREA_FILTERS = [("", "Any"), *BroadArea.choices, (NO_AREA, "No broad area (OTH, NSA)")]
_PUPIL_FILTER_NAMES = (
    "year_group",
    "group",
    "sex",
    "free_school_meals",
    "english_additional_language",
    "pupil_premium",
    "looked_after",
)


class RegisterFilterForm(PupilFilterForm):
    """The pupil list's filters, and the register's own: provision, need, area, base, monitoring."""

    # The register opens on the pupils with SEN; the whole roll is one choice away.
    provision = forms.ChoiceField(label="Provision", required=False, choices=PROVISION_FILTERS, initial=SEN)
    need = forms.ChoiceField(label="Need (any rank)", required=False, choices=[("", "Any"), *NEED_CHOICES])
    area = forms.ChoiceField(label="Broad area (any need)", required=False, choices=AREA_FILTERS)
    base = forms.ChoiceField(label="SEN unit or resourced provision", required=False)
    monitoring = forms.BooleanField(label="On the monitoring list", required=False)

    field_order = ["provision", "need", "area", "base", "monitoring", *_PUPIL_FILTER_NAMES]

    def __init__(self, *args, bases: list[Base], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if bases:
            choices = [("", "Any"), *((base.kind, base.label) for base in bases)]
            if len(bases) > 1:
                choices.insert(1, ("any", "In either"))
            self.fields["base"].choices = choices
            self.fields["base"].label = bases[0].kind_label if len(bases) == 1 else "SEN unit or resourced provision"
        else:
            del self.fields["base"]

    @property
    def provision_chosen(self) -> bool:
        return self.is_valid() and bool(self.cleaned_data["provision"])

    def filters(self) -> RegisterFilters:
        """The pupils listed: those with SEN unless another provision, or everyone, is chosen."""
        if not self.is_valid():
            return RegisterFilters(provision=SEN)
        data = self.cleaned_data
        # The monitoring list is of pupils not (yet) on the register: listing it means everyone.
        provision = data["provision"] or (EVERYONE if data["monitoring"] else SEN)
        return RegisterFilters(
            provision="" if provision == EVERYONE else provision,
            need=data["need"],
            area=data["area"],
            base=data.get("base", ""),
            monitoring=data["monitoring"],
            pupil=PupilFilters(**{name: data[name] for name in _PUPIL_FILTER_NAMES}),
        )

    def counted_filters(self) -> RegisterFilters:
        """The pupils counted beside England: as listed, but the whole roll while no provision is
        chosen, so the counts say what share of the school has SEN."""
        filters = self.filters()
        return filters if self.provision_chosen else replace(filters, provision="")

    def active_labels(self) -> list[str]:
        return [label for label in super().active_labels() if label != "Provision: Everyone on roll"]


# --- changing a pupil's SEN record -----------------------------------------------------------------


def long_date(day: datetime.date) -> str:
    return date_format(day, "j F Y")


def _past_date(*, what: str, label: str, required: bool = True) -> core_forms.DateField:
    return core_forms.DateField(what=what, label=label, required=required, past_only=True)


def _textarea(label: str, *, required_message: str, help_text: str = "", max_length: int = 2000) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": required_message},
    )


PROVISION_CHOICES = [
    ("", "Choose provision"),
    (Provision.NONE, "N: no special educational need"),
    (Provision.SEN_SUPPORT, "K: SEN support"),
    (Provision.EHC_PLAN, "E: education, health and care plan"),
]


class ProvisionForm(core_forms.Form):
    provision = forms.ChoiceField(
        label="New provision",
        choices=PROVISION_CHOICES,
        error_messages={"required": "Choose the new provision"},
    )
    start_date = _past_date(what="the date the new provision starts", label="Starts on")
    reason = _textarea(
        "Reason for the change",
        required_message="Enter the reason for the change",
        help_text="For example, the decision of the SEN support review meeting on 12 November.",
    )
    parents_notified_on = _past_date(what="the date parents were told", label="Date parents were told", required=False)
    parents_notified_by = forms.ChoiceField(
        label="How parents were told",
        required=False,
        choices=[("", "Choose how"), *SenStatus.NotifiedBy.choices],
    )
    # The current provision when the form was opened: a change made meanwhile by someone else is refused.
    current = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, current_status: SenStatus | None, **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {"current": current_status.pk if current_status else 0, "start_date": timezone.localdate()},
        )
        super().__init__(*args, **kwargs)
        self.current_status = current_status

    @property
    def is_stale(self) -> bool:
        opened_with = self.cleaned_data.get("current") or 0
        return opened_with != (self.current_status.pk if self.current_status else 0)

    def clean(self):
        data = super().clean()
        provision, start = data.get("provision"), data.get("start_date")
        current = self.current_status
        if current is not None and provision == current.provision:
            self.add_error(
                "provision", f"The pupil already has {current.get_provision_display()}: choose a different provision"
            )
        if current is not None and start and start <= current.start_date:
            self.add_error(
                "start_date",
                f"The new provision must start after {long_date(current.start_date)}, when the current one began",
            )
        starting_support = provision == Provision.SEN_SUPPORT and (
            current is None or current.provision != Provision.SEN_SUPPORT
        )
        notified_on, notified_by = data.get("parents_notified_on"), data.get("parents_notified_by")
        if starting_support and not notified_on and "parents_notified_on" not in self.errors:
            self.add_error("parents_notified_on", "Enter the date parents were told that SEN support is starting")
        if starting_support and not notified_by:
            self.add_error("parents_notified_by", "Choose how parents were told that SEN support is starting")
        if notified_by and not notified_on and not starting_support and "parents_notified_on" not in self.errors:
            self.add_error("parents_notified_on", "Enter the date parents were told, or leave how blank")
        if notified_on and not notified_by and not starting_support:
            self.add_error("parents_notified_by", "Choose how parents were told, or leave the date blank")
        return data


NEED_FIELDS = ("primary_need", "secondary_need", "third_need", "fourth_need")
_NEED_NAMES = {
    "primary_need": "primary need",
    "secondary_need": "secondary need",
    "third_need": "third need",
    "fourth_need": "fourth need",
}


def _need_field(label: str, empty: str, *, required: bool = False, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=required,
        help_text=help_text,
        choices=[("", empty), *NEED_CHOICES],
        error_messages={"required": "Choose the primary need"},
    )


class NeedsForm(core_forms.Form):
    primary_need = _need_field("Primary need (rank 1)", "Choose the primary need", required=True)
    secondary_need = _need_field("Secondary need (rank 2)", "None")
    third_need = _need_field(
        "Third need (optional)",
        "None",
        help_text="The census takes the primary and secondary needs only; OpenSEND keeps the rest.",
    )
    fourth_need = _need_field("Fourth need (optional)", "None")
    start_date = _past_date(what="the date these needs apply from", label="These needs apply from")
    # The needs when the form was opened, e.g. "ASD,SLCN": a change made meanwhile is refused.
    current = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args, provision: str, current_needs: list[SenNeed], since: datetime.date | None = None, **kwargs
    ) -> None:
        codes = [need.need_type for need in current_needs]
        initial = {"current": ",".join(codes), "start_date": since or timezone.localdate()}
        initial |= dict(zip(NEED_FIELDS, codes, strict=False))
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.provision = provision
        self.current_codes = codes

    @property
    def is_stale(self) -> bool:
        return (self.cleaned_data.get("current") or "") != ",".join(self.current_codes)

    def needs(self) -> list[str]:
        return [self.cleaned_data[name] for name in NEED_FIELDS if self.cleaned_data.get(name)]

    def clean(self):
        data = super().clean()
        seen: dict[str, str] = {}
        for position, name in enumerate(NEED_FIELDS):
            code = data.get(name)
            if not code:
                continue
            earlier = NEED_FIELDS[position - 1] if position else None
            if earlier and not data.get(earlier) and earlier not in self.errors:
                self.add_error(earlier, f"Choose the {_NEED_NAMES[earlier]} before the {_NEED_NAMES[name]}")
            if code in seen:
                self.add_error(
                    name,
                    f"{code} is already the {_NEED_NAMES[seen[code]]}: choose a different {_NEED_NAMES[name]} "
                    "or leave it as none",
                )
            seen.setdefault(code, name)
            if code == SenType.NSA and self.provision != Provision.SEN_SUPPORT:
                self.add_error(
                    name,
                    f"NSA can only be the {_NEED_NAMES[name]} of a pupil on SEN support (K) (census rule 2175): "
                    "this pupil has an EHC plan, so choose the type of need",
                )
        return data


class MonitoringAddForm(core_forms.Form):
    reason = _textarea(
        "Why is the pupil being monitored?",
        required_message="Enter why the pupil is being monitored",
        help_text="What has been noticed, and what the school will watch for.",
    )
    started_on = _past_date(what="the date monitoring starts", label="Monitoring starts on")

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("initial", {"started_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class MonitoringEndForm(core_forms.Form):
    reason = _textarea(
        "Why is the pupil coming off the monitoring list?",
        required_message="Enter why the pupil is coming off the monitoring list",
        help_text="For example, concerns resolved, or added to the SEN register.",
    )
    ended_on = _past_date(what="the date monitoring ends", label="Monitoring ends on")

    def __init__(self, *args, entry: MonitoringEntry, **kwargs) -> None:
        kwargs.setdefault("initial", {"ended_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.entry = entry

    def clean_ended_on(self):
        ended_on = self.cleaned_data["ended_on"]
        if ended_on < self.entry.started_on:
            raise forms.ValidationError(
                f"Monitoring must end on or after {long_date(self.entry.started_on)}, when it started"
            )
        return ended_on


class BaseForm(core_forms.Form):
    """Start or end a place in one of the school's bases, named as the school names them."""

    kind = forms.ChoiceField(label="Which?", error_messages={"required": "Choose which"})
    on = _past_date(what="the date", label="Date")

    def __init__(self, *args, bases: list[Base], label: str, date_label: str, what: str, **kwargs) -> None:
        kwargs.setdefault("initial", {"on": timezone.localdate(), "kind": bases[0].kind if bases else ""})
        super().__init__(*args, **kwargs)
        self.bases = bases
        self.fields["kind"].choices = [(base.kind, base.label) for base in bases]
        self.fields["kind"].label = label
        self.fields["on"] = _past_date(what=what, label=date_label)
        if len(bases) == 1:
            self.fields["kind"].widget = forms.HiddenInput()

    def chosen(self) -> Base:
        return next(base for base in self.bases if base.kind == self.cleaned_data["kind"])


def base_start_form(data, *, bases: list[Base]) -> BaseForm:
    return BaseForm(
        data,
        bases=bases,
        label="Which base is the pupil joining?",
        date_label="Joins on",
        what="the date the place starts",
    )


def base_end_form(data, *, memberships: list[tuple[Base, BaseMembership]]) -> BaseForm:
    form = BaseForm(
        data,
        bases=[base for base, _ in memberships],
        label="Which base is the pupil leaving?",
        date_label="Leaves on",
        what="the date the place ends",
    )
    form.memberships = {base.kind: membership for base, membership in memberships}
    return form
