from pathlib import Path

from django.core.management.base import CommandError

from bodymap.loading import LoadCommand
from conditions import content


class Command(LoadCommand):
    help = (
        "Apply the content file (default: content/bodymap.yaml) idempotently: create or update "
        "by slug, never delete, and keep entries that people have edited in the admin."
    )
    default_path = content.DEFAULT_PATH
    lock_name = "load_content"

    def handle(self, *args, path: Path, dry_run: bool, force: bool, **options):
        if not path.exists():
            raise CommandError(f"No content file at {path}")
        changes = self.load_exclusively(
            lambda: content.load(path, dry_run=dry_run, force=force), wait=options["wait"]
        )
        self.report(changes, dry_run, options["verbosity"])
        summary = content.summarise(changes, "content entries", dry_run=dry_run)
        self.stdout.write(f"{summary} ({path.name}).")
