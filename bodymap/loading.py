"""What `load_content` and `load_lessons` share: their options, one load at a time, errors said
in a line, and the changes listed the same way."""

from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError

from bodymap import locks
from conditions.content import ContentError


class LoadCommand(BaseCommand):
    """A command that applies a content file idempotently. Subclasses set `default_path` and
    `lock_name`, and call `load_exclusively` and `report` from `handle`."""

    default_path: Path
    lock_name: str

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, default=self.default_path)
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

    def load_exclusively(self, load: Callable[[], list], wait: float) -> list:
        """`load()`'s changes, with no other run of this command beside it."""
        try:
            # One load at a time: a second run waits for the first, then finds its entries.
            with locks.exclusively(self.lock_name, wait=wait, on_wait=self._waiting):
                return load()
        except locks.Busy as error:
            raise CommandError(
                f"Nothing loaded: {error}. Try again when it has finished."
            ) from None
        except IntegrityError as error:
            # Something else (an editor in the admin) created the same entry meanwhile.
            raise CommandError(
                f"Nothing loaded: the database changed while loading ({error}). Run it again."
            ) from None
        except ContentError as error:
            raise CommandError(str(error)) from None

    def report(self, changes: list, dry_run: bool, verbosity: int) -> None:
        """Kept admin edits always; other changes on a dry run or with -v 2."""
        for change in changes:
            if change.action == "keep":
                self.stdout.write(self.style.WARNING(f"  {change}"))
            elif change.action != "unchanged" and (dry_run or verbosity > 1):
                self.stdout.write(f"  {change}")

    def _waiting(self) -> None:
        self.stdout.write("Another load is running: waiting for it to finish...")
