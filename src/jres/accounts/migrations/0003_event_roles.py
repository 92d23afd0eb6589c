from django.db import migrations

# Coordinators also edit the label's charter and the lists of event kinds and audiences.
COORDINATOR_MODELS = [("editions", "charteritem"), ("events", "eventkind"), ("events", "audience")]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name="coordinators")
    for app_label, model in COORDINATOR_MODELS:
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, content_type__model=model)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("editions", "0002_edition_window_end_edition_window_start_charteritem"),
        ("events", "0002_default_kinds_and_audiences"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
