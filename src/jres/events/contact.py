"""Writing to an event's organiser without ever learning their e-mail address.

The message goes out from the platform with Reply-To set to the visitor, so the organiser
answers directly if they wish; a honeypot field and a per-address limit keep robots out.
"""

import logging

from allauth.account.adapter import get_adapter
from django import forms
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from jres.core.mail import send_templated_mail

from .models import Event
from .structured_data import absolute_url

logger = logging.getLogger(__name__)

RATE_LIMIT = 5
RATE_PERIOD = 3600  # seconds


class ContactForm(forms.Form):
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
    # Hidden from people (see events.css); robots that fill every field give themselves away.
    website = forms.CharField(
        label=_("Ne remplissez pas ce champ"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != "website"]

    @property
    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


def _rate_key(request) -> str:
    return f"events:contact:{get_adapter().get_client_ip(request)}"


def is_rate_limited(request) -> bool:
    """Whether this address has already sent RATE_LIMIT messages in the last hour."""
    return (cache.get(_rate_key(request)) or 0) >= RATE_LIMIT


def count_attempt(request) -> None:
    key = _rate_key(request)
    # add() starts the hour at the first message; incr() never extends it.
    if not cache.add(key, 1, timeout=RATE_PERIOD):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=RATE_PERIOD)


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
