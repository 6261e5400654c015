from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from conditions.content import ContentError, summarise
from lessons import content


class Command(BaseCommand):
    help = "Apply the shipped lessons (content/lessons.yaml) idempotently, keeping admin edits."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, default=content.DEFAULT_PATH)
        parser.add_argument("--dry-run", action="store_true", help="List changes, save nothing.")
        parser.add_argument("--force", action="store_true", help="Overwrite admin edits too.")

    def handle(self, *args, path: Path, dry_run: bool, force: bool, **options):
        try:
            changes = content.load(path, dry_run=dry_run, force=force)
        except ContentError as error:
            raise CommandError(str(error)) from None
        for change in changes:
            if change.action == "keep":
                self.stdout.write(self.style.WARNING(f"  {change}"))
            elif change.action != "unchanged" and (dry_run or options["verbosity"] > 1):
                self.stdout.write(f"  {change}")
        self.stdout.write(summarise(changes, "lessons", dry_run=dry_run) + ".")
