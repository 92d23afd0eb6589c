from django.conf import settings
from django.db import transaction

from jres.core.mail import send_templated_mail

from .models import Volunteer

TEMPLATES = "volunteers/email/"


@transaction.atomic
def sign_up_volunteer(*, volunteer: Volunteer) -> Volunteer:
    """Store the offer for the coordinator and confirm it to the volunteer."""
    volunteer.full_clean()
    volunteer.save()
    send_templated_mail(
        template=f"{TEMPLATES}confirmation",
        to=[volunteer.email],
        language=volunteer.language,
        context={"volunteer": volunteer, "retention_days": settings.VOLUNTEER_RETENTION_DAYS},
    )
    return volunteer
