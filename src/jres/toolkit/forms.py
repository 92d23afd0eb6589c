from django import forms
from django.core.files.uploadedfile import UploadedFile

from .files import check_file
from .models import Resource


class ResourceForm(forms.ModelForm):
    """The coordinator's form (in the admin): a new file is checked by its content.

    `checked` holds what the check read (kind, size, dimensions) for services.save_resource.
    """

    class Meta:
        model = Resource
        fields = ["edition", "category", "title_fr", "title_en", "description_fr",
                  "description_en", "file", "video_url", "position", "is_published"]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.checked = None

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            self.checked = check_file(upload)
        return upload
