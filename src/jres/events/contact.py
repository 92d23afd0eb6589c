"""Writing to an event's organiser without ever learning their e-mail address.

The message goes out from the platform with Reply-To set to the visitor, so the organiser
answers directly if they wish; a honeypot, a timing check (core.antispam) and a
per-address limit keep robots out.
"""

import logging
import smtplib
from collections.abc import Callable

from allauth.core import ratelimit
from django import forms
from django.contrib import messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jres.core.antispam import AntispamForm
from jres.core.mail import send_templated_mail

from .models import Event
from .structured_data import absolute_url

logger = logging.getLogger(__name__)


class ContactForm(AntispamForm):
    name = forms.CharField(label=_("Votre nom"), max_length=100)
    email = forms.EmailField(
        label=_("Votre adresse e-mail"),
        help_text=_("L'organisateur vous répondra à cette adresse."),
    )
    message = forms.CharField(
        label=_("Votre message"),
        min_length=10,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


def allow_attempt(request) -> bool:
    """Count one message from this address; False past its rate ("event_contact" in
    ACCOUNT_RATE_LIMITS), counted in the cache by allauth's limiter."""
    return ratelimit.consume(request, action="event_contact")


def send_contact_message(*, event: Event, name: str, email: str, message: str) -> None:
    """E-mail the visitor's message to the organiser, in the organiser's language."""
    organiser = event.organiser
    send_templated_mail(
        template="events/email/contact",
        to=[organiser.email],
        language=organiser.language,
        reply_to=[email],
        context={
            "event": event,
            "organiser": organiser,
            "event_url": absolute_url(event.get_absolute_url()),
            "sender_name": name,
            "sender_email": email,
            "message": message,
        },
    )


def submit(request, form: ContactForm, *, allow: Callable, send: Callable, sent: str,
           about: str) -> int | None:  # fmt: skip
    """What a contact view does with a valid form: None once it is sent (the view
    redirects), else the status to show the form again with.

    Past the address's limit the form says so (429); a robot is answered as if its message
    had gone, so it learns nothing; a mail server refusing it is a 503 to retry later.
    `send` gets the name, e-mail and message; `about` names the recipient in the logs.
    """
    if not allow(request):
        form.add_error(
            None, gettext("Vous avez envoyé beaucoup de messages : réessayez dans une heure.")
        )
        return 429
    if form.is_robot:
        logger.info("Contact form honeypot filled for %s", about)
    else:
        try:
            send(**{field: form.cleaned_data[field] for field in ("name", "email", "message")})
        except (OSError, smtplib.SMTPException):
            logger.exception("Contact message for %s not sent", about)
            form.add_error(
                None, gettext("Le message n'a pas pu partir. Réessayez dans quelques minutes.")
            )
            return 503
    messages.success(request, sent)
    return None
