"""A commune chosen on a form: its postal code (and name when several share it), or its
INSEE code."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .services import commune_for_insee_code, designated_commune, find_communes


def choose_among(communes) -> str:
    return _("Choisissez la commune parmi celles de ce code postal : %(names)s.") % {
        "names": ", ".join(commune.name for commune in communes[:12])
    }


class PostalAddressMixin:
    """For model forms with `postal_code` and `city`: the code must exist, and `self.commune`
    becomes the commune they designate (whose name the city then takes)."""

    commune = None

    def clean_postal_code(self):
        postal_code = self.cleaned_data["postal_code"].strip().replace(" ", "")
        if not (len(postal_code) == 5 and postal_code.isdigit()):
            raise forms.ValidationError(_("Un code postal compte cinq chiffres."))
        if not find_communes(postal_code=postal_code).exists():
            raise forms.ValidationError(_("Ce code postal n'existe pas."))
        return postal_code

    def clean_commune(self, cleaned: dict) -> None:
        """Call from clean(): sets self.commune, or an error on `city` naming the choices."""
        postal_code = cleaned.get("postal_code")
        if not postal_code:
            return
        commune, communes = designated_commune(
            postal_code=postal_code, name=cleaned.get("city", "")
        )
        if commune is None:
            self.add_error("city", choose_among(communes))
        else:
            self.commune = commune
            cleaned["city"] = commune.name


class CommuneForm(forms.Form):
    """Adds `commune_code` and `commune_name`; a valid form has `cleaned_data["commune"]`."""

    commune_code = forms.CharField(
        label=gettext_lazy("Code postal ou code INSEE de la commune"), max_length=5
    )
    commune_name = forms.CharField(
        label=gettext_lazy("Nom de la commune"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Utile quand plusieurs communes partagent un code postal."),
    )

    def clean(self):
        cleaned = super().clean()
        code = (cleaned.get("commune_code") or "").strip().upper().replace(" ", "")
        if not code:
            return cleaned
        name = cleaned.get("commune_name", "")
        commune, communes = (
            designated_commune(postal_code=code, name=name) if code.isdigit() else (None, [])
        )
        if not communes:
            commune = commune_for_insee_code(code) if len(code) == 5 else None
            if commune is None:
                self.add_error("commune_code", _("Aucune commune ne porte ce code."))
            cleaned["commune"] = commune
            return cleaned
        if commune is None:
            self.add_error("commune_name", choose_among(communes))
        else:
            cleaned["commune"] = commune
        return cleaned
