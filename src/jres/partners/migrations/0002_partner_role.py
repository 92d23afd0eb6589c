from django.db import migrations

# Coordinators edit partners and join requests in the admin; the "partners" group (the
# accounts of accepted authorities) needs no model permission: its pages check ownership.
COORDINATOR_MODELS = [("partners", "partner"), ("partners", "joinrequest")]


def create_role(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get_or_create(name="partners")
    coordinators, _created = Group.objects.get_or_create(name="coordinators")
    for app_label, model in COORDINATOR_MODELS:
        coordinators.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, content_type__model=model)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_event_roles"),
        ("partners", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_role, migrations.RunPython.noop)]
