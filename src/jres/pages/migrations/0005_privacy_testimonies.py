from django.db import migrations

PRIVACY_SLUG = "confidentialite"


def add_testimony_paragraph(apps, schema_editor):
    """Tell the privacy page what a testimony shows and how it is withdrawn.

    Appended to the page as the coordinator left it, if it still exists and does not say
    so already (as 0003 and 0004 do).
    """
    from jres.pages.defaults import testimony_privacy

    Page = apps.get_model("pages", "Page")
    page = Page.objects.filter(slug=PRIVACY_SLUG).first()
    if page is None:
        return
    paragraph_fr, paragraph_en = testimony_privacy()
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
    dependencies = [("pages", "0004_privacy_volunteers")]

    operations = [migrations.RunPython(add_testimony_paragraph, migrations.RunPython.noop)]
