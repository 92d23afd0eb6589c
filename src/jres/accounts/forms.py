from allauth.account.adapter import get_adapter
from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import OrganiserKind, User


class SignupForm(forms.Form):
    """The profile fields asked at sign-up, beside allauth's e-mail and password."""

    display_name = forms.CharField(
        label=_("Nom affiché"),
        max_length=120,
        help_text=_("Montré aux modérateurs et, si vous le souhaitez, sur vos événements."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    organiser_kind = forms.ChoiceField(label=_("Vous êtes"), choices=OrganiserKind.choices)
    organisation = forms.CharField(
        label=_("Organisation (facultatif)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.organiser_kind = self.cleaned_data["organiser_kind"]
        user.organisation = self.cleaned_data["organisation"]
        user.language = (get_language() or "fr")[:2]
        user.save(update_fields=["display_name", "organiser_kind", "organisation", "language"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "organiser_kind", "organisation", "language"]
        widgets = {
            "display_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
        }


class DeleteAccountForm(forms.Form):
    """The account's password and a typed word: nobody deletes an account by a slip, nor
    with a session left open on a shared computer."""

    password = forms.CharField(
        label=_("Votre mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirmation = forms.CharField(
        label=_("Pour confirmer, tapez SUPPRIMER"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self) -> str:
        """Checked as a log-in is (allauth), so that failures count against the same limit
        and a stolen session cannot try passwords here without end."""
        password = self.cleaned_data["password"]
        user = self.request.user
        # allauth's own check of a password for a log-in: limited like one.
        found = get_adapter(self.request).authenticate(
            self.request, email=user.email, password=password
        )
        if found is None or found.pk != user.pk:
            raise forms.ValidationError(_("Ce mot de passe n'est pas le bon."))
        return password

    def clean_confirmation(self) -> str:
        typed = self.cleaned_data["confirmation"].strip().upper()
        # The French word always works; the English interface may show its own.
        if typed not in {"SUPPRIMER", str(_("SUPPRIMER")).upper()}:
            raise forms.ValidationError(_("Tapez le mot SUPPRIMER pour confirmer."))
        return typed
