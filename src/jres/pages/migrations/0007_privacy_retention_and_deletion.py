from django.db import migrations

PRIVACY_SLUG = "confidentialite"


def add_paragraphs(apps, schema_editor):
    """Tell the privacy page how long testimonies and newsletter sign-ups are kept, and that
    an account can download its data and delete itself.

    Appended to the page as the coordinator left it, if it still exists and does not say
    so already (as 0003 to 0006 do).
    """
    from jres.pages.defaults import account_privacy, current_retention_privacy

    Page = apps.get_model("pages", "Page")
    page = Page.objects.filter(slug=PRIVACY_SLUG).first()
    if page is None:
        return
    changed = set()
    for paragraph_fr, paragraph_en in (current_retention_privacy(), account_privacy()):
        if paragraph_fr not in page.body_fr:
            page.body_fr = f"{page.body_fr.rstrip()}\n\n{paragraph_fr}"
            changed.add("body_fr")
        if page.body_en.strip() and paragraph_en not in page.body_en:
            page.body_en = f"{page.body_en.rstrip()}\n\n{paragraph_en}"
            changed.add("body_en")
    if changed:
        page.save(update_fields=[*changed, "updated_at"])


class Migration(migrations.Migration):
    dependencies = [("pages", "0006_privacy_newsletter")]

    operations = [migrations.RunPython(add_paragraphs, migrations.RunPython.noop)]
