"""A backup made with export_content restores into an empty database, edits included."""

import io
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command

from conditions.models import ReferralLink

ROOT = Path(__file__).resolve().parent.parent


def test_an_export_restores_into_an_empty_database(shipped_content, tmp_path):
    # An editor's change since the shipped file was loaded: the backup must carry it.
    link = ReferralLink.objects.published().first()
    link.summary = "Edited in the admin after loading."
    link.save()
    backup = tmp_path / "backup.yaml"
    call_command("export_content", backup, stdout=io.StringIO())

    # A new, empty database, as after losing the old one: migrate, load the backup, export.
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path}/restored.sqlite3",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for args in (["migrate", "-v0"], ["load_content", str(backup)]):
        subprocess.run([*manage, *args], env=env, cwd=ROOT, check=True, capture_output=True)
    again = tmp_path / "again.yaml"
    subprocess.run(
        [*manage, "export_content", str(again)], env=env, cwd=ROOT, check=True, capture_output=True
    )

    assert again.read_text() == backup.read_text()
    assert "Edited in the admin after loading." in again.read_text()
