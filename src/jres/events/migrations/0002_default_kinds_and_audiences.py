from django.db import migrations


def create_defaults(apps, schema_editor):
    from jres.events.defaults import AUDIENCES, KINDS

    for model_name, rows in (("EventKind", KINDS), ("Audience", AUDIENCES)):
        model = apps.get_model("events", model_name)
        for order, (slug, name_fr, name_en) in enumerate(rows):
            model.objects.get_or_create(
                slug=slug, defaults={"name_fr": name_fr, "name_en": name_en, "order": order}
            )


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
