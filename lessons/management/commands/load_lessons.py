from pathlib import Path

from bodymap.loading import LoadCommand
from conditions.content import summarise
from lessons import content


class Command(LoadCommand):
    help = "Apply the shipped lessons (content/lessons.yaml) idempotently, keeping admin edits."
    default_path = content.DEFAULT_PATH
    lock_name = "load_lessons"

    def handle(self, *args, path: Path, dry_run: bool, force: bool, **options):
        changes = self.load_exclusively(
            lambda: content.load(path, dry_run=dry_run, force=force), wait=options["wait"]
        )
        self.report(changes, dry_run, options["verbosity"])
        self.stdout.write(summarise(changes, "lessons", dry_run=dry_run) + ".")
