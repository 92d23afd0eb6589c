from django import forms
from django.utils.translation import gettext_lazy as _

from jres.geo.models import Department, Region
from jres.geo.services import commune_for_postal_code_and_name

from . import logos
from .models import TERRITORY_LEVELS, JoinRequest, Partner, PartnerKind


class JoinRequestForm(forms.ModelForm):
    """The authority says who it is and where: a commune by postal code and name, or a
    department or a region from the lists, as its kind requires."""

    postal_code = forms.CharField(
        label=_("Code postal de la commune"), max_length=5, required=False,
        help_text=_("Pour une commune ou une intercommunalité (celui de la ville siège)."),
    )  # fmt: skip
    city = forms.CharField(label=_("Nom de la commune"), max_length=120, required=False)
    # Hidden from people (see jres.css); robots that fill every field give themselves away.
    website = forms.CharField(
        label=_("Ne remplissez pas ce champ"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = JoinRequest
        fields = ["authority_name", "kind", "postal_code", "city", "department", "region",
                  "contact_name", "contact_role", "contact_email", "message"]  # fmt: skip
        labels = {
            "department": _("Département (pour un département)"),
            "region": _("Région (pour une région)"),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.order_by("code")
        self.fields["region"].queryset = Region.objects.all()
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"
        self.fields["contact_role"].widget.attrs["autocomplete"] = "organization-title"

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != "website"]

    @property
    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if not kind:
            return data
        levels = TERRITORY_LEVELS[PartnerKind(kind)]
        if "commune" in levels:
            data["department"] = data["region"] = None
            commune = None
            if data.get("postal_code") or data.get("city"):
                commune = commune_for_postal_code_and_name(
                    postal_code=data.get("postal_code", ""), name=data.get("city", "")
                )
            if commune is None:
                self.add_error(
                    "city", _("Commune introuvable : vérifiez son code postal et son nom.")
                )
            self.instance.commune = commune
        elif data.get("department") and "department" in levels:
            data["region"] = None
        elif data.get("region") and "region" in levels:
            data["department"] = None
        else:
            field = "department" if "department" in levels else "region"
            self.add_error(field, _("Choisissez le territoire de la collectivité."))
        return data


class PartnerPageForm(forms.ModelForm):
    """What an accepted partner edits on its own page; the territory stays the team's."""

    logo = forms.FileField(
        label=_("Logo"), required=False,
        help_text=_("JPEG, PNG ou WebP, 5 Mo au plus (SVG non accepté)."),
    )  # fmt: skip

    class Meta:
        model = Partner
        fields = ["commitment", "logo", "contact_name", "contact_role", "contact_email"]
        widgets = {"commitment": forms.Textarea(attrs={"rows": 10})}

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if upload and "logo" in self.files:
            return logos.clean_logo(upload)
        return upload  # unchanged, or False when "clear" is ticked


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif, transmis à la collectivité"),
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
