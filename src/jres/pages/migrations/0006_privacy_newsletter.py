from django.db import migrations

PRIVACY_SLUG = "confidentialite"


def add_newsletter_paragraph(apps, schema_editor):
    """Tell the privacy page what the newsletter keeps, how to leave it, and that exports of
    personal data are logged.

    Appended to the page as the coordinator left it, if it still exists and does not say
    so already (as 0003 to 0005 do).
    """
    from jres.pages.defaults import newsletter_privacy

    Page = apps.get_model("pages", "Page")
    page = Page.objects.filter(slug=PRIVACY_SLUG).first()
    if page is None:
        return
    paragraph_fr, paragraph_en = newsletter_privacy()
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
    dependencies = [("pages", "0005_privacy_testimonies")]

    operations = [migrations.RunPython(add_newsletter_paragraph, migrations.RunPython.noop)]
