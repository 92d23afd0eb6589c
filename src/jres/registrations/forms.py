from django import forms
from django.core.validators import MaxValueValidator
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import HIGHEST_MAX_PLACES, RegistrationSettings, Role


def _privacy_label():
    return format_html(
        _("J'ai lu la <a href=\"{}\">politique de confidentialité</a> et j'accepte que mes "
          "données servent à gérer mon inscription."),
        reverse("pages:detail", kwargs={"slug": "confidentialite"}),
    )  # fmt: skip


def _limit_places(field: forms.IntegerField, max_places: int) -> None:
    """The organiser's limit of places per registration, checked and shown in the input."""
    field.max_value = max_places
    field.validators.append(MaxValueValidator(max_places))
    field.widget.attrs.update({"min": 1, "max": max_places})


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Votre nom"), max_length=120)
    email = forms.EmailField(label=_("Votre adresse e-mail"), max_length=254)
    role = forms.ChoiceField(label=_("Vous êtes"), choices=Role.choices, widget=forms.RadioSelect)
    places = forms.IntegerField(label=_("Nombre de places"), min_value=1, initial=1)
    is_under_15 = forms.BooleanField(
        label=_("J'ai moins de 15 ans"),
        required=False,
        help_text=_("Un parent devra alors donner son accord par e-mail."),
    )
    parent_email = forms.EmailField(
        label=_("Adresse e-mail d'un parent"),
        required=False,
        max_length=254,
        help_text=_("Obligatoire pour un élève de moins de 15 ans."),
    )
    consent = forms.BooleanField(label=_("Politique de confidentialité"), required=True)

    def __init__(self, *args, max_places: int, **kwargs):
        super().__init__(*args, **kwargs)
        places = self.fields["places"]
        _limit_places(places, max_places)
        places.help_text = _("%(max)s au plus par inscription.") % {"max": max_places}
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["consent"].label = _privacy_label()
        self.fields["consent"].error_messages["required"] = _(
            "Acceptez la politique de confidentialité pour vous inscrire."
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_under_15"):
            if cleaned.get("role") != Role.PUPIL:
                self.add_error("is_under_15", _("Cochez cette case seulement si vous êtes élève."))
            elif not cleaned.get("parent_email") and "parent_email" not in self.errors:
                self.add_error(
                    "parent_email",
                    _("Avant 15 ans, il faut l'accord d'un parent : indiquez son adresse e-mail."),
                )
        return cleaned


class PlacesForm(forms.Form):
    places = forms.IntegerField(label=_("Nombre de places"), min_value=1)

    def __init__(self, *args, max_places: int, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_places(self.fields["places"], max_places)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = RegistrationSettings
        fields = ["is_open", "max_places"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["max_places"].help_text = _(
            "Combien de places une personne peut réserver à la fois (1 à %(n)s)."
        ) % {"n": HIGHEST_MAX_PLACES}


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Objet"), max_length=150)
    body = forms.CharField(
        label=_("Message"), min_length=10, max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )
    include_waiting = forms.BooleanField(
        label=_("Écrire aussi aux personnes sur liste d'attente"), required=False
    )
