"""Registration e-mails: the recipient's language, text and HTML, .ics, List-Unsubscribe."""

import datetime

import icalendar
import pytest

from jres.events import services as event_services
from jres.outbox import services as outbox_services
from jres.outbox.models import OutgoingMessage
from jres.registrations import services
from tests.registrations.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def register(event, email="nadia@example.net", language="fr", **extra):
    return services.register_attendee(
        event=event, name="Nadia", email=email, role=extra.pop("role", "parent"),
        places=extra.pop("places", 1), language=language, **extra,
    )  # fmt: skip


def html_of(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def test_the_confirmation_has_text_html_the_ics_and_the_private_link(event, mailoutbox, deliver):
    with deliver():
        registration = register(event)

    [message] = mailoutbox
    assert message.subject == "Inscription confirmée : « Atelier devoirs »"
    link = f"http://127.0.0.1:8000/inscription/{registration.token}/"
    assert link in message.body and link in html_of(message)
    [(filename, content, mimetype)] = message.attachments
    assert filename == f"{event.slug}.ics" and mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(content)
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["summary"]) == "Atelier devoirs"
    # A transactional e-mail: nothing to unsubscribe from.
    assert "List-Unsubscribe" not in message.extra_headers


def test_e_mails_are_in_the_registrants_language(event, mailoutbox, deliver):
    with deliver():
        register(event, language="en")

    [message] = mailoutbox
    assert message.subject == "Registration confirmed: “Atelier devoirs”"
    assert "See, change or cancel your registration" in message.body
    assert "Bonjour" not in message.body and "Hello Nadia" in message.body
    assert 'lang="en"' in html_of(message)


def test_the_waiting_list_and_the_promotion_are_told(event, mailoutbox, deliver):
    holder = register(event, email="holder@example.net", places=3)
    with deliver():
        register(event, email="late@example.net")
    [waiting] = mailoutbox
    assert waiting.subject.startswith("Liste d'attente")
    mailoutbox.clear()

    with deliver():
        services.cancel_registration(registration=holder)

    by_address = {message.to[0]: message for message in mailoutbox}
    assert by_address["late@example.net"].subject.startswith("Une place s'est libérée")
    assert by_address["late@example.net"].attachments
    assert by_address["holder@example.net"].subject.startswith("Inscription annulée")


def test_the_reminder_carries_list_unsubscribe(event, mailoutbox, deliver):
    event.starts_at -= datetime.timedelta(days=9)
    event.ends_at -= datetime.timedelta(days=9)
    event.save()
    registration = RegistrationFactory(event=event)

    with deliver():
        services.send_reminders()

    [message] = mailoutbox
    url = f"http://127.0.0.1:8000/inscription/{registration.token}/desabonnement/"
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "List-Unsubscribe" in message.message().as_string()
    assert message.attachments and html_of(message)


def test_a_pupil_under_15_and_the_parent_are_written_to(event, mailoutbox, deliver):
    with deliver():
        register(event, email="eleve@example.net", role="pupil", is_under_15=True,
                 parent_email="parent@example.net")  # fmt: skip

    to_pupil, to_parent = mailoutbox
    assert to_pupil.to == ["eleve@example.net"] and not to_pupil.attachments
    assert to_parent.to == ["parent@example.net"]
    assert "demande votre accord" in to_parent.subject


def test_cancelling_the_event_tells_every_registrant(event, organiser, mailoutbox, deliver):
    RegistrationFactory(event=event, email="a@example.net")
    RegistrationFactory(event=event, email="b@example.net", status="waiting", language="en")
    RegistrationFactory(event=event, email="gone@example.net", status="cancelled")

    with deliver():
        event_services.cancel_event(event=event, by=organiser, reason="Salle indisponible")

    subjects = {message.to[0]: message.subject for message in mailoutbox}
    assert subjects == {
        "a@example.net": "Événement annulé : « Atelier devoirs »",
        "b@example.net": "Event cancelled: “Atelier devoirs”",
    }


def test_a_new_date_or_place_is_told_with_a_new_ics(event, organiser, mailoutbox, deliver):
    RegistrationFactory(event=event, email="a@example.net")

    with deliver():
        event_services.record_edit(event=event, by=organiser, changed_fields=["description"])
    assert mailoutbox == []

    with deliver():
        event_services.record_edit(event=event, by=organiser, changed_fields=["starts_at"])

    [message] = mailoutbox
    assert message.subject == "Changement de date ou de lieu : « Atelier devoirs »"
    assert message.attachments


def test_a_registration_leaves_its_e_mail_unrendered_for_the_worker(
    event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        registration = services.register_attendee(
            event=event, name="Lou", email="lou@example.net", role="parent", places=1,
            language="en",
        )  # fmt: skip

    outgoing = OutgoingMessage.objects.get()
    assert outgoing.body_text == "" and outgoing.attachments == []
    assert outgoing.to == ["lou@example.net"]
    assert outgoing.render_arguments["registration"] == registration.pk

    assert outbox_services.deliver(outgoing.pk) == "sent"
    outgoing.refresh_from_db()
    assert outgoing.subject == "Registration confirmed: “Atelier devoirs”"
    assert [attachment["filename"] for attachment in outgoing.attachments] == [f"{event.slug}.ics"]
