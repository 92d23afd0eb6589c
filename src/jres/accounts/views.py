import tempfile

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import deletion, personal_data
from .forms import DeleteAccountForm, ProfileForm


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """The signed-in account's own profile; nobody else's can be reached here."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Votre profil a été enregistré."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def my_data(request):
    """The signed-in account, for itself only: GET explains, POST sends its data as a ZIP."""
    if request.method == "GET":
        return render(request, "accounts/personal_data.html")
    # FileResponse closes it once sent; past 20 MB (photos) it spills to disk.
    archive = tempfile.SpooledTemporaryFile(max_size=20 * 1024 * 1024)  # noqa: SIM115
    personal_data.write_archive(request.user, archive)
    archive.seek(0)
    day = timezone.localdate().isoformat()
    return FileResponse(archive, as_attachment=True, filename=f"mes-donnees-jres-{day}.zip")


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    """The signed-in account deletes itself: GET explains, POST (password and the typed
    word) erases it (deletion.RULES), signs out everywhere and returns to the home page."""
    reasons = deletion.blockers(request.user)
    form = DeleteAccountForm(request.POST or None, request=request)
    if request.method == "POST" and not reasons and form.is_valid():
        try:
            deletion.delete_account(user=request.user)
        except deletion.DeletionRefused as refused:
            reasons = refused.reasons
        else:
            logout(request)
            messages.success(
                request,
                _(
                    "Votre compte a été supprimé, avec vos données personnelles. Merci "
                    "d'avoir participé à la journée."
                ),
            )
            return redirect("editions:home")
    context = {"form": form, "reasons": reasons}
    return render(request, "accounts/delete_account.html", context)
