from django.apps import AppConfig
from django.apps import apps as django_apps
from django.core.signals import request_started
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

CHANGING_M2M_ACTIONS = {"post_add", "post_remove", "post_clear"}


def content_saved_or_deleted(sender, **kwargs) -> None:
    from conditions import prewarm
    from conditions.models import ContentVersion

    ContentVersion.bump()
    prewarm.after_commit()  # answers for the new version, built before a reader asks


def content_relation_changed(sender, action: str, **kwargs) -> None:
    if action in CHANGING_M2M_ACTIONS:
        content_saved_or_deleted(sender)


def migrated(sender, using: str, apps=None, **kwargs) -> None:
    # Data migrations write through historical models, which send no signals to the receivers
    # above, and a deploy (which migrates) may change how pages are drawn: either way, what was
    # cached before is not to be served after. (`flush` sends this too, without `apps`.)
    apps = apps or django_apps
    try:
        version = apps.get_model("conditions", "ContentVersion")
    except LookupError:  # migrated back to before the version existed
        return
    version.objects.using(using).create()


class ConditionsConfig(AppConfig):
    name = "conditions"
    verbose_name = "Body map content"

    def ready(self) -> None:
        # Every model whose rows a public page shows changes the content version when saved,
        # deleted or re-related, so pages cached under the version are never stale.
        from conditions import models as m

        content = [
            m.Source,
            m.Symptom,
            m.Region,
            m.Mechanism,
            m.Condition,
            m.RedFlag,
            m.ReferralLink,
            m.Citation,
        ]
        from conditions import prewarm

        post_migrate.connect(migrated, sender=self)
        # Not at start-up: manage.py commands start the app too, and only a server serves.
        request_started.connect(prewarm.on_first_request, dispatch_uid="bodymap-first-request")
        for model in content:
            post_save.connect(content_saved_or_deleted, sender=model)
            post_delete.connect(content_saved_or_deleted, sender=model)
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(content_relation_changed, sender=field.remote_field.through)
