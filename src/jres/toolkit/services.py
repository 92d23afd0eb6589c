"""The kit's workflows: storing, publishing and retiring resources, counting downloads,
and keeping each edition's ZIP in step with its kit."""

import functools
import logging

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F

from jres.editions.models import Edition

from . import archive
from .files import CheckedFile
from .models import Resource

logger = logging.getLogger(__name__)


@transaction.atomic
def save_resource(*, resource: Resource, checked: CheckedFile | None = None) -> Resource:
    """Save a new or changed resource whose new file, if any, files.check_file has read.

    A replaced file is removed once the change has committed, and the kit's ZIP rebuilt.
    """
    previous = (
        Resource.objects.filter(pk=resource.pk).values_list("file", flat=True).first()
        if resource.pk
        else ""
    )
    if checked is not None:
        resource.file_kind, resource.file_size = checked.kind, checked.size
        resource.width, resource.height = checked.width, checked.height
    elif not resource.file:
        resource.file_kind, resource.file_size, resource.width, resource.height = "", 0, None, None
    resource.full_clean()
    resource.save()
    if previous and previous != resource.file.name:
        transaction.on_commit(functools.partial(_remove_file, previous), robust=True)
    schedule_kit_build(resource.edition_id)
    return resource


@transaction.atomic
def set_published(*, resources, published: bool) -> int:
    """Publish or retire resources; a retired one keeps its file and can come back."""
    changed = 0
    editions = set()
    for resource in resources.select_for_update():
        if resource.is_published != published:
            resource.is_published = published
            resource.save(update_fields=["is_published", "updated_at"])
            editions.add(resource.edition_id)
            changed += 1
    for edition_pk in editions:
        schedule_kit_build(edition_pk)
    return changed


@transaction.atomic
def delete_resources(*, resources) -> int:
    """Delete resources and, after the commit, their files."""
    deleted = list(resources.values_list("edition_id", "file"))
    count, _by_model = resources.delete()
    for _edition, name in deleted:
        if name:
            transaction.on_commit(functools.partial(_remove_file, name), robust=True)
    for edition_pk in {edition_pk for edition_pk, _name in deleted}:
        schedule_kit_build(edition_pk)
    return count


def record_download(resource: Resource) -> None:
    """One more download: a single UPDATE, whatever the number of visitors at once."""
    Resource.objects.filter(pk=resource.pk).update(download_count=F("download_count") + 1)


def schedule_kit_build(edition_pk: int) -> None:
    """Rebuild the edition's ZIP once the current transaction has committed."""
    transaction.on_commit(functools.partial(_enqueue_build, edition_pk), robust=True)


def _enqueue_build(edition_pk: int) -> None:
    from .tasks import build_kit_archive

    build_kit_archive.enqueue(edition_pk=edition_pk)


def build_kit_archive(edition_pk: int) -> str:
    """The task's work: bring the edition's ZIP up to date; says what it did."""
    edition = Edition.objects.filter(pk=edition_pk).first()
    if edition is None:
        return "no such edition"
    built = archive.build_archive(edition)
    return f"{built.path}: {built.files} files, {built.size} bytes"


def _remove_file(name: str) -> None:
    if not Resource.objects.filter(file=name).exists():
        default_storage.delete(name)
