from django.tasks import task

from . import services


@task()
def build_kit_archive(*, edition_pk: int) -> str:
    """Build the ZIP of an edition's kit; safe to run twice (see archive.build_archive)."""
    return services.build_kit_archive(edition_pk)
