"""A mailing's e-mail: rendered once per language, then given each recipient's own
unsubscribe link by substitution (rendering three templates per recipient would cost more
than sending)."""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from jres.core.mail import render_templated_mail

from .models import Mailing, MailingRecipient

TEMPLATE = "newsletter/email/mailing"
TEST_PREFIX = "[TEST] "


def absolute(name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs or None)


def unsubscribe_url(token: str) -> str:
    return absolute("newsletter:unsubscribe", token=token)


def unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058: mail clients show an "unsubscribe" button that POSTs to `url`."""
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def render_mailing(
    mailing: Mailing, *, language: str, unsubscribe_url: str, test: bool = False
) -> EmailMultiAlternatives:
    """The message as a recipient reading `language` receives it (no recipient set).

    The subject and the Markdown source go into the text part as typed; the HTML part
    gets the sanitised rendering (jres.core.markdown), so a script typed in the body is
    inert in one and plain text in the other.
    """
    message = render_templated_mail(
        template=TEMPLATE,
        to=[],
        language=language,
        context={
            "mailing": mailing,
            "unsubscribe_url": unsubscribe_url,
        },
        headers=unsubscribe_headers(unsubscribe_url),
    )
    # The subject is the coordinator's, not a template's: translated wrappers stay out.
    message.subject = (TEST_PREFIX if test else "") + " ".join(mailing.subject.split())
    return message


@dataclass
class Draft:
    """A message rendered for one language, with a random marker where the token goes."""

    marker: str
    subject: str
    text: str
    html: str
    from_email: str

    def for_recipient(self, recipient: MailingRecipient) -> EmailMultiAlternatives:
        url = unsubscribe_url(recipient.unsubscribe_token)
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=self.text.replace(self.marker, recipient.unsubscribe_token),
            from_email=self.from_email,
            to=[recipient.email],
            headers={**unsubscribe_headers(url), "Message-ID": recipient.message_id},
        )
        message.attach_alternative(self.html.replace(self.marker, recipient.unsubscribe_token),
                                   "text/html")  # fmt: skip
        return message


def draft(mailing: Mailing, *, language: str) -> Draft:
    # A random marker cannot occur in the coordinator's text, so only the link changes.
    marker = secrets.token_hex(16)
    message = render_mailing(mailing, language=language, unsubscribe_url=unsubscribe_url(marker))
    html = next(content for content, mimetype in message.alternatives if mimetype == "text/html")
    return Draft(marker, message.subject, message.body, html, message.from_email)
