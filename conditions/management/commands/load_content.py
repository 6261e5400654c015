from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError

from bodymap import locks
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
            "--wait",
            type=float,
            default=60.0,
            help="Seconds to wait for another load that is running (default 60).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Overwrite entries edited in the admin too."
        )

    def _waiting(self) -> None:
        self.stdout.write("Another load is running: waiting for it to finish...")

    def handle(self, *args, path: Path, dry_run: bool, force: bool, **options):
        if not path.exists():
            raise CommandError(f"No content file at {path}")
        try:
            # One load at a time: a second run waits for the first, then finds its entries.
            with locks.exclusively("load_content", wait=options["wait"], on_wait=self._waiting):
                changes = content.load(path, dry_run=dry_run, force=force)
        except locks.Busy as error:
            raise CommandError(
                f"Nothing loaded: {error}. Try again when it has finished."
            ) from None
        except IntegrityError as error:
            # Something else (an editor in the admin) created the same entry meanwhile.
            raise CommandError(
                f"Nothing loaded: the database changed while loading ({error}). Run it again."
            ) from None
        except content.ContentError as error:
            raise CommandError(str(error)) from None
        for change in changes:
            if change.action == "keep":
                self.stdout.write(self.style.WARNING(f"  {change}"))
            elif change.action != "unchanged" and (dry_run or options["verbosity"] > 1):
                self.stdout.write(f"  {change}")
        summary = content.summarise(changes, "content entries", dry_run=dry_run)
        self.stdout.write(f"{summary} ({path.name}).")
