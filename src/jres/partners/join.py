"""Public: an authority asks to join the partner network."""

import logging

from allauth.core import ratelimit
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import JoinRequestForm

logger = logging.getLogger(__name__)


@require_http_methods(["GET", "POST"])
def join(request):
    """The request form; a honeypot and a per-address limit ("partner_join") keep robots out."""
    form = JoinRequestForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if not ratelimit.consume(request, action="partner_join"):
            form.add_error(
                None, _("Vous avez envoyé beaucoup de demandes : réessayez dans une heure.")
            )
            status = 429
        else:
            if form.is_robot:
                # Answer as if received: a robot learns nothing from the outcome.
                logger.info("Partner join form honeypot filled")
            else:
                form.instance.language = get_language() or "fr"
                form.save()
            messages.success(
                request,
                _("Merci ! Votre demande est transmise à l'équipe nationale, qui vous répondra "
                  "par e-mail."),
            )  # fmt: skip
            return redirect("partners:list")
    elif request.method == "POST":
        status = 400
    return render(request, "partners/join_form.html", {"form": form}, status=status)
