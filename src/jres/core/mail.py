"""E-mails rendered from three templates each, in the recipient's language, and queued."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def render_templated_mail(
    *,
    template: str,
    to: list[str],
    language: str,
    context: dict,
    reply_to: list[str] | None = None,
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, bytes, str]] | None = None,
) -> EmailMultiAlternatives:
    """The message made of `<template>-subject.txt`, `-body.txt` and `-body.html`."""
    language = language or settings.LANGUAGE_CODE
    context = {
        "SITE_URL": settings.SITE_URL,
        "SITE_NAME": settings.SITE_NAME,
        # No request here: the templates' <html lang> comes from the recipient's language.
        "LANGUAGE_CODE": language,
        **context,
    }
    with translation.override(language):
        subject = render_to_string(f"{template}-subject.txt", context).strip()
        text = render_to_string(f"{template}-body.txt", context)
        html = render_to_string(f"{template}-body.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.splitlines()),
        body=text,
        to=to,
        reply_to=reply_to,
        headers=dict(headers or {}),
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or ():
        message.attach(filename, content, mimetype)
    return message


def send_templated_mail(**fields) -> None:
    """Render the message as `render_templated_mail` does (same arguments) and queue it.

    `template` is a path prefix such as "events/email/labelled". `reply_to` lets the
    recipient answer someone else than the platform (a visitor who wrote through a form).
    The message is stored at once and sent by a task after the transaction commits
    (`jres.outbox`): a mail server that is down delays it, never loses it.
    """
    from jres.outbox.services import queue_message

    queue_message(render_templated_mail(**fields), template=fields["template"])
