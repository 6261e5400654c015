from pathlib import Path

from django.core.management.base import BaseCommand

from conditions import content


class Command(BaseCommand):
    help = "Write the database's content to PATH in the shape of content/bodymap.yaml."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        path.write_text(content.dump(content.export()), encoding="utf-8")
        self.stdout.write(f"Wrote {path}.")
