"""Wording helpers shared by messages, summaries and timelines."""


def lower_first(text: str) -> str:
    """A label continued after a colon: only its first letter lowered, so that "Added to the SEN
    register (SEN support)" reads "added to the SEN register (SEN support)", acronyms kept."""
    return text[:1].lower() + text[1:]


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def day_month_year(day, *, short_month: bool = False) -> str:
    """A date as the GOV.UK style writes it, "6 December 2026" ("6 Dec 2026" with `short_month`),
    for rows built in Python fifty at a time: Django's `date_format` looks up the language's
    formats and translates the month on every call, a twentieth of a list page's time
    (docs/benchmarks.md). The service is in English only; templates keep the `date` filter."""
    month = _MONTHS[day.month - 1]
    return f"{day.day} {month[:3] if short_month else month} {day.year}"
