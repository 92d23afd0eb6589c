from django import forms
from django.utils.translation import gettext_lazy as _

from jres.events.images import reencode_image
from jres.events.models import Audience

from .models import EventReport, ReportPhoto


class ReportForm(forms.ModelForm):
    class Meta:
        model = EventReport
        fields = ["participants", "audiences", "what_worked", "testimony", "show_on_event_page"]
        widgets = {
            "participants": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
            "audiences": forms.CheckboxSelectMultiple,
            "what_worked": forms.Textarea(attrs={"rows": 6}),
            "testimony": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audiences"].queryset = Audience.objects.all()
        self.fields["audiences"].label_from_instance = lambda audience: audience.localized("name")
        self.fields["participants"].min_value = 0
        self.fields["show_on_event_page"].help_text = _(
            "Le nombre de participants, les publics, ce qui a marché, le témoignage et les "
            "photos seront visibles de tous. Sinon, seule l'équipe nationale les lit."
        )


class PhotoForm(forms.ModelForm):
    class Meta:
        model = ReportPhoto
        fields = [
            "image",
            "alt_text",
            "image_rights_confirmed",
            "shows_pupils",
            "parental_consent_confirmed",
        ]
        widgets = {
            "image": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }
        help_texts = {
            "image": _(
                "JPEG, PNG ou WebP, 5 Mo au plus. Les métadonnées (position GPS) sont retirées."
            ),
            "image_rights_confirmed": _("Obligatoire pour publier la photo."),
            "parental_consent_confirmed": _("Obligatoire si des élèves sont reconnaissables."),
        }

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and hasattr(image, "content_type"):
            return reencode_image(image)
        return image
