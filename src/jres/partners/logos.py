"""Partner logos: checked and re-encoded as event images are, on a white background."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from jres.events.images import MAX_BYTES, MAX_PIXELS, reencode_image

MAX_SIDE = 600


def clean_logo(upload) -> SimpleUploadedFile:
    """A JPEG of the logo, or ValidationError (not an image, an SVG, too big).

    Logos are often transparent PNGs, and a JPEG has no transparency: the transparent
    parts are painted white first, instead of the black they would otherwise become.
    SVG is refused (reencode_image cannot read it): a drawing may carry script.
    """
    return reencode_image(_on_white(upload))


def _on_white(upload):
    if upload.size > MAX_BYTES:
        return upload  # reencode_image says why
    try:
        with Image.open(upload) as image:
            if image.width * image.height > MAX_PIXELS or not _has_alpha(image):
                return upload
            image.load()
            image = image.convert("RGBA")
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            background = Image.new("RGBA", image.size, "white")
            background.alpha_composite(image)
            output = io.BytesIO()
            background.convert("RGB").save(output, format="PNG")
    except (OSError, Image.DecompressionBombError):
        return upload  # reencode_image says why
    finally:
        upload.seek(0)
    return SimpleUploadedFile("logo.png", output.getvalue(), content_type="image/png")


def _has_alpha(image) -> bool:
    return image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info
