"""Memberships are cached between pages (with a shared cache), and any change to someone's access,
or to a school or trust, is seen on the very next page."""

from __future__ import annotations

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opensend.accounts.models import Membership, Role
from opensend.pupils import mis_import

from ..conftest import give_mfa
from ..factories import MembershipFactory, UserFactory


def register_url(cast) -> str:
    return reverse("register:list", kwargs={"urn": cast.school.urn})


def membership_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return sum('FROM "accounts_membership"' in query["sql"] for query in captured)


def test_a_second_page_reads_memberships_from_the_cache(cast):
    client = cast.client_for("sendco")
    assert membership_queries(client, register_url(cast)) == 1
    assert membership_queries(client, register_url(cast)) == 0


@override_settings(OPENSEND_SCHOOL_CACHE=False)
def test_without_a_shared_cache_every_page_reads_memberships(cast):
    client = cast.client_for("sendco")
    client.get(register_url(cast))
    assert membership_queries(client, register_url(cast)) == 1


def test_a_membership_made_inactive_takes_the_school_away_on_the_next_page(cast):
    client = cast.client_for("sendco")
    assert client.get(register_url(cast)).status_code == 200

    membership = Membership.objects.get(user=cast["sendco"], school=cast.school)
    membership.is_active = False
    membership.save()

    assert client.get(register_url(cast)).status_code == 404


def test_a_membership_deleted_takes_the_school_away_on_the_next_page(cast):
    client = cast.client_for("sendco")
    assert client.get(register_url(cast)).status_code == 200
    Membership.objects.filter(user=cast["sendco"], school=cast.school).delete()
    assert client.get(register_url(cast)).status_code == 404


def test_a_role_given_is_seen_on_the_next_page(cast):
    client = cast.client_for("teacher")
    assert client.get(register_url(cast)).status_code == 404
    MembershipFactory(user=cast["teacher"], school=cast.school, role=Role.ASSISTANT_SENDCO)
    assert client.get(register_url(cast)).status_code == 200


def test_a_school_renamed_shows_its_new_name_on_the_next_page(cast):
    client = cast.client_for("sendco")
    assert "Oakfield Primary" in client.get(register_url(cast)).content.decode()
    cast.school.name = "Oakfield Community Primary"
    cast.school.save()
    assert "Oakfield Community Primary" in client.get(register_url(cast)).content.decode()


def test_a_staff_import_that_gives_a_role_is_seen_on_the_next_page(cast):
    newcomer = UserFactory(email="new.sendco@oakfield.test")
    give_mfa(newcomer)
    client = cast.client_for("anonymous")
    client.force_login(newcomer)
    assert client.get(register_url(cast)).status_code == 404

    header = "Email,Title,Forename,Surname,Role,Groups"
    mis_import.import_staff(
        school=cast.school,
        text=f"{header}\r\nnew.sendco@oakfield.test,,New,Sendco,SENDCo,\r\n",
        actor=cast["school-admin"],
    )

    assert client.get(register_url(cast)).status_code == 200


def test_a_staff_import_that_gives_back_a_lapsed_role_is_seen_on_the_next_page(cast):
    teacher = cast["teacher"]
    lapsed = MembershipFactory(user=teacher, school=cast.school, role=Role.SENDCO, is_active=False)
    client = cast.client_for("teacher")
    assert client.get(register_url(cast)).status_code == 404

    header = "Email,Title,Forename,Surname,Role,Groups"
    text = f"{header}\r\n{teacher.email},,{teacher.first_name},{teacher.last_name},SENDCo,\r\n"
    mis_import.import_staff(school=cast.school, text=text, actor=cast["school-admin"])

    lapsed.refresh_from_db()
    assert lapsed.is_active
    assert client.get(register_url(cast)).status_code == 200
