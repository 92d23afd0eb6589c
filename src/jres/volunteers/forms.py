from django import forms
from django.utils.translation import gettext_lazy as _

from jres.core.antispam import AntispamForm
from jres.geo.forms import CommuneForm
from jres.geo.models import Department

from .models import Availability, HeardFrom, Volunteer


class VolunteerForm(AntispamForm, CommuneForm, forms.ModelForm):
    class Meta:
        model = Volunteer
        fields = ["name", "email", "is_student", "availability", "heard_from"]
        labels = {"name": _("Votre nom"), "email": _("Votre adresse e-mail"),
                  "is_student": _("Je suis étudiant ou étudiante")}  # fmt: skip

    field_order = ["name", "email", "commune_code", "commune_name", "is_student",
                   "availability", "heard_from"]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["availability"].choices = [("", "—"), *Availability.choices]
        self.fields["heard_from"].choices = [("", "—"), *HeardFrom.choices]

    def _post_clean(self):
        if self.cleaned_data.get("commune"):
            self.instance.commune = self.cleaned_data["commune"]
        super()._post_clean()


class VolunteerFilters(forms.Form):
    """The coordinator's filters; values not understood are ignored, never an error."""

    department = forms.ModelChoiceField(
        label=_("Département"), queryset=Department.objects.all(), required=False
    )
    commune = forms.CharField(label=_("Commune"), max_length=100, required=False)
    student = forms.ChoiceField(
        label=_("Étudiant"),
        choices=[("", _("Tous")), ("oui", _("Étudiants")), ("non", _("Non étudiants"))],
        required=False,
    )
    availability = forms.ChoiceField(
        label=_("Disponibilité"), choices=[("", _("Toutes")), *Availability.choices],
        required=False,
    )  # fmt: skip

    def filter(self, volunteers):
        if not self.is_valid():
            return volunteers
        data = self.cleaned_data
        if data["department"]:
            volunteers = volunteers.filter(commune__department=data["department"])
        if data["commune"]:
            volunteers = volunteers.filter(commune__name__icontains=data["commune"].strip())
        if data["student"]:
            volunteers = volunteers.filter(is_student=data["student"] == "oui")
        if data["availability"]:
            volunteers = volunteers.filter(availability=data["availability"])
        return volunteers
