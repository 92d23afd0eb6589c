"""schema.org JSON-LD for an initiative's page: a CreativeWork about a place."""

from jres.events.structured_data import absolute_url, json_ld_script

from .models import Initiative


def initiative_json_ld(initiative: Initiative) -> dict:
    commune = initiative.commune
    return {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": initiative.title,
        "abstract": initiative.summary,
        "url": absolute_url(initiative.get_absolute_url()),
        "keywords": [theme.localized("name") for theme in initiative.themes.all()],
        "creator": {"@type": "Organization", "name": initiative.organisation},
        "spatialCoverage": {
            "@type": "Place",
            "name": commune.name,
            "geo": {
                "@type": "GeoCoordinates",
                "latitude": commune.latitude,
                "longitude": commune.longitude,
            },
        },
        "datePublished": initiative.published_at.date().isoformat()
        if initiative.published_at
        else None,
    }


__all__ = ["initiative_json_ld", "json_ld_script"]
