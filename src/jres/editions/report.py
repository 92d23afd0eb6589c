"""The edition's national report: a PDF drawn on demand, published in the kit on request."""

from jres.toolkit.models import Resource

# The kit category the report is published in (created by a toolkit data migration).
REPORTS_CATEGORY = "bilans-et-rapports"


def report_title(edition) -> str:
    return f"Rapport national {edition.year}"


def published_report(edition) -> Resource | None:
    """The report this edition's kit shows, if one was published."""
    return (
        Resource.objects.filter(
            edition=edition,
            category__slug=REPORTS_CATEGORY,
            title_fr=report_title(edition),
            is_published=True,
        )
        .order_by("-updated_at")
        .first()
    )
