from django.db import migrations


def allow_coordinators(apps, schema_editor):
    """Coordinators choose the data's licence in the admin (view and change; one row)."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    coordinators, _created = Group.objects.get_or_create(name="coordinators")
    coordinators.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="api",
            content_type__model="datalicence",
            codename__in=["add_datalicence", "change_datalicence", "view_datalicence"],
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_event_roles"),
        ("api", "0001_licence"),
    ]

    operations = [migrations.RunPython(allow_coordinators, migrations.RunPython.noop)]
