"""A commune chosen on a public form: its postal code (and name when several share it), or
its INSEE code."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .services import commune_for_insee_code, find_communes
from .text import normalise


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
        communes = list(find_communes(postal_code=code)[:50]) if code.isdigit() else []
        if not communes:
            commune = commune_for_insee_code(code) if len(code) == 5 else None
            if commune is None:
                self.add_error("commune_code", _("Aucune commune ne porte ce code."))
            cleaned["commune"] = commune
            return cleaned
        named = [commune for commune in communes if normalise(commune.name) == normalise(name)]
        if len(communes) == 1 or len(named) == 1:
            cleaned["commune"] = named[0] if named else communes[0]
        else:
            names = ", ".join(commune.name for commune in communes[:12])
            self.add_error(
                "commune_name",
                _("Choisissez la commune parmi celles de ce code postal : %(names)s.")
                % {"names": names},
            )
        return cleaned
