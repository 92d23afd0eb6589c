from django.db import migrations

PRIVACY_SLUG = "confidentialite"


def add_registration_paragraph(apps, schema_editor):
    """Tell existing installations' privacy page when registrants' data are erased.

    Appended to the page as the coordinator left it, if it still exists and does not say
    so already (new installations get the paragraph from the defaults, in 0002).
    """
    from django.conf import settings

    from jres.pages.defaults import registration_privacy

    Page = apps.get_model("pages", "Page")
    page = Page.objects.filter(slug=PRIVACY_SLUG).first()
    if page is None:
        return
    paragraph_fr, paragraph_en = registration_privacy(settings.REGISTRATION_RETENTION_DAYS)
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
    dependencies = [("pages", "0002_default_pages")]

    operations = [migrations.RunPython(add_registration_paragraph, migrations.RunPython.noop)]
