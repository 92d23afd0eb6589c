from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Edition

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EditionForm(forms.ModelForm):
    """The coordinator's form for an edition's number, dates and texts.

    The model's clean() holds the rules (the day in its year, windows that do not overlap,
    submissions before the window's end); this form only lays the fields out.
    """

    class Meta:
        model = Edition
        fields = [
            "year",
            "number",
            "day",
            "theme_fr",
            "theme_en",
            "framing_fr",
            "framing_en",
            "window_start",
            "window_end",
            "submissions_open_on",
            "submissions_close_on",
        ]
        widgets = {
            "day": DATE_WIDGET,
            "window_start": DATE_WIDGET,
            "window_end": DATE_WIDGET,
            "submissions_open_on": DATE_WIDGET,
            "submissions_close_on": DATE_WIDGET,
            "framing_fr": forms.Textarea(attrs={"rows": 8}),
            "framing_en": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "window_start": _("Vide : un mois avant la journée."),
            "window_end": _("Vide : un mois après la journée."),
            "submissions_open_on": _("Vide : dès que l'édition est ouverte."),
        }
