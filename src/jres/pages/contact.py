"""The contact form of the national team: sent to TEAM_CONTACT_EMAIL with Reply-To the
visitor, behind the shared anti-robot checks (core.antispam) and a per-address limit."""

from allauth.core import ratelimit
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from jres.core.antispam import AntispamForm
from jres.core.mail import send_templated_mail

from .models import TeamContact


class TeamContactForm(AntispamForm):
    subject = forms.CharField(label=_("Objet"), max_length=150)
    message = forms.CharField(
        label=_("Votre message"), min_length=10, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )  # fmt: skip
    name = forms.CharField(label=_("Votre nom"), max_length=100)
    email = forms.EmailField(
        label=_("Votre adresse e-mail"), help_text=_("L'équipe vous répondra à cette adresse.")
    )

    field_order = ["subject", "message", "name", "email"]


def team_address() -> str:
    """TEAM_CONTACT_EMAIL, else the first team contact's address, else the sender's."""
    if settings.TEAM_CONTACT_EMAIL:
        return settings.TEAM_CONTACT_EMAIL
    first = TeamContact.objects.exclude(email="").values_list("email", flat=True).first()
    return first or settings.DEFAULT_FROM_EMAIL


def allow_attempt(request) -> bool:
    """Count one message from this address; False past "team_contact" in ACCOUNT_RATE_LIMITS."""
    return ratelimit.consume(request, action="team_contact")


def send_team_message(*, subject: str, message: str, name: str, email: str) -> None:
    send_templated_mail(
        template="pages/email/contact",
        to=[team_address()],
        language=settings.LANGUAGE_CODE,
        reply_to=[email],
        context={"subject": subject, "message": message, "sender_name": name,
                 "sender_email": email},
    )  # fmt: skip
