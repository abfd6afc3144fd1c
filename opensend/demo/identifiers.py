"""Identifiers for synthetic records: UPNs with valid check letters, and public ids drawn from the
seeded random generator so that two runs produce the same URLs."""

from __future__ import annotations

import random
import uuid

from stdnum.gb import upn as upn_module


class UpnSpaceExhausted(ValueError):
    """More than 999 pupils were given UPNs by one school in one year."""


def random_uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


class UpnAllocator:
    """Hands out UPNs the way schools do: LA code, the allocating school's establishment number,
    the year of allocation and a serial number counting up within that school and year."""

    def __init__(self) -> None:
        self._last_serial: dict[tuple[str, str, int], int] = {}

    def allocate(self, *, la_code: str, establishment: str, year: int) -> str:
        key = (la_code, establishment, year % 100)
        serial = self._last_serial.get(key, 0) + 1
        if serial > 999:
            raise UpnSpaceExhausted(f"School {la_code}/{establishment} has no UPN serials left for {year}.")
        self._last_serial[key] = serial
        body = f"{la_code}{establishment}{year % 100:02d}{serial:03d}"
        return upn_module.calc_check_digit(body) + body
