"""Writing to the carrier of an initiative without ever learning their e-mail address.

The same pattern as an event's contact (jres.events.contact): the message goes out from
the platform with Reply-To set to the visitor; a honeypot and a per-address limit.
"""

from allauth.core import ratelimit

from jres.core.mail import send_templated_mail
from jres.events.contact import ContactForm
from jres.events.structured_data import absolute_url

from .models import Initiative

__all__ = ["ContactForm", "allow_attempt", "send_contact_message"]


def allow_attempt(request) -> bool:
    """Count one message from this address; False past its rate ("initiative_contact" in
    ACCOUNT_RATE_LIMITS)."""
    return ratelimit.consume(request, action="initiative_contact")


def send_contact_message(*, initiative: Initiative, name: str, email: str, message: str) -> None:
    """E-mail the visitor's message to the initiative's contact, in the proposer's language."""
    send_templated_mail(
        template="initiatives/email/contact",
        to=[initiative.contact_email],
        language=initiative.proposer.language,
        reply_to=[email],
        context={
            "initiative": initiative,
            "initiative_url": absolute_url(initiative.get_absolute_url()),
            "sender_name": name,
            "sender_email": email,
            "message": message,
        },
    )
