from django.db import migrations

PRIVACY_SLUG = "confidentialite"


def add_volunteer_paragraph(apps, schema_editor):
    """Tell the privacy page when mentoring volunteers' details are deleted.

    Appended to the page as the coordinator left it, if it still exists and does not say
    so already (as 0003 does for registrations).
    """
    from django.conf import settings

    from jres.pages.defaults import volunteer_privacy

    Page = apps.get_model("pages", "Page")
    page = Page.objects.filter(slug=PRIVACY_SLUG).first()
    if page is None:
        return
    paragraph_fr, paragraph_en = volunteer_privacy(settings.VOLUNTEER_RETENTION_DAYS)
    changed = []
    if paragraph_fr not in page.body_fr:
        page.body_fr = f"{page.body_fr.rstrip()}\n\n{paragraph_fr}"
        changed.append("body_fr")
    if page.body_en.strip() and paragraph_en not in page.body_en:
        page.body_en = f"{page.body_en.rstrip()}\n\n{paragraph_en}"
        changed.append("body_en")
    if changed:
        page.save(update_fields=[*changed, "updated_at"])


class Migration(migrations.Migration):
    dependencies = [("pages", "0003_privacy_registrations")]

    operations = [migrations.RunPython(add_volunteer_paragraph, migrations.RunPython.noop)]
