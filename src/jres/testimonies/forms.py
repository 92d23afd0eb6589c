from django import forms
from django.utils.translation import gettext_lazy as _

from jres.core.antispam import AntispamForm
from jres.events.models import Event
from jres.geo.forms import CommuneForm
from jres.toolkit.videos import parse_video_url

from .models import MAX_TEXT_LENGTH, AgeBracket, Role, Testimony


class TestimonyForm(AntispamForm, CommuneForm, forms.ModelForm):
    """The public's form; the view fills the language, the service the status and tokens."""

    consent = forms.BooleanField(
        label=_(
            "J'accepte que ce témoignage soit publié sur le site avec mon prénom (ou mes "
            "initiales), mon rôle, mon âge et ma commune, comme l'explique la politique de "
            "confidentialité."
        ),
    )
    event = forms.ModelChoiceField(
        queryset=Event.objects.filter(published=True),
        to_field_name="slug",
        required=False,
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Testimony
        fields = ["text", "video_url", "first_name", "role", "age_bracket", "email",
                  "parent_email", "event", "consent"]  # fmt: skip
        labels = {"email": _("Votre adresse e-mail")}
        help_texts = {
            "text": _("%(count)s caractères au plus.") % {"count": MAX_TEXT_LENGTH},
            "video_url": _("Ou à la place : une vidéo sur PeerTube, YouTube ou Vimeo."),
            "first_name": _("Pas de nom de famille : un prénom ou des initiales suffisent."),
            "email": _(
                "Jamais affichée : elle sert à vous envoyer le lien privé pour retirer votre "
                "témoignage."
            ),
            "parent_email": _(
                "Obligatoire avant 15 ans : un parent recevra un lien pour donner son accord "
                "avant toute publication."
            ),
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 8, "maxlength": MAX_TEXT_LENGTH})}

    field_order = ["text", "video_url", "first_name", "role", "age_bracket", "commune_code",
                   "commune_name", "email", "parent_email", "consent"]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", "—"), *Role.choices]
        self.fields["age_bracket"].choices = [("", "—"), *AgeBracket.choices]

    def clean_video_url(self):
        url = self.cleaned_data.get("video_url", "").strip()
        if url:
            parse_video_url(url)  # raises the message naming the accepted hosts
        return url

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("text", "").strip()
            and not cleaned.get("video_url")
            and ("video_url" not in self.errors)
        ):
            self.add_error("text", _("Écrivez votre témoignage ou donnez le lien d'une vidéo."))
        if cleaned.get("age_bracket") == AgeBracket.UNDER_15 and not cleaned.get("parent_email"):
            self.add_error(
                "parent_email",
                _(
                    "Avant 15 ans, l'adresse e-mail d'un parent est nécessaire : il devra donner "
                    "son accord."
                ),  # fmt: skip
            )
        return cleaned

    def _post_clean(self):
        # The commune comes from the code typed (geo.forms), not from a model field widget.
        if self.cleaned_data.get("commune"):
            self.instance.commune = self.cleaned_data["commune"]
        super()._post_clean()
