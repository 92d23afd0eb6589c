from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jres.core.antispam import AntispamForm
from jres.events.models import EventStatus
from jres.geo.models import Region

from .models import Mailing, Segment, SubscriberStatus


class SubscribeForm(AntispamForm):
    name = forms.CharField(label=_("Votre prénom ou votre nom (facultatif)"), max_length=120,
                           required=False)  # fmt: skip
    email = forms.EmailField(label=_("Votre adresse e-mail"), max_length=254)
    consent = forms.BooleanField(
        label=_(
            "J'accepte de recevoir la lettre d'information de la Journée du Refus de l'Échec "
            "Scolaire. Je pourrai me désabonner en un clic depuis chaque lettre."
        )
    )


def _one_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise forms.ValidationError(_("L'objet tient sur une seule ligne."))
    return value


class MailingForm(forms.ModelForm):
    """The message and its segment; the region and status narrow the organisers only."""

    segment = forms.ChoiceField(
        label=_("Destinataires"), choices=Segment.choices, widget=forms.RadioSelect
    )
    region = forms.ModelChoiceField(
        label=_("Région des événements (organisateurs de l'édition en cours)"),
        queryset=Region.objects.order_by("name"),
        required=False,
        empty_label=_("Toutes les régions"),
        to_field_name="code",
    )
    event_status = forms.ChoiceField(
        label=_("Statut des événements (organisateurs de l'édition en cours)"),
        choices=[("", _("Tous les statuts")), *EventStatus.choices],
        required=False,
    )

    class Meta:
        model = Mailing
        fields = ["subject", "body", "segment", "region", "event_status"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}

    def clean_subject(self):
        return _one_line(self.cleaned_data["subject"]).strip()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("segment") != Segment.ORGANISERS:
            cleaned["region"] = None
            cleaned["event_status"] = ""
        return cleaned


class SubscriberFilters(forms.Form):
    q = forms.CharField(label=_("Rechercher (e-mail ou nom)"), required=False, max_length=100)
    statut = forms.ChoiceField(
        label=_("Statut"), choices=[("", _("Tous")), *SubscriberStatus.choices], required=False
    )

    def filter(self, subscribers):
        """Apply the valid filters; an invalid one is ignored (the page notes it)."""
        if not self.is_bound:
            return subscribers
        self.is_valid()
        query = self.cleaned_data.get("q", "").strip()
        if query:
            subscribers = subscribers.filter(Q(email__icontains=query) | Q(name__icontains=query))
        if self.cleaned_data.get("statut"):
            subscribers = subscribers.filter(status=self.cleaned_data["statut"])
        return subscribers
