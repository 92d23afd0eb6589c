from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from jres.editions.models import Edition
from jres.geo.forms import PostalAddressMixin

from .documents import check_pdf
from .models import MAX_LINKS, Initiative, SchoolLevel, Theme


class InitiativeForm(PostalAddressMixin, forms.ModelForm):
    """The proposer's form. The territory is a commune given by postal code and name, as
    for events; links are typed one a line; one PDF may be added at each save."""

    levels = forms.MultipleChoiceField(
        label=_("Niveaux concernés"),
        choices=SchoolLevel.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    postal_code = forms.CharField(
        label=_("Code postal"),
        max_length=5,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    city = forms.CharField(label=_("Commune"), max_length=120)
    links_text = forms.CharField(
        label=_("Liens"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Un lien par ligne (site, article, vidéo), au plus cinq, en http ou https."),
    )
    document = forms.FileField(
        label=_("Ajouter un document PDF"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
    document_title = forms.CharField(label=_("Titre du document"), max_length=160, required=False)

    class Meta:
        model = Initiative
        fields = ["title", "summary", "description", "themes", "organisation", "results",
                  "contact_email", "editions"]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "results": forms.Textarea(attrs={"rows": 5}),
            "summary": forms.Textarea(attrs={"rows": 2}),
            "themes": forms.CheckboxSelectMultiple,
            "editions": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.all()
        # Slugs, not keys: readable in the page and stable across installations.
        self.fields["themes"].to_field_name = "slug"
        self.fields["themes"].label_from_instance = lambda theme: theme.localized("name")
        self.fields["editions"].queryset = Edition.objects.public()
        self.fields["editions"].label_from_instance = lambda edition: str(edition.year)
        if self.instance.pk:
            self.initial.setdefault("levels", self.instance.level_list)
            self.initial.setdefault("links_text", "\n".join(self.instance.links))
            if self.instance.commune_id:
                commune = self.instance.commune
                code = commune.postal_codes.first()
                self.initial.setdefault("postal_code", code.code if code else "")
                self.initial.setdefault("city", commune.name)
        self.order_fields(["title", "summary", "description", "themes", "levels",
                           "postal_code", "city", "organisation", "results", "contact_email",
                           "links_text", "editions", "document_title", "document"])  # fmt: skip

    def clean_links_text(self):
        lines = [line.strip() for line in self.cleaned_data["links_text"].splitlines()]
        links = [line for line in lines if line]
        if len(links) > MAX_LINKS:
            raise ValidationError(_("Indiquez au plus %(count)s liens.") % {"count": MAX_LINKS})
        check = URLValidator(schemes=["http", "https"])
        for link in links:
            try:
                check(link)
            except ValidationError:
                raise ValidationError(
                    _("« %(link)s » n'est pas une adresse web en http ou https.") % {"link": link}
                ) from None
        return links

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document:
            check_pdf(document)
        return document

    def clean(self):
        cleaned = super().clean()
        self.clean_commune(cleaned)
        if cleaned.get("document") and not cleaned.get("document_title", "").strip():
            self.add_error("document_title", _("Donnez un titre au document."))
        return cleaned

    def save(self, commit=True):
        initiative = super().save(commit=False)
        initiative.level_list = self.cleaned_data["levels"]
        initiative.links = self.cleaned_data["links_text"]
        if self.commune is not None:
            initiative.commune = self.commune
        if commit:
            initiative.save()
            self.save_m2m()
        return initiative

    @property
    def changed_fields(self) -> list[str]:
        """What the history records: the form's names, without the helper fields' names."""
        renamed = {"links_text": "links", "postal_code": "commune", "city": "commune",
                   "document_title": "documents", "document": "documents"}  # fmt: skip
        return sorted({renamed.get(name, name) for name in self.changed_data})


class ModerationForm(forms.Form):
    DECISIONS = [
        ("publish", _("Publier")),
        ("request_changes", _("Demander des modifications")),
        ("refuse", _("Refuser")),
    ]
    decision = forms.ChoiceField(label=_("Décision"), choices=DECISIONS, widget=forms.RadioSelect)
    featured = forms.BooleanField(label=_("Mettre à la une (page d'accueil)"), required=False)
    message = forms.CharField(
        label=_("Message à la personne qui la propose"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Obligatoire pour une demande de modifications ou un refus."),
    )
