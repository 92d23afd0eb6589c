from django.db import migrations

ROLE_PERMISSIONS = {
    # Coordinators edit the edition, its pages and the team's contacts in the admin.
    "coordinators": [
        ("editions", "edition"),
        ("editions", "keyfigure"),
        ("pages", "page"),
        ("pages", "teamcontact"),
    ],
    "moderators": [],
}


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, models in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, model in models:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, content_type__model=model
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("editions", "0001_initial"),
        ("pages", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
