"""End live classes nobody has touched for hours, deleting their answers (run it from cron).

Pages already treat an idle class as ended when it is visited; this also deletes the answers
of classes that nobody visits again, and forgets classes that ended more than 30 days ago.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from classroom.models import ClassSession

FORGET_AFTER = timedelta(days=30)


class Command(BaseCommand):
    help = "End idle live classes (deleting their answers) and forget long-ended ones."

    def handle(self, *args, **options) -> None:
        idle = list(ClassSession.objects.idle())
        for session in idle:
            session.end()
        old = ClassSession.objects.filter(ended_at__lt=timezone.now() - FORGET_AFTER)
        forgotten, _ = old.delete()
        self.stdout.write(f"Ended {len(idle)} idle classes; forgot {forgotten} old records.")
