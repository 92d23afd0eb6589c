from django.db import migrations

# Coordinators curate the base in the admin: themes, initiatives and their documents, and
# read the history.
COORDINATOR_PERMISSIONS = [
    ("theme", ["add", "change", "delete", "view"]),
    ("initiative", ["add", "change", "delete", "view"]),
    ("initiativedocument", ["add", "change", "delete", "view"]),
    ("initiativelog", ["view"]),
]


def create_defaults(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    from jres.initiatives.defaults import THEMES

    theme = apps.get_model("initiatives", "Theme")
    for order, (slug, name_fr, name_en) in enumerate(THEMES):
        theme.objects.get_or_create(
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
                content_type__app_label="initiatives",
                codename__in=[f"{action}_{model}" for action in actions],
            )
        )


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial"), ("accounts", "0003_event_roles")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
