from django.conf import settings
from django.core.management.base import BaseCommand

from los.demo.seed import seed_demo


class Command(BaseCommand):
    help = "Loads the fictional demo collaboration (the spring of the source document). Safe to run twice."

    def handle(self, *args, **options):
        # Users with a published password exist only on a development machine.
        created = seed_demo(with_users=settings.DEBUG)
        self.stdout.write(self.style.SUCCESS(f"Demo collaboration ready ({created} rows created)."))
        if not settings.DEBUG:
            self.stdout.write("Demo users were not created because DEBUG is off.")
