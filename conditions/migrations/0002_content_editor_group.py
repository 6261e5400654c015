"""The "Content editor" group: edits every piece of content, never users or groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Content editor"
MODELS = ["source", "symptom", "region", "mechanism", "condition", "redflag", "referrallink", "citation"]


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so we can grant them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    codenames = [f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")]
    codenames += [f"view_historical{model}" for model in MODELS]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="conditions", codename__in=codenames)
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("conditions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
