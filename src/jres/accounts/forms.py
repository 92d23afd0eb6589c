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
