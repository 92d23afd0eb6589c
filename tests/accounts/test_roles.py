"""Roles (organiser, moderator, coordinator), the create_coordinator command, admin access."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.utils import translation

from jres.accounts.models import User
from jres.pages.models import Page
from tests.factories import PASSWORD, PageFactory, UserFactory

pytestmark = pytest.mark.django_db

COORDINATOR_PASSWORD = "coordination-nationale-2026"


@pytest.fixture(autouse=True)
def _french():
    """Role labels are lazy: read them in French, whatever an earlier request activated."""
    with translation.override("fr"):
        yield


@pytest.mark.parametrize(
    ("who", "is_moderator", "is_coordinator", "label"),
    [
        ("organiser", False, False, "Organisateur·rice"),
        ("moderator", True, False, "Modération"),
        ("coordinator", True, True, "Coordination nationale"),
    ],
)
def test_roles_of_the_named_users(request, who, is_moderator, is_coordinator, label):
    user = request.getfixturevalue(who)

    assert user.is_moderator is is_moderator
    assert user.is_coordinator is is_coordinator
    assert str(user.role_label) == label


def test_superuser_counts_as_coordinator():
    user = UserFactory(is_superuser=True)

    assert user.is_coordinator
    assert user.is_moderator
    assert str(user.role_label) == "Coordination nationale"


def test_role_is_read_once_per_instance(organiser, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert not organiser.is_moderator
        assert not organiser.is_coordinator
        assert str(organiser.role_label) == "Organisateur·rice"


# create_coordinator -----------------------------------------------------------------------


def test_create_coordinator_creates_a_verified_staff_account(client):
    out = StringIO()

    call_command(
        "create_coordinator",
        "Claire.Martin@Example.org",
        name="Claire Martin",
        password=COORDINATOR_PASSWORD,
        stdout=out,
    )

    user = User.objects.get()
    assert user.email == "claire.martin@example.org"
    assert user.display_name == "Claire Martin"
    assert user.is_staff
    assert not user.is_superuser
    assert user.is_coordinator
    assert list(user.groups.values_list("name", flat=True)) == ["coordinators"]
    assert EmailAddress.objects.get(user=user).verified
    assert "claire.martin@example.org" in out.getvalue()
    response = client.post(
        "/compte/login/", {"login": "claire.martin@example.org", "password": COORDINATOR_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize("email", ["person@example.org", "Person@Example.org"])
def test_create_coordinator_refuses_a_taken_email(email):
    UserFactory(email="person@example.org", display_name="Déjà là")

    with pytest.raises(CommandError, match="already exists"):
        call_command("create_coordinator", email, name="Autre", password=COORDINATOR_PASSWORD)

    assert User.objects.count() == 1
    assert not User.objects.get().is_staff


@pytest.mark.parametrize("email", ["pas-une-adresse", "a@b", "claire@@example.org", ""])
def test_create_coordinator_refuses_a_malformed_email(email):
    with pytest.raises(CommandError, match="Invalid e-mail address"):
        call_command("create_coordinator", email, name="Claire", password=COORDINATOR_PASSWORD)

    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("court", "too short|trop court"),
        ("motdepasse", "too common|trop courant"),
        ("20260927123456", "entirely numeric|entièrement numérique"),
    ],
)
def test_create_coordinator_refuses_a_weak_password(password, message):
    with pytest.raises(CommandError, match=message):
        call_command("create_coordinator", "claire@example.org", name="Claire", password=password)

    assert not User.objects.exists()


# Admin ------------------------------------------------------------------------------------


def test_coordinator_reaches_the_admin(client, coordinator):
    client.force_login(coordinator)

    response = client.get("/admin/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "/admin/pages/page/" in html
    assert "/admin/editions/edition/" in html
    # Accounts are not the coordinator's to edit.
    assert "/admin/accounts/user/" not in html


def test_coordinator_edits_a_page_in_the_admin(client, coordinator):
    page = PageFactory(slug="notre-histoire", title_fr="Histoire", body_fr="Ancien texte")
    client.force_login(coordinator)
    url = f"/admin/pages/page/{page.pk}/change/"
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {
            "slug": "notre-histoire",
            "title_fr": "Notre histoire",
            "title_en": "Our story",
            "body_fr": "## Nouveau\n\nUn texte **revu**.",
            "body_en": "## New\n\nA **revised** text.",
            "order": "3",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/page/"
    page.refresh_from_db()
    assert page.title_fr == "Notre histoire"
    assert page.title_en == "Our story"
    assert page.body_fr == "## Nouveau\n\nUn texte **revu**."
    assert page.body_en == "## New\n\nA **revised** text."
    assert page.order == 3
    public = client.get("/notre-histoire/").content.decode()
    assert "<strong>revu</strong>" in public


@pytest.mark.parametrize("who", ["organiser", "moderator"])
def test_non_staff_cannot_reach_the_admin(client, request, who):
    client.force_login(request.getfixturevalue(who))

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/"


def test_organiser_cannot_edit_a_page_through_the_admin(client, organiser):
    page = PageFactory(title_fr="Intacte", body_fr="Texte d'origine")
    client.force_login(organiser)

    response = client.post(
        f"/admin/pages/page/{page.pk}/change/",
        {"slug": page.slug, "title_fr": "Piratée", "body_fr": "x", "order": "0"},
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    page.refresh_from_db()
    assert page.title_fr == "Intacte"
    assert not Page.objects.filter(title_fr="Piratée").exists()


def test_the_admin_login_form_is_the_platform_s_and_refuses_an_organiser(client, organiser):
    # Django's own admin form is replaced by allauth's log-in (throttling, second factor).
    response = client.post(
        "/admin/login/?next=/admin/", {"username": organiser.email, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/compte/login/?next=%2Fadmin%2F"
    assert "_auth_user_id" not in client.session
    client.force_login(organiser)
    assert client.get("/admin/login/?next=/admin/").status_code == 403
