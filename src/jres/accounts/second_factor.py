"""The second factor (allauth.mfa's authenticator app) that staff must use.

Moderators and coordinators reach personal data (registrations, volunteers, messages to
organisers, exports): a stolen password alone must not open them. Such an account without
an authenticator app is sent to set one up before any other page; once it has one, allauth
asks for a code at every log-in. Other accounts may add one from their profile, never forced.
"""

import functools

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect


def requires_second_factor(user) -> bool:
    """Whether the account must have an authenticator app: the staff roles (coordinators,
    moderators, superusers), and any staff account the admin gives a permission to.

    A coordinator removed from the staff groups keeps `is_staff` but no permission: no
    longer forced.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_moderator:
        return True
    return user.is_staff and bool(user.get_all_permissions())


# Staff pages count their queries: once found, the app is remembered a few minutes in the
# cache (shared by every app server with Redis), and forgotten as soon as it is deleted.
APP_FOUND_SECONDS = 300


def _app_found_key(user_pk) -> str:
    return f"second-factor:{user_pk}"


def has_authenticator_app(user) -> bool:
    key = _app_found_key(user.pk)
    if cache.get(key):
        return True
    found = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    if found:
        cache.set(key, True, APP_FOUND_SECONDS)
    return found


@receiver(post_delete, sender=Authenticator, dispatch_uid="second_factor_app_deleted")
def _forget_deleted_app(sender, instance, **kwargs):
    cache.delete(_app_found_key(instance.user_id))


@functools.cache
def _open_paths() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The addresses a user without the required app may still open: (exact, prefixes)."""
    exact = tuple(
        reverse(name)
        for name in (
            "mfa_activate_totp",
            # allauth asks for the password again before a second factor changes; an
            # unverified address must be confirmed before the app is accepted.
            "account_reauthenticate",
            "account_email",
            "account_logout",
            "set_language",
            "healthz",
        )
    )
    confirm_email = reverse("account_confirm_email", args=["key"]).removesuffix("key/")
    return exact, (settings.STATIC_URL, settings.MEDIA_URL, confirm_email)


def _explain(request) -> None:
    """Say why, once: requests redirected one after the other would repeat it."""
    reason = _(
        "Votre rôle donne accès à des données personnelles : protégez votre compte avec une "
        "application d'authentification avant de continuer."
    )
    pending = messages.get_messages(request)
    already = any(message.message == reason for message in pending)
    pending.used = False  # reading them above must not drop them
    if not already:
        messages.warning(request, reason)


def second_factor_middleware(get_response):
    """Send staff without an authenticator app to its set-up page, from any other page."""

    def middleware(request):
        user = request.user
        if not requires_second_factor(user) or has_authenticator_app(user):
            return get_response(request)
        exact, prefixes = _open_paths()
        if request.path in exact or request.path.startswith(prefixes):
            return get_response(request)
        _explain(request)
        setup = reverse("mfa_activate_totp")
        if getattr(request, "htmx", False):
            # A fragment request: the whole page goes to the set-up, not just the fragment.
            return HttpResponseClientRedirect(setup)
        return redirect(setup)

    return middleware
