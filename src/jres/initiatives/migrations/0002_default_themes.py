from django.db import migrations


def create_themes(apps, schema_editor):
    from jres.initiatives.defaults import THEMES

    theme = apps.get_model("initiatives", "Theme")
    for order, (slug, name_fr, name_en) in enumerate(THEMES):
        theme.objects.get_or_create(
            slug=slug, defaults={"name_fr": name_fr, "name_en": name_en, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]

    operations = [migrations.RunPython(create_themes, migrations.RunPython.noop)]
