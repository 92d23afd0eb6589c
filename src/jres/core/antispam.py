"""What public forms share against robots: a honeypot field and a signed timing stamp.

A person takes a few seconds to read and fill a form; a script posts at once, or replays
a form it fetched long ago. The page carries the time it was served, signed so that it
cannot be forged; a post that comes back too soon or too late, or with a filled honeypot,
is treated as a robot. Views answer a robot as if all went well, so it learns nothing.
"""

import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

SALT = "jres.core.antispam"
MIN_SECONDS = 3
MAX_SECONDS = 24 * 3600


def stamp(*, at: float | None = None) -> str:
    """The signed time a form is served (now, unless `at` says otherwise)."""
    return signing.dumps(round(at if at is not None else time.time(), 3), salt=SALT)


def too_fast_or_stale(value: str, *, now: float | None = None) -> bool:
    """True when the stamp is missing, forged, younger than MIN_SECONDS or past MAX_SECONDS."""
    now = now if now is not None else time.time()
    try:
        served_at = float(signing.loads(value or "", salt=SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return True
    return not MIN_SECONDS <= now - served_at <= MAX_SECONDS


class AntispamForm(forms.Form):
    """A base for public forms: a honeypot (`website`) and the timing stamp (`started`).

    Combine with a ModelForm as `class MyForm(AntispamForm, forms.ModelForm)`. Neither
    field ever makes the form invalid: `is_robot` says what the view should do.
    """

    # Hidden from people (see jres.css); robots that fill every field give themselves away.
    website = forms.CharField(
        label=_("Ne remplissez pas ce champ"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A fresh stamp on every page served, a form sent back with errors included: the
        # time a person spends correcting it counts from the new page.
        self.fields["started"].initial = stamp()
        if self.is_bound:
            self.data = self.data.copy()
            self.submitted_stamp = self.data.get(self.add_prefix("started"), "")
            self.data[self.add_prefix("started")] = stamp()
        else:
            self.submitted_stamp = ""

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != "website"]

    @property
    def is_robot(self) -> bool:
        """The honeypot was filled, or the form came back too soon or too late."""
        return bool(self.data.get(self.add_prefix("website"))) or too_fast_or_stale(
            self.submitted_stamp
        )
