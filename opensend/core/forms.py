"""The ground floor of every form: GOV.UK dates and error messages that name their field.

Every form in the project derives from `Form` or `ModelForm` here, so a message Django would word
for itself ("Ensure this value has at most 5000 characters (it has 10000).") is replaced by one that
names the field, GOV.UK style ("Strategies tried must be 5,000 characters or fewer"). A message a
form words for itself is left alone.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

DATE_PARTS = ("day", "month", "year")
# A whole date posted as one value, as scripts and older links do, is still read.
WHOLE_DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y"]
DATE_HINT = "For example, 27 3 2026"


def sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    # "UPN" and "SEN support" keep their capitals; "Date of birth" becomes "date of birth".
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


class DateInput(forms.Widget):
    """The GOV.UK date input: day, month and year, each in its own box (rendered by includes/field.html)."""

    input_type = "date-parts"

    def value_from_datadict(self, data, files, name):
        parts = [str(data.get(f"{name}-{part}", "")).strip() for part in DATE_PARTS]
        if any(parts):
            return parts
        return data.get(name)

    def value_omitted_from_data(self, data, files, name) -> bool:
        return name not in data and not any(f"{name}-{part}" in data for part in DATE_PARTS)


def date_parts(value) -> tuple[str, str, str]:
    """Day, month and year to show in the three boxes, from what was typed or the initial value."""
    if isinstance(value, (list, tuple)) and len(value) == 3:
        return tuple(str(part) for part in value)
    if isinstance(value, str):
        value = _parse_whole_date(value) or value
    if isinstance(value, datetime.date):
        return str(value.day), str(value.month), str(value.year)
    return "", "", ""


def _parse_whole_date(text: str) -> datetime.date | None:
    for pattern in WHOLE_DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text.strip(), pattern).replace(tzinfo=datetime.UTC).date()
        except ValueError:
            continue
    return None


class DateField(forms.Field):
    """A date in the GOV.UK date input. `what` names it in every message ("the date the review was
    held"; by default "the" and its label); `past_only` refuses a date after today, for things that
    have already happened."""

    widget = DateInput

    def __init__(self, *, what: str = "", past_only: bool = False, help_text: str = DATE_HINT, **kwargs) -> None:
        kwargs.pop("input_formats", None)
        super().__init__(help_text=help_text or DATE_HINT, **kwargs)
        what = what or f"the {_lower_first(str(kwargs.get('label') or 'date'))}"
        self.what = what
        self.past_only = past_only
        self.error_messages = {
            "required": f"Enter {what}",
            "invalid": f"Enter {what} as a real date",
            **(kwargs.get("error_messages") or {}),
        }

    def to_python(self, value) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, (list, tuple)):
            return self._from_parts(value)
        day = _parse_whole_date(str(value))
        if day is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return day

    def _from_parts(self, parts) -> datetime.date | None:
        missing = [name for name, part in zip(DATE_PARTS, parts, strict=True) if not part]
        if len(missing) == 3:
            return None
        if missing:
            raise forms.ValidationError(
                f"{sentence_start(self.what)} must include a {' and a '.join(missing)}", code="incomplete"
            )
        day, month, year = parts
        if not all(re.fullmatch(r"\d+", part) for part in parts):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if len(year) != 4:
            raise forms.ValidationError(f"The year of {self.what} must have 4 numbers", code="invalid_year")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def validate(self, value) -> None:
        super().validate(value)
        if self.past_only and value and value > timezone.localdate():
            raise forms.ValidationError(f"{sentence_start(self.what)} must be today or in the past", code="future")


# What an uploaded document may be: its extension, the type it is stored as, and how its bytes begin.
DOCUMENT_TYPES = {
    "pdf": ("application/pdf", b"%PDF-"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04"),
}


class DocumentField(forms.FileField):
    """An uploaded PDF or Word document: its extension, its size (OPENSEND_DOCUMENT_MAX_BYTES) and
    its first bytes are checked, and the type it is stored as is set from the extension, never from
    what the browser claims."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("help_text", "A PDF or Word (.docx) file.")
        kwargs.setdefault("error_messages", {"required": "Choose a file to upload", "empty": "The file is empty"})
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        return validated_document(upload) if upload else upload


def validated_document(upload):
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in DOCUMENT_TYPES:
        raise forms.ValidationError("The file must be a PDF or a Word (.docx) file")
    if upload.size > settings.OPENSEND_DOCUMENT_MAX_BYTES:
        megabytes = max(1, settings.OPENSEND_DOCUMENT_MAX_BYTES // 2**20)
        raise forms.ValidationError(f"The file must be {megabytes} MB or smaller")
    content_type, magic = DOCUMENT_TYPES[extension]
    start = upload.read(len(magic))
    upload.seek(0)
    if start != magic:
        raise forms.ValidationError(f"The file is not a real {extension.upper()} file")
    upload.content_type = content_type
    return upload


def error_name(form: forms.BaseForm, name: str, field: forms.Field) -> str:
    """What a field is called at the start of a message: the form's own word for it, else its label
    (a question label, like "What have you already tried?", gives way to the field's name)."""
    if name in getattr(form, "error_names", {}):
        return form.error_names[name]
    label = str(field.label or "").replace("(optional)", "").strip()
    if not label or label.endswith("?"):
        label = name.replace("_", " ")
    return sentence_start(label)


def _django_default(field: forms.Field, code: str) -> str | None:
    for cls in type(field).__mro__:
        message = getattr(cls, "default_error_messages", {}).get(code)
        if message is not None:
            return str(message)
    return None


def _named_messages(field: forms.Field, label: str) -> dict[str, str]:
    what = _lower_first(label)
    is_choice = isinstance(field, (forms.ChoiceField, forms.ModelChoiceField, forms.FileField))
    messages = {
        "required": f"{'Choose' if is_choice else 'Enter'} {what}",
        "invalid_choice": f"Choose {what} from the list",
        "invalid_list": f"Choose {what} from the list",
    }
    if isinstance(field, forms.IntegerField):
        messages["invalid"] = f"{label} must be a whole number"
    elif isinstance(field, (forms.DecimalField, forms.FloatField)):
        messages["invalid"] = f"{label} must be a number"
    elif isinstance(field, forms.EmailField):
        messages["invalid"] = "Enter an email address in the correct format, like name@example.com"
    if getattr(field, "max_length", None) is not None:
        messages["max_length"] = f"{label} must be {field.max_length:,} characters or fewer"
    if getattr(field, "min_length", None) is not None:
        messages["min_length"] = f"{label} must be {field.min_length:,} characters or more"
    if getattr(field, "max_value", None) is not None:
        messages["max_value"] = f"{label} must be {field.max_value:,} or less"
    if getattr(field, "min_value", None) is not None:
        messages["min_value"] = f"{label} must be {field.min_value:,} or more"
    # Django fills in "%(limit_value)s" and the like: a literal percent sign must not be read as one.
    return {code: message.replace("%", "%%") for code, message in messages.items()}


def name_errors(form: forms.BaseForm) -> None:
    """Word every message a field has not been given its own way, so that it names the field."""
    for name, field in form.fields.items():
        if isinstance(field.widget, forms.HiddenInput):
            continue
        for code, message in _named_messages(field, error_name(form, name, field)).items():
            current = field.error_messages.get(code)
            if current is None or str(current) == _django_default(field, code):
                field.error_messages[code] = message


class NamedErrorsMixin:
    error_names: dict[str, str] = {}

    # At validation, not in __init__: forms add fields and set labels after their own super().__init__().
    def full_clean(self) -> None:
        name_errors(self)
        super().full_clean()


class Form(NamedErrorsMixin, forms.Form):
    pass


class ModelForm(NamedErrorsMixin, forms.ModelForm):
    pass


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the form: each message on the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in error.messages:
            form.add_error(None, message)


def run_service(
    form: forms.BaseForm, call: Callable[[], object], *, stale_error: type[Exception], stale_message: str
) -> int | None:
    """Run a service for a valid form: None if it worked, else the status to answer with the form,
    409 for a stale edit and 400 for a refusal, with the reason shown on the form."""
    try:
        call()
    except stale_error:
        form.add_error(None, stale_message)
        return 409
    except ValidationError as error:
        add_service_errors(form, error)
        return 400
    return None


def save_form(
    request,
    form: forms.BaseForm,
    call: Callable[[], object],
    *,
    template: str,
    stale_error: type[Exception],
    stale_message: str,
    done: str,
    back_url: str,
    next_url_of: Callable[[object], str] | None = None,
    **page,
):
    """A form page's whole round: save a posted, valid form through `call`, say `done` and go to
    `back_url` (or to `next_url_of` what `call` made); else show the form on `template` with its
    errors (400, or 409 for a stale edit)."""
    from django.contrib import messages
    from django.shortcuts import redirect, render

    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            made: list = []
            status = run_service(
                form, lambda: made.append(call()), stale_error=stale_error, stale_message=stale_message
            )
            if status is None:
                messages.success(request, done)
                return redirect(next_url_of(made[0]) if next_url_of else back_url)
    return render(request, template, {"form": form, "back_url": back_url, **page}, status=status)
