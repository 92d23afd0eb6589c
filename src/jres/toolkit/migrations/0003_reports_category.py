from django.db import migrations

# The edition's national report is published in the kit under this heading.
SLUG = "bilans-et-rapports"


def create_category(apps, schema_editor):
    Category = apps.get_model("toolkit", "Category")
    last = Category.objects.order_by("-order").values_list("order", flat=True).first() or 0
    Category.objects.get_or_create(
        slug=SLUG,
        defaults={
            "name_fr": "Bilans et rapports",
            "name_en": "Reviews and reports",
            "order": last + 1,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("toolkit", "0002_default_categories_and_roles")]

    operations = [migrations.RunPython(create_category, migrations.RunPython.noop)]
