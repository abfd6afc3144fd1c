"""Picking realistic names for children, parents and staff, and email addresses from them."""

from __future__ import annotations

import itertools
import random
import re
import unicodedata
from dataclasses import dataclass

from .names import HERITAGES, NICKNAMES, Heritage
from .rates import DOUBLE_BARRELLED_RATE, MIXED_HERITAGE_RATE, PREFERRED_NAME_RATE

_CUMULATIVE_WEIGHTS = list(itertools.accumulate(heritage.weight for heritage in HERITAGES))

# Surnames that differ by sex: Polish -ski/-cki become -ska/-cka for girls and women; in Sikh
# families girls are usually Kaur and boys Singh; in Bangladeshi families Begum is for girls.
_FEMININE_ENDINGS = (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka"))
_FOR_GIRLS = {"Singh": "Kaur"}
_FOR_BOYS = {"Kaur": "Singh", "Begum": "Miah"}
# Letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSED = str.maketrans({"ł": "l", "Ł": "L", "ı": "i", "ø": "o", "đ": "d"})  # noqa: RUF001


@dataclass(frozen=True)
class ChildName:
    forename: str
    surname: str
    preferred: str
    # The family's surname before any feminine form, for naming the parents.
    family_name: str
    heritage: Heritage


def pick_heritage(rng: random.Random) -> Heritage:
    return rng.choices(HERITAGES, cum_weights=_CUMULATIVE_WEIGHTS)[0]


def surname_for(family_name: str, sex: str) -> str:
    if sex == "F":
        for masculine, feminine in _FEMININE_ENDINGS:
            if family_name.endswith(masculine):
                return family_name[: -len(masculine)] + feminine
        return _FOR_GIRLS.get(family_name, family_name)
    return _FOR_BOYS.get(family_name, family_name)


def _family_name(rng: random.Random, heritage: Heritage) -> str:
    surname = rng.choice(heritage.surnames)
    if heritage.key == "british" and rng.random() < DOUBLE_BARRELLED_RATE:
        other = rng.choice(heritage.surnames)
        if other != surname:
            return f"{surname}-{other}"
    return surname


def child_name(rng: random.Random, sex: str) -> ChildName:
    heritage = pick_heritage(rng)
    forename = rng.choice(heritage.girls if sex == "F" else heritage.boys)
    # Children of mixed heritage often take a forename from one side and a surname from the other.
    family_heritage = pick_heritage(rng) if rng.random() < MIXED_HERITAGE_RATE else heritage
    family_name = _family_name(rng, family_heritage)
    nickname = NICKNAMES.get(forename, "")
    preferred = nickname if nickname and rng.random() < PREFERRED_NAME_RATE else ""
    return ChildName(forename, surname_for(family_name, sex), preferred, family_name, heritage)


def adult_forename(rng: random.Random, sex: str, heritage: Heritage) -> str:
    return rng.choice(heritage.adult_women if sex == "F" else heritage.adult_men)


def adult_name(rng: random.Random, sex: str) -> tuple[str, str]:
    heritage = pick_heritage(rng)
    return adult_forename(rng, sex, heritage), surname_for(_family_name(rng, heritage), sex)


def staff_title(rng: random.Random, sex: str) -> str:
    if rng.random() < 0.03:
        return "Dr"
    if sex == "M":
        return "Mr"
    return rng.choices(("Mrs", "Miss", "Ms"), weights=(5, 3, 2))[0]


def ascii_slug(text: str) -> str:
    """Lower-case ASCII letters and digits only, as a school's email system would spell a name."""
    plain = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain.lower())


def unique_email(local_part: str, domain: str, taken: set[str]) -> str:
    """`local_part@domain`, numbered from 2 if someone already has it."""
    for number in itertools.count(1):
        suffix = "" if number == 1 else str(number)
        email = f"{local_part}{suffix}@{domain}"
        if email not in taken:
            taken.add(email)
            return email
    raise AssertionError("unreachable")
