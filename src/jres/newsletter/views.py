"""Public: sign up for the newsletter, confirm it, unsubscribe from any message."""

import logging

from allauth.core.internal import ratelimit
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import services
from .forms import SubscribeForm
from .models import Segment, Subscriber, SubscriberStatus

logger = logging.getLogger(__name__)

# Defined here rather than in settings' ACCOUNT_RATE_LIMITS, read by allauth's limiter (the
# one the other public forms use): a household shares an address, so the per-address limit
# is what stops someone filling a stranger's inbox with confirmation links.
RATE_LIMITS = {"newsletter_ip": "10/h/ip", "newsletter_address": "3/h/key"}


def _allowed(request, action: str, key: str | None = None) -> bool:
    return bool(
        ratelimit.consume(request, app="newsletter", action=action, config=RATE_LIMITS, key=key)
    )


@require_http_methods(["GET", "POST"])
def subscribe(request):
    """Public: ask for the newsletter; a confirmation link is e-mailed (double opt-in).

    Every valid sign-up gets the same answer, subscribed address or not, robot or not.
    """
    form = SubscribeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        if not _allowed(request, "newsletter_ip"):
            form.add_error(
                None, _("Vous avez fait beaucoup de demandes : réessayez dans une heure.")
            )
            status = 429
        else:
            if form.is_robot:
                logger.info("Newsletter sign-up refused as automated")
            elif _allowed(request, "newsletter_address", key=email):
                services.subscribe(
                    email=email,
                    name=form.cleaned_data["name"].strip(),
                    language=get_language() or "fr",
                    source=request.build_absolute_uri()[:200],
                )
            messages.success(
                request,
                _(
                    "Merci ! Si cette adresse n'est pas déjà abonnée, un e-mail vient de lui "
                    "être envoyé : cliquez sur le lien qu'il contient pour confirmer votre "
                    "abonnement."
                ),
            )
            return redirect("newsletter:subscribe")
    elif request.method == "POST":
        status = 400
    return render(request, "newsletter/subscribe.html", {"form": form}, status=status)


def _subscriber_or_404(token: str) -> Subscriber:
    if len(token) > 64:
        raise Http404
    subscriber = Subscriber.objects.filter(confirmation_token=token).first()
    if subscriber is None or subscriber.status == SubscriberStatus.UNSUBSCRIBED:
        raise Http404
    return subscriber


@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """Public: the link of the confirmation e-mail; confirming takes a button (a POST), since
    mail scanners open the links they find."""
    subscriber = _subscriber_or_404(token)
    state = "ask"
    if subscriber.confirmation_lapsed:
        state = "lapsed"
    elif subscriber.status == SubscriberStatus.CONFIRMED:
        state = "done"
    elif request.method == "POST":
        state = "done" if services.confirm(subscriber=subscriber) else "lapsed"
    return render(request, "newsletter/confirm.html", {"subscriber": subscriber, "state": state})


# Without CSRF: RFC 8058's one-click unsubscription is a POST from the mail client, with no
# page before it. The token in the address is the only credential, and it can only do this.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """Public: the link in every message; the page's button (or the mail client's one-click
    POST) stops what that message's recipient receives."""
    owner = services.find_by_unsubscribe_token(token)
    if owner is None:
        raise Http404
    done = False
    if request.method == "POST":
        services.unsubscribe(owner=owner)
        done = True
    newsletter = isinstance(owner, Subscriber) or owner.mailing.segment == Segment.NEWSLETTER
    return render(request, "newsletter/unsubscribe.html", {"newsletter": newsletter, "done": done})
