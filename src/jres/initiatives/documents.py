"""Documents attached to an initiative: PDFs only, recognised by their bytes."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jres.toolkit.files import check_file


def check_pdf(upload) -> None:
    """Raise ValidationError unless the upload is a PDF, whatever its name or content type.

    The kit's checks then apply as they are (size limit, a name saying another kind).
    """
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ValidationError(_("Seuls les documents PDF sont acceptés."))
    check_file(upload)
