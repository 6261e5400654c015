from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from conditions import content


class Command(BaseCommand):
    help = (
        "Apply the content file (default: content/bodymap.yaml) idempotently: create or update "
        "by slug, never delete, and keep entries that people have edited in the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, default=content.DEFAULT_PATH)
        parser.add_argument("--dry-run", action="store_true", help="List changes, save nothing.")
        parser.add_argument(
            "--force", action="store_true", help="Overwrite entries edited in the admin too."
        )

    def handle(self, *args, path: Path, dry_run: bool, force: bool, **options):
        if not path.exists():
            raise CommandError(f"No content file at {path}")
        try:
            changes = content.load(path, dry_run=dry_run, force=force)
        except content.ContentError as error:
            raise CommandError(str(error)) from None
        for change in changes:
            if change.action == "keep":
                self.stdout.write(self.style.WARNING(f"  {change}"))
            elif change.action != "unchanged" and (dry_run or options["verbosity"] > 1):
                self.stdout.write(f"  {change}")
        summary = content.summarise(changes, "content entries", dry_run=dry_run)
        self.stdout.write(f"{summary} ({path.name}).")
