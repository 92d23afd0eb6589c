"""E-mails rendered from three templates each, in the recipient's language."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def send_templated_mail(
    *,
    template: str,
    to: list[str],
    language: str,
    context: dict,
    reply_to: list[str] | None = None,
) -> None:
    """Render `<template>-subject.txt`, `-body.txt` and `-body.html` and send them.

    `template` is a path prefix such as "events/email/labelled". `reply_to` lets the
    recipient answer someone else than the platform (a visitor who wrote through a form).
    """
    context = {"SITE_URL": settings.SITE_URL, "SITE_NAME": settings.SITE_NAME, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}-subject.txt", context).strip()
        text = render_to_string(f"{template}-body.txt", context)
        html = render_to_string(f"{template}-body.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.splitlines()), body=text, to=to, reply_to=reply_to
    )
    message.attach_alternative(html, "text/html")
    message.send()
