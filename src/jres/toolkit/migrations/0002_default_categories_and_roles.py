from django.db import migrations

# Coordinators run the kit: its categories and resources, and can see its archives.
COORDINATOR_PERMISSIONS = [
    ("category", ["add", "change", "delete", "view"]),
    ("resource", ["add", "change", "delete", "view"]),
    ("kitarchive", ["view"]),
]


def create_defaults(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    from jres.toolkit.defaults import CATEGORIES

    Category = apps.get_model("toolkit", "Category")
    for order, (slug, name_fr, name_en) in enumerate(CATEGORIES):
        Category.objects.get_or_create(
            slug=slug, defaults={"name_fr": name_fr, "name_en": name_en, "order": order}
        )
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name="coordinators")
    for model, actions in COORDINATOR_PERMISSIONS:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="toolkit",
                codename__in=[f"{action}_{model}" for action in actions],
            )
        )


class Migration(migrations.Migration):
    dependencies = [("toolkit", "0001_initial"), ("accounts", "0003_event_roles")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
