"""The demo data: what `load_demo` creates, and that it never loads twice."""

import datetime
import re
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.utils import translation

from jres.accounts.models import User
from jres.editions.models import Edition, KeyFigure
from jres.pages.models import Page, TeamContact
from tests.core.html import local_links, text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _french():
    """Role labels are lazy: read them in French, whatever an earlier request activated."""
    with translation.override("fr"):
        yield


DEMO_SLUGS = {
    "pourquoi-cette-journee",
    "organiser-un-evenement",
    "mentions-legales",
    "confidentialite",
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """The demo kit's files go to a scratch folder, not to var/media."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def local_site(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.DEBUG = False


def _load(*args) -> str:
    """The demo without France's 35,000 communes and the events (see test_demo_events)."""
    out = StringIO()
    call_command("load_demo", "--without-events", *args, stdout=out)
    return out.getvalue()


def _printed_accounts(output: str) -> list[tuple[str, str]]:
    """(e-mail, password) pairs from the accounts the command prints."""
    return re.findall(r"^\s+.+?\s+(\S+@\S+)\s+(\S+)\s*$", output, re.MULTILINE)


def _snapshot():
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (Edition, KeyFigure, Page, TeamContact, User, EmailAddress)
    }


def test_demo_creates_the_2026_current_edition(local_site):
    _load()

    current = Edition.objects.current()
    assert current.year == 2026
    assert current.number == 19
    assert current.day == datetime.date(2026, 9, 27)
    assert current.status == "open"
    assert current.theme_fr and current.theme_en
    assert current.framing_fr and current.framing_en
    assert current.key_figures.count() >= 3
    assert all(figure.label_en for figure in current.key_figures.all())
    assert Edition.objects.filter(is_current=True).count() == 1
    for edition in Edition.objects.all():
        edition.full_clean()


def test_demo_holds_the_first_and_the_2013_editions(local_site):
    _load()

    first = Edition.objects.get(year=2008)
    assert first.number == 1
    assert first.number == Edition.objects.order_by("number").first().number
    assert first.day.year == 2008
    edition_2013 = Edition.objects.get(year=2013)
    assert edition_2013.theme_fr == "Les lycées professionnels"
    assert edition_2013.theme_en == "Vocational high schools"
    assert not Edition.objects.filter(status="draft").exists()


def test_demo_pages_exist_in_french_and_english(client, local_site):
    _load()

    assert set(Page.objects.values_list("slug", flat=True)) == DEMO_SLUGS
    for page in Page.objects.all():
        assert page.title_fr and page.title_en and page.body_fr and page.body_en
        french = text(client.get(f"/{page.slug}/").content.decode())
        assert page.title_fr in french
    client.cookies["django_language"] = "en"
    english = text(client.get("/pourquoi-cette-journee/").content.decode())
    assert "Why this day" in english
    assert "A national issue" in english


def test_demo_contacts_are_on_the_contact_page(client, local_site):
    _load()

    contacts = list(TeamContact.objects.all())
    assert len(contacts) >= 2
    page = text(client.get("/contact/").content.decode())
    for contact in contacts:
        assert contact.name in page
        assert contact.email and contact.phone


def test_demo_home_and_archive_have_no_broken_links(client, local_site):
    _load()

    html = client.get("/").content.decode()
    assert "19e édition" in text(html)
    links = local_links(html) | local_links(client.get("/editions/").content.decode())
    assert "/editions/2013/" in links
    broken = {url for url in links if client.get(url).status_code == 404}
    assert broken == set()


def test_demo_accounts_one_per_role_can_log_in(client, local_site):
    output = _load()

    printed = _printed_accounts(output)
    assert len(printed) == 5
    users = {email: User.objects.get(email=email) for email, _password in printed}
    roles = sorted(str(user.role_label) for user in users.values())
    assert roles == sorted(
        ["Coordination nationale", "Modération", "Organisateur·rice", "Organisateur·rice",
         "Collectivité partenaire"]
    )  # fmt: skip
    coordinator = next(user for user in users.values() if user.is_coordinator)
    assert coordinator.is_staff
    for email, password in printed:
        assert EmailAddress.objects.get(email=email).verified
        response = client.post("/compte/login/", {"login": email, "password": password})
        assert response.status_code == 302, email
        assert client.session["_auth_user_id"] == str(users[email].pk)
        client.logout()


def test_if_empty_changes_nothing_the_second_time(local_site):
    _load("--if-empty")
    before = _snapshot()
    current = Edition.objects.current()
    current.theme_fr = "Thème modifié par la coordination"
    current.save()

    output = _load("--if-empty")

    assert _snapshot() == before
    assert Edition.objects.current().theme_fr == "Thème modifié par la coordination"
    assert "nothing loaded" in output
    assert len(_printed_accounts(output)) == 5


def test_loading_into_a_non_empty_database_is_refused(local_site):
    _load()
    before = _snapshot()

    with pytest.raises(CommandError, match="not empty"):
        _load()

    assert _snapshot() == before


def test_demo_refuses_a_public_site_without_force(settings):
    settings.SITE_URL = "https://jres.example.org"
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        _load()

    assert not Edition.objects.exists()
    assert not User.objects.exists()

    _load("--force")
    assert Edition.objects.current().year == 2026


def test_demo_events_cover_france_and_every_status(local_site):
    from collections import Counter

    from django.utils import timezone

    from jres.events.models import Event

    out = StringIO()
    call_command("load_demo", stdout=out)

    current = Event.objects.filter(edition__year=2026)
    statuses = Counter(current.values_list("status", flat=True))
    assert 55 <= statuses["labelled"] <= 65
    assert {"draft", "submitted", "changes_requested", "refused", "cancelled"} <= set(statuses)
    labelled = current.filter(status="labelled")
    paris = labelled.get(commune_id="75056")
    assert timezone.localtime(paris.starts_at).isoformat() == "2026-09-27T14:00:00+02:00"
    assert labelled.values("department").distinct().count() >= 25
    assert labelled.filter(department_id="974").exists()  # La Réunion
    assert labelled.filter(is_public=False).count() >= 5
    assert labelled.filter(attendance_mode="online").count() >= 2
    assert all(event.latitude and event.longitude for event in labelled)
    bordeaux_2012 = Event.objects.get(edition__year=2012, venue_name__contains="Archives")
    assert "85 participants" in bordeaux_2012.description
    assert bordeaux_2012.report.participants == 85 and bordeaux_2012.report.show_on_event_page
    assert Event.objects.filter(edition__year=2012, city="Fontenay-sous-Bois").exists()
    assert re.search(
        rf"Demo loaded: 5 editions, {Event.objects.count()} events, 9 kit resources, "
        r"13 partner authorities, 6 newsletter subscribers\.",
        out.getvalue(),
    )
