"""Event images: checked by content, re-encoded, stripped of their metadata."""

import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding them
MAX_SIDE = 1600


def reencode_image(upload) -> SimpleUploadedFile:
    """Return a clean JPEG of at most MAX_SIDE pixels a side, or raise ValidationError.

    Re-encoding drops EXIF (GPS positions of phone photos), ICC oddities and anything
    hidden after the image data.
    """
    if upload.size > MAX_BYTES:
        raise ValidationError(_("L'image dépasse 5 Mo."))
    try:
        with Image.open(upload) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("L'image est trop grande (plus de 40 mégapixels)."))
            image.load()
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGB")
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            output = io.BytesIO()
            image.save(output, format="JPEG", quality=85, optimize=True)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("Ce fichier n'est pas une image lisible (JPEG, PNG ou WebP).")
        ) from error
    return SimpleUploadedFile("image.jpg", output.getvalue(), content_type="image/jpeg")
