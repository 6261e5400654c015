"""Content editors prepare lessons as well as the content they draw on."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["lesson", "step"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Content editor")
    codenames = [f"{a}_{m}" for m in MODELS for a in ("add", "change", "delete", "view")]
    codenames += [f"view_historical{m}" for m in MODELS]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="lessons", codename__in=codenames)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Content editor"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="lessons"))


class Migration(migrations.Migration):
    dependencies = [
        ("lessons", "0001_initial"),
        ("conditions", "0002_content_editor_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
