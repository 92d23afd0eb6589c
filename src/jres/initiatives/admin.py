from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from .documents import check_pdf
from .models import Initiative, InitiativeDocument, InitiativeLog, SchoolLevel, Theme


class InitiativeAdminForm(forms.ModelForm):
    """The levels as boxes to tick, not the stored ",primary,vocational," text."""

    level_choices = forms.MultipleChoiceField(
        label=_("Niveaux concernés"),
        choices=SchoolLevel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Initiative
        fields = ["proposer", "title", "summary", "description", "themes", "commune",
                  "organisation", "results", "contact_email", "links", "editions", "featured",
                  "status", "moderation_message"]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("level_choices", self.instance.level_list)

    def save(self, commit=True):
        self.instance.level_list = self.cleaned_data["level_choices"]
        return super().save(commit)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_en", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name_fr"]}


class InitiativeDocumentForm(forms.ModelForm):
    class Meta:
        model = InitiativeDocument
        fields = ["title", "file"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            check_pdf(upload)
        return upload


class InitiativeDocumentInline(admin.TabularInline):
    model = InitiativeDocument
    form = InitiativeDocumentForm
    extra = 0
    readonly_fields = ["created_at"]


class InitiativeLogInline(admin.TabularInline):
    model = InitiativeLog
    extra = 0
    can_delete = False
    readonly_fields = ["created_at", "actor", "action", "status", "message", "changes"]


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    form = InitiativeAdminForm
    list_display = ["title", "status", "featured", "commune", "organisation", "proposer"]
    list_filter = ["status", "featured", "themes"]
    search_fields = ["title", "organisation", "proposer__email"]
    raw_id_fields = ["proposer", "commune"]
    readonly_fields = ["slug", "submitted_at", "published_at"]
    filter_horizontal = ["themes", "editions"]
    inlines = [InitiativeDocumentInline, InitiativeLogInline]
