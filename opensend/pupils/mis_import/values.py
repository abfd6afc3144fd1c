"""Reading one cell: dates, yes/no, sex, NC year, UPN, group lists, email addresses and roles.
Each parser returns the value as we store it or raises CellError with a message for the person
importing."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from stdnum import exceptions as stdnum_errors
from stdnum.gb import upn as stdnum_upn

from opensend.accounts.models import Role
from opensend.schools.models import NCYear

from ..models import Sex


class CellError(ValueError):
    """A cell that cannot be read; the message is shown to the person importing."""


# The census 1530 rule's list of post-April-1998 LA codes and pseudo-LA codes, plus the 2023
# Cumbria successors. python-stdnum's own list dates from 2011 and would refuse real UPNs
# allocated in, say, North Northamptonshire (940) or Wales (660-681).
_LA_CODE_RANGES = (
    (1, 5), (201, 213), (301, 320), (330, 336), (340, 344), (350, 359), (370, 373), (380, 384),
    (390, 394), (420, 420), (660, 681), (701, 708), (800, 803), (805, 808), (810, 813), (815, 816),
    (820, 823), (825, 826), (830, 831), (835, 841), (845, 846), (850, 852), (855, 857), (860, 861),
    (865, 896), (908, 909), (916, 916), (919, 919), (921, 921), (925, 926), (928, 929), (931, 931),
    (933, 933), (935, 938), (940, 943),
)  # fmt: skip
KNOWN_LA_CODES = frozenset(code for low, high in _LA_CODE_RANGES for code in range(low, high + 1))

_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
# Spreadsheets saved from Excel sometimes add a midnight time to every date.
_MIDNIGHT = re.compile(r"[ T]00:00(:00)?$")

_TRUE = frozenset({"y", "yes", "true", "1"})
_FALSE = frozenset({"", "n", "no", "false", "0"})
_SEX = {"f": Sex.FEMALE, "female": Sex.FEMALE, "m": Sex.MALE, "male": Sex.MALE}
_NC_WORDS = {
    "n1": NCYear.N1,
    "nursery 1": NCYear.N1,
    "n2": NCYear.N2,
    "nursery 2": NCYear.N2,
    "r": NCYear.R,
    "yr": NCYear.R,
    "year r": NCYear.R,
    "reception": NCYear.R,
}
_NC_NUMBER = re.compile(r"^(?:year|yr|y)?\s*0?(\d{1,2})$")
_ROLES = {**{role.value: role for role in Role}, **{role.label.casefold(): role for role in Role}}


def clean_upn(raw: str) -> str:
    """The UPN in the form we store it: upper case, no spaces. Raises CellError if invalid."""
    number = stdnum_upn.compact(raw)
    try:
        return stdnum_upn.validate(number)
    except stdnum_errors.InvalidLength as error:
        raise CellError(f"A UPN has 13 characters; this one has {len(number)}") from error
    except stdnum_errors.InvalidFormat as error:
        raise CellError("A UPN is a letter, 11 digits, then a digit or a letter (not I, O or S)") from error
    except stdnum_errors.InvalidComponent:
        # python-stdnum's LA list is out of date; check against the census list instead.
        if int(number[1:4]) not in KNOWN_LA_CODES:
            raise CellError("UPN invalid (characters 2-4 not a recognised LA code)") from None
        if stdnum_upn.calc_check_digit(number[1:]) != number[0]:
            raise CellError("UPN invalid (wrong check letter at character 1)") from None
        return number
    except stdnum_errors.InvalidChecksum as error:
        raise CellError("UPN invalid (wrong check letter at character 1)") from error


def is_valid_upn(raw: str) -> bool:
    try:
        clean_upn(raw)
    except CellError:
        return False
    return True


def parse_date(raw: str) -> datetime.date:
    text = _MIDNIGHT.sub("", raw.strip())
    if match := _DMY.match(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise CellError(f"Write the date as DD/MM/YYYY or YYYY-MM-DD, not “{raw.strip()}”")
    try:
        return datetime.date(year, month, day)
    except ValueError as error:
        raise CellError(f"“{raw.strip()}” is not a real date") from error


def parse_bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise CellError(f"Write Y or N (or leave blank for No), not “{raw.strip()}”")


def parse_sex(raw: str) -> str:
    try:
        return _SEX[raw.strip().lower()]
    except KeyError:
        raise CellError(f"Write F or M, not “{raw.strip()}”") from None


def parse_nc_year(raw: str) -> str:
    text = " ".join(raw.strip().lower().split())
    if text in _NC_WORDS:
        return _NC_WORDS[text]
    match = _NC_NUMBER.match(text)
    if match and 1 <= int(match.group(1)) <= 14:
        return str(int(match.group(1)))
    raise CellError(f"Write the NC year as N1, N2, R or 1 to 14, not “{raw.strip()}”")


def parse_group_list(raw: str) -> tuple[str, ...]:
    names = (" ".join(part.split()) for part in raw.split(";"))
    return tuple(dict.fromkeys(name for name in names if name))


def parse_email(raw: str) -> str:
    email = raw.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise CellError(f"“{raw.strip()}” is not an email address") from None
    return email


def parse_role(raw: str) -> str:
    role = _ROLES.get(" ".join(raw.strip().casefold().split()))
    if role is None:
        known = ", ".join(str(r.label) for r in Role if r != Role.TRUST_LEAD)
        raise CellError(f"“{raw.strip()}” is not a role in OpenSEND. Use one of: {known}")
    if role == Role.TRUST_LEAD:
        raise CellError("A trust SEND lead works across the trust; the trust sets that role up, not a school import")
    return role


def age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
