"""`python manage.py backup`: the database and the media folder into a new backup folder."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from los.backups import BackupError, backup_create, default_backup_root


class Command(BaseCommand):
    # A backup or a restore must work when some other part of the configuration is wrong, and
    # the checks of URLs and templates cost seconds that a scheduled job need not pay.
    requires_system_checks = []
    help = (
        "Backs up the database (pg_dump, or SQLite's online backup) and the media folder into a new "
        "folder named by the UTC time, e.g. backups/los-20261127T142300Z."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--to", dest="into", help="The folder that holds the backups (default: BACKUP_DIR, else ./backups)."
        )

    def handle(self, *args, **options):
        into = Path(options["into"]) if options["into"] else default_backup_root()
        try:
            folder = backup_create(into=into)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}"))
