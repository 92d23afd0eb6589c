from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from jres.geo.forms import PostalAddressMixin

from .images import reencode_image
from .models import Audience, Event, EventKind

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(PostalAddressMixin, forms.ModelForm):
    """The organiser's form. The point on the map comes from the commune, or from the pin
    the organiser dragged (latitude/longitude fields filled by the map script)."""

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "attendance_mode",
            "is_public",
            "venue_name",
            "address",
            "postal_code",
            "city",
            "latitude",
            "longitude",
            "online_url",
            "audiences",
            "local_partners",
            "step_free_access",
            "sign_language",
            "hearing_loop",
            "accessibility_notes",
            "registration_mode",
            "capacity",
            "registration_url",
            "organisation",
            "image",
        ]
        widgets = {
            "starts_at": DATETIME_WIDGET,
            "ends_at": DATETIME_WIDGET,
            "description": forms.Textarea(attrs={"rows": 8}),
            "local_partners": forms.Textarea(attrs={"rows": 2}),
            "audiences": forms.CheckboxSelectMultiple,
            "attendance_mode": forms.RadioSelect,
            "registration_mode": forms.RadioSelect,
            "latitude": forms.HiddenInput,
            "longitude": forms.HiddenInput,
            "postal_code": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "postal-code", "maxlength": 5}
            ),
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "image": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.edition = edition
        self.fields["kind"].queryset = EventKind.objects.filter(is_active=True)
        self.fields["audiences"].queryset = Audience.objects.all()
        self.fields["kind"].label_from_instance = lambda kind: kind.localized("name")
        self.fields["audiences"].label_from_instance = lambda audience: audience.localized("name")
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].validators = [MinValueValidator(1)]
        self.fields["capacity"].widget.attrs["min"] = 1
        self.fields["latitude"].required = False
        self.fields["longitude"].required = False

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and hasattr(image, "content_type"):  # a new upload, not the stored file
            return reencode_image(image)
        return image

    def clean(self):
        cleaned = super().clean()
        self.clean_commune(cleaned)
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None) or (
            latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180)
        ):
            self.add_error(None, _("Le point placé sur la carte n'est pas valide."))
        return cleaned


class ModerationForm(forms.Form):
    DECISIONS = [
        ("label", _("Labelliser")),
        ("request_changes", _("Demander des modifications")),
        ("refuse", _("Refuser")),
    ]
    decision = forms.ChoiceField(label=_("Décision"), choices=DECISIONS, widget=forms.RadioSelect)
    charter = forms.MultipleChoiceField(
        label=_("Charte du label"), required=False, widget=forms.CheckboxSelectMultiple
    )
    message = forms.CharField(
        label=_("Message à l'organisateur"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Obligatoire pour une demande de modifications ou un refus."),
    )

    def __init__(self, *args, charter_items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["charter"].choices = [
            (str(item.pk), item.localized("text")) for item in charter_items
        ]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de l'annulation"),
        max_length=300,
        help_text=_("Il sera affiché sur la page de l'événement."),
    )
