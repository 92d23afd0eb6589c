"""The e-mails of a registration, each in the registrant's language, queued on commit.

Most are queued from inside the transaction that holds the event's lock: they are stored
unrendered (the registration, the template, the recipients) and rendered by the delivery
task, so the lock is not held while templates and the `.ics` are built.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from jres.core.mail import render_templated_mail
from jres.events import calendar
from jres.outbox import rendering
from jres.outbox.services import queue_unrendered

from .models import Registration, RegistrationStatus


def _url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _ics(registration: Registration) -> tuple[str, bytes, str]:
    event = registration.event
    with translation.override(registration.language):
        body = calendar.build_calendar([event], name=event.title)
    return (f"{event.slug}.ics", body, "text/calendar")


def _unsubscribe_headers(registration: Registration) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe, for the e-mails a registrant may do without."""
    url = _url(reverse("registrations:stop_news", kwargs={"token": registration.token}))
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _send(registration: Registration, template: str, *, to=None, ics=False, news=False, **extra):
    """Queue the e-mail `template` about `registration`; `extra` must be JSON values."""
    queue_unrendered(
        renderer=RENDERER,
        arguments={
            "registration": registration.pk,
            "template": template,
            "ics": ics,
            "news": news,
            "extra": extra,
        },
        to=to or [registration.email],
        template=f"registrations/email/{template}",
    )


RENDERER = "registrations.email"


@rendering.renderer(RENDERER)
def render(*, registration: int, template: str, ics: bool, news: bool, extra: dict):
    """The message as the registration stands when the worker renders it."""
    registration = Registration.objects.select_related("event").get(pk=registration)
    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "event_url": _url(event.get_absolute_url()),
        "manage_url": _url(registration.get_absolute_url()),
        **extra,
    }
    if news:
        context["stop_news_url"] = _url(
            reverse("registrations:stop_news", kwargs={"token": registration.token})
        )
    return render_templated_mail(
        template=f"registrations/email/{template}",
        to=[registration.email],
        language=registration.language,
        context=context,
        headers=_unsubscribe_headers(registration) if news else None,
        attachments=[_ics(registration)] if ics else None,
    )


def registered(registration: Registration) -> None:
    """What a new (or newly consented) registration tells the registrant and a parent."""
    if registration.status == RegistrationStatus.CONFIRMED:
        _send(registration, "confirmed", ics=True)
    elif registration.status == RegistrationStatus.WAITING:
        _send(registration, "waiting")
    elif registration.status == RegistrationStatus.PENDING_PARENT:
        _send(registration, "pending_parent")
        consent_url = _url(
            reverse("registrations:authorise", kwargs={"token": registration.parent_token})
        )
        _send(registration, "parent_request", to=[registration.parent_email],
              consent_url=consent_url)  # fmt: skip


def promoted(registration: Registration) -> None:
    _send(registration, "promoted", ics=True)


def cancelled(registration: Registration) -> None:
    _send(registration, "cancelled")


def event_changed(registration: Registration, *, changed_fields) -> None:
    _send(registration, "event_changed", ics=True, changed_fields=sorted(changed_fields))


def event_cancelled(registration: Registration) -> None:
    _send(registration, "event_cancelled")


def reminder(registration: Registration) -> None:
    _send(registration, "reminder", ics=True, news=True)


def organiser_message(registration: Registration, *, subject: str, body: str) -> None:
    _send(registration, "organiser_message", news=True, subject=subject, body=body)
