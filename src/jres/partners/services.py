"""The partner network's workflow: join requests, the coordinator's decision, accounts."""

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jres.accounts.models import PARTNERS, OrganiserKind, User
from jres.core.mail import send_templated_mail

from .models import JoinRequest, JoinRequestStatus, Partner


def _pending(join_request: JoinRequest) -> JoinRequest:
    """The request, locked, if still undecided: two coordinators cannot both decide it."""
    locked = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if locked.status != JoinRequestStatus.PENDING:
        raise ValidationError(_("Cette demande a déjà reçu une réponse."))
    return locked


def _password_link(user: User) -> str:
    """allauth's password reset link: the new partner chooses a password from it."""
    key = default_token_generator.make_token(user)
    path = reverse(
        "account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": key}
    )
    return settings.SITE_URL + path


def _partner_account(join_request: JoinRequest) -> tuple[User, bool]:
    """The account of the request's address, created (without a password) when missing."""
    email = join_request.contact_email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User.objects.create_user(
            email=email,
            password=None,  # unusable until chosen from the e-mailed link
            display_name=join_request.contact_name,
            organiser_kind=OrganiserKind.LOCAL_AUTHORITY,
            organisation=join_request.authority_name,
            language=join_request.language,
        )
        # The link goes to this address: following it proves it, as a verification would.
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    user.groups.add(Group.objects.get_or_create(name=PARTNERS)[0])
    return user, created


@transaction.atomic
def accept_join_request(*, join_request: JoinRequest, by: User) -> Partner:
    """Create the partner and its account (or link the existing one), then e-mail them."""
    join_request = _pending(join_request)
    partner = Partner(
        kind=join_request.kind,
        name=join_request.authority_name,
        commune=join_request.commune,
        department=join_request.department,
        region=join_request.region,
        contact_name=join_request.contact_name,
        contact_role=join_request.contact_role,
        contact_email=join_request.contact_email,
    )
    partner.full_clean(exclude=["slug"])
    partner.save()
    user, created = _partner_account(join_request)
    partner.accounts.add(user)
    join_request.status = JoinRequestStatus.ACCEPTED
    join_request.decided_by = by
    join_request.decided_at = timezone.now()
    join_request.partner = partner
    join_request.save()
    send_templated_mail(
        template="partners/email/accepted",
        to=[user.email],
        language=user.language,
        context={
            "partner": partner,
            "user": user,
            "new_account": created,
            "password_url": _password_link(user) if created else "",
            "login_url": settings.SITE_URL + reverse("account_login"),
            "page_url": settings.SITE_URL + reverse("partners:mine"),
        },
    )
    return partner


@transaction.atomic
def decline_join_request(*, join_request: JoinRequest, by: User, reason: str) -> JoinRequest:
    """Record the refusal and send the authority the coordinator's reason."""
    join_request = _pending(join_request)
    join_request.status = JoinRequestStatus.DECLINED
    join_request.decline_reason = reason.strip()
    join_request.decided_by = by
    join_request.decided_at = timezone.now()
    join_request.save()
    send_templated_mail(
        template="partners/email/declined",
        to=[join_request.contact_email],
        language=join_request.language,
        context={"join_request": join_request},
    )
    return join_request
