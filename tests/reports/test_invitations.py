"""The invitation to report: the day after, once, in the organiser's language."""

from io import StringIO

import pytest
from django.core.management import call_command

from jres.outbox.models import OutgoingMessage
from jres.reports import services
from jres.reports.models import ReportInvitation
from tests.factories import UserFactory
from tests.reports.conftest import make_report, past_event

pytestmark = pytest.mark.django_db


def html_of(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def test_the_organiser_is_invited_the_day_after_with_a_link_to_the_form(
    event, organiser, mailoutbox, deliver
):
    with deliver():
        sent = services.send_report_invitations()

    assert sent == 1
    [message] = mailoutbox
    assert message.to == [organiser.email]
    assert message.subject == "Comment s'est passé « Débat sur les devoirs » ? Votre bilan"
    link = f"http://127.0.0.1:8000/mes-evenements/{event.pk}/bilan/"
    assert link in message.body and link in html_of(message)
    assert "Bonjour Odile Organisatrice" in message.body
    assert OutgoingMessage.objects.get().template == "reports/email/invitation"
    assert ReportInvitation.objects.get().event == event


def test_a_second_run_sends_nothing(event, mailoutbox, deliver):
    with deliver():
        services.send_report_invitations()
        second = services.send_report_invitations()

    assert second == 0
    assert len(mailoutbox) == 1


def test_the_invitation_is_in_the_organisers_language(current_edition, mailoutbox, deliver):
    english = UserFactory(display_name="Emma", language="en")
    past_event(edition=current_edition, organiser=english)

    with deliver():
        services.send_report_invitations()

    [message] = mailoutbox
    assert message.subject == "How did “Débat sur les devoirs” go? Your report"
    assert "Hello Emma" in message.body and "Bonjour" not in message.body
    assert 'lang="en"' in html_of(message)


def test_only_labelled_events_over_by_last_midnight_within_a_week_are_invited(
    current_edition, organiser, mailoutbox, deliver
):
    due = past_event(edition=current_edition, organiser=organiser, days_ago=6, title="Dû")
    past_event(edition=current_edition, organiser=organiser, days_ago=0, title="Ce soir")
    past_event(edition=current_edition, organiser=organiser, days_ago=-2, title="À venir")
    past_event(edition=current_edition, organiser=organiser, days_ago=9, title="Trop ancien")
    past_event(edition=current_edition, organiser=organiser, title="Annulé", status="cancelled")
    past_event(edition=current_edition, organiser=organiser, title="Brouillon", status="draft")
    make_report(past_event(edition=current_edition, organiser=organiser, title="Déjà fait"))

    with deliver():
        services.send_report_invitations()

    assert [message.subject for message in mailoutbox] == [
        "Comment s'est passé « Dû » ? Votre bilan"
    ]
    assert list(ReportInvitation.objects.values_list("event", flat=True)) == [due.pk]


def test_a_run_that_lost_the_race_sends_nothing(event, monkeypatch, mailoutbox, deliver):
    """Two runs at once both see the event as due; the second insert fails and stops."""
    due = services._due_events
    monkeypatch.setattr(services, "_due_events", lambda now: [event.pk])
    with deliver():
        assert services.send_report_invitations() == 1
        assert services.send_report_invitations() == 0  # saw it as due, lost the insert
    monkeypatch.setattr(services, "_due_events", due)

    assert len(mailoutbox) == 1
    assert ReportInvitation.objects.count() == 1


def test_the_command_says_how_many_it_queued(event, mailoutbox, deliver):
    out = StringIO()
    with deliver():
        call_command("send_report_invitations", stdout=out)

    assert out.getvalue().strip() == "1 report invitation(s) queued"
    assert len(mailoutbox) == 1
