from django.db import migrations


def create_default_pages(apps, schema_editor):
    from jres.pages.defaults import PAGES

    Page = apps.get_model("pages", "Page")
    for order, (slug, title_fr, title_en, body_fr, body_en) in enumerate(PAGES):
        Page.objects.get_or_create(
            slug=slug,
            defaults={
                "title_fr": title_fr,
                "title_en": title_en,
                "body_fr": body_fr,
                "body_en": body_en,
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]

    operations = [migrations.RunPython(create_default_pages, migrations.RunPython.noop)]
