"""Exports as the audit log records them."""

from django.db import transaction

from .models import ExportLog


@transaction.atomic
def log_export(
    *, user, dataset: str, format: str, filters: dict, rows: int, personal: bool
) -> ExportLog:
    """Record that `user` exported `rows` rows of `dataset` with `filters`.

    Called before the file is sent, with the count of the selection: the log says what
    was handed over even when the download is then interrupted.
    """
    return ExportLog.objects.create(
        user=user,
        user_email=user.email,
        dataset=dataset,
        format=format,
        filters=filters,
        rows=rows,
        personal=personal,
    )
