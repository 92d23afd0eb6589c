"""The whole kit of an edition as one ZIP, written to disk by a task and streamed from there.

The archive is built next to the media files, under a temporary name, then renamed: a
visitor downloading the previous version keeps reading it (the old file is removed only
after the rename, and an open file survives its removal on POSIX systems).
"""

import hashlib
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .files import FileKind
from .models import KitArchive, Resource

ARCHIVE_DIR = "toolkit/archives"
CHUNK = 1024 * 1024
# Already compressed: deflating them again costs CPU and saves nothing.
_STORED_KINDS = {kind for kind in FileKind if kind != FileKind.SVG}


def kit_files(edition):
    """The published files of an edition's kit, in the kit's order."""
    return (
        Resource.objects.published()
        .filter(edition=edition)
        .exclude(file="")
        .select_related("category")
        .order_by("category__order", "category__name_fr", "position", "pk")
    )


def fingerprint(edition) -> str:
    """What the archive must hold: each published resource in its latest version."""
    rows = (
        Resource.objects.published()
        .filter(edition=edition)
        .order_by("pk")
        .values_list("pk", "updated_at", "category_id", "position")
    )
    digest = hashlib.sha256()
    for row in rows:
        digest.update(repr(row).encode())
    return digest.hexdigest()


def current_archive(edition) -> KitArchive | None:
    """The archive if it holds the kit as it is now, else None (it must be built again)."""
    archive = KitArchive.objects.filter(edition=edition).first()
    if archive and archive.fingerprint == fingerprint(edition) and archive_path(archive).exists():
        return archive
    return None


def archive_path(archive: KitArchive) -> Path:
    return Path(default_storage.path(archive.path))


def _entry_names(resources) -> list[str]:
    names, seen = [], set()
    for resource in resources:
        folder = f"{resource.category.order + 1:02d}-{resource.category.slug}"
        stem = slugify(resource.title_fr)[:60] or "ressource"
        name, number = f"{folder}/{stem}.{resource.download_name.rsplit('.', 1)[1]}", 2
        while name in seen:
            name = f"{folder}/{stem}-{number}.{resource.download_name.rsplit('.', 1)[1]}"
            number += 1
        seen.add(name)
        names.append(name)
    return names


def _videos_text(edition) -> str:
    lines = [
        f"{video.category.name_fr} : {video.title_fr}\n{video.video_url}\n"
        for video in Resource.objects.published()
        .filter(edition=edition, file="")
        .select_related("category")
    ]
    return "\n".join(lines)


def build_archive(edition) -> KitArchive:
    """Write the ZIP of the edition's published files unless the current one already holds
    them; safe to run twice or concurrently (the last rename wins, both are complete)."""
    if archive := current_archive(edition):
        return archive
    wanted = fingerprint(edition)
    resources = list(kit_files(edition))
    directory = Path(default_storage.path(ARCHIVE_DIR))
    directory.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=directory, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as output, zipfile.ZipFile(output, "w") as zip_file:
            for resource, name in zip(resources, _entry_names(resources), strict=True):
                info = zipfile.ZipInfo(name, date_time=resource.updated_at.timetuple()[:6])
                info.compress_type = (
                    zipfile.ZIP_STORED
                    if resource.file_kind in _STORED_KINDS
                    else zipfile.ZIP_DEFLATED
                )
                info.file_size = resource.file_size
                with (
                    resource.file.open("rb") as source,
                    zip_file.open(info, "w", force_zip64=True) as target,
                ):
                    shutil.copyfileobj(source, target, CHUNK)
            if videos := _videos_text(edition):
                zip_file.writestr("videos.txt", videos, compress_type=zipfile.ZIP_DEFLATED)
        name = f"{ARCHIVE_DIR}/kit-{edition.year}-{wanted[:12]}.zip"
        os.replace(temporary, default_storage.path(name))
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    with transaction.atomic():
        previous = KitArchive.objects.select_for_update().filter(edition=edition).first()
        archive, _created = KitArchive.objects.update_or_create(
            edition=edition,
            defaults={
                "fingerprint": wanted,
                "path": name,
                "size": Path(default_storage.path(name)).stat().st_size,
                "files": len(resources),
                "built_at": timezone.now(),
            },
        )
    if previous and previous.path != name:
        Path(default_storage.path(previous.path)).unlink(missing_ok=True)
    return archive
