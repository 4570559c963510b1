"""`python manage.py restore <folder>`: the database and the media folder from a backup folder."""

from django.core.management.base import BaseCommand, CommandError

from los.backups import BackupError, backup_restore


class Command(BaseCommand):
    # A backup or a restore must work when some other part of the configuration is wrong, and
    # the checks of URLs and templates cost seconds that a scheduled job need not pay.
    requires_system_checks = []
    help = (
        "Restores the database and the media folder from a backup folder made by `backup`, after checking "
        "every file against the backup's manifest. Stop the web server and the workers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="The backup folder, e.g. backups/los-20261127T142300Z.")
        # No question is ever asked (CI has no one to answer it): overwriting is a flag.
        parser.add_argument("--yes", action="store_true", help="Replace a database that already has tables.")

    def handle(self, *args, **options):
        try:
            result = backup_restore(folder=options["folder"], overwrite=options["yes"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        manifest = result.manifest
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {manifest['created_at']} (version {manifest['app']['version']}): "
                f"the {manifest['database']['vendor']} database and {result.media_files} media files."
            )
        )
        if result.pending_migrations:
            self.stdout.write(
                f"{result.pending_migrations} migrations of this version are not applied to the restored "
                "database yet: run `python manage.py migrate`."
            )
