"""A few lines in the demo's export log, so that the coordinator's journal is not empty."""

import datetime

from django.utils import timezone

from jres.accounts.models import User

from .models import ExportLog, Format, Source

# (account's e-mail, dataset, format, filters, rows, personal data, days ago)
EXPORTS = [
    ("moderation@jres.localhost", Source.EVENTS, Format.XLSX,
     {"edition": 2026, "statut": "labelled"}, 12, False, 6),
    ("coordination@jres.localhost", Source.REPORTS, Format.CSV, {"edition": 2025}, 4, False, 3),
    ("coordination@jres.localhost", Source.REGISTRATIONS, Format.CSV,
     {"edition": 2026, "region": "75"}, 9, True, 1),
]  # fmt: skip


def load() -> int:
    """Log the demo exports of the demo's moderator and coordinator; return how many.

    Runs after the accounts' demo; an account that does not exist logs nothing.
    """
    users = {user.email: user for user in User.objects.filter(email__in={e[0] for e in EXPORTS})}
    now = timezone.now()
    entries = [
        ExportLog(user=users[email], user_email=email, dataset=dataset, format=format,
                  filters=filters, rows=rows, personal=personal,
                  created_at=now - datetime.timedelta(days=days_ago))
        for email, dataset, format, filters, rows, personal, days_ago in EXPORTS
        if email in users
    ]  # fmt: skip
    ExportLog.objects.bulk_create(entries)
    return len(entries)
