"""`manage.py backup` and `restore`: a backup restored into a fresh database gives the same figures
and the same files; a changed, unsafe or unexpected backup is refused and nothing is changed.

The restore runs in a process of its own with DATABASE_URL pointing at the fresh database, as an
operator would run it; this process's connection stays on the test database. The refusals are
tried on small SQLite databases of their own, so they run whatever database the suite uses.
"""

import errno
import hashlib
import io
import json
import os
import re
import secrets
import sqlite3
import stat
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import connection
from django.db.utils import ConnectionHandler
from django.utils import translation

from agencies.models import Collaboration
from findings.models import Finding
from los import backups
from los.backups import MANIFEST, MEDIA_ARCHIVE, BackupError, backup_create, backup_restore
from reports.aggregation import summary_figures
from reports.figures import figures_to_json
from reports.periods import half_year
from tests.catalogues import load_catalogues
from tests.findings.evidence_factories import pdf_bytes, png_bytes, stored_evidence

SPRING_2026 = half_year(2026, 1)
NOTES = [(1, "Fictional note about a car wash"), (2, "Fictional note about a kiosk")]

# Run in the restored installation: the demo figures and the evidence rows, as one JSON line.
FIGURES_SCRIPT = """
import json
from django.utils import translation
from agencies.models import Collaboration
from findings.models import Evidence
from reports.aggregation import summary_figures
from reports.figures import figures_to_json
from reports.periods import half_year
with translation.override("en"):
    figures = summary_figures(Collaboration.objects.get(slug="norrkoping"), *half_year(2026, 1))
    evidence = sorted(Evidence.objects.values_list("stored_name", flat=True))
    print(json.dumps({"figures": figures_to_json(figures), "evidence": evidence}))
"""


def manage(*arguments, database_url, media_root):
    """`manage.py <arguments>` in a process of its own, on the given database and media folder."""
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media_root)}
    return subprocess.run(  # noqa: S603 — the test's own arguments
        [sys.executable, "manage.py", *arguments],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def tree(root):
    """Every folder and file under `root`: its mode, and a file's bytes."""
    found = {}
    for path in sorted(Path(root).rglob("*")):
        mode = stat.S_IMODE(path.lstat().st_mode)
        found[str(path.relative_to(root))] = (mode, path.read_bytes() if path.is_file() else None)
    return found


def notes_in(path):
    with sqlite3.connect(path) as db:
        return db.execute("SELECT id, text FROM note ORDER BY id").fetchall()


def sqlite_with_notes(path, notes):
    db = sqlite3.connect(path)
    with db:
        db.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
        db.executemany("INSERT INTO note VALUES (?, ?)", notes)
    db.close()
    return path


def media_with_files(root):
    """A media folder as the storages make it: folders 0700, files 0600."""
    for folder, name, content in [
        ("evidence", "photo.png", png_bytes()),
        ("summaries", "summary-1-1.pdf", pdf_bytes()),
    ]:
        (root / folder).mkdir(mode=0o700, parents=True)
        (root / folder / name).write_bytes(content)
        (root / folder / name).chmod(0o600)
    root.chmod(0o700)
    return root


def reseal(folder, name):
    """Writes `name`'s new size and SHA-256 into the manifest, as someone who rewrote both would."""
    manifest = json.loads((folder / MANIFEST).read_text())
    content = (folder / name).read_bytes()
    manifest["files"][name] = {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
    (folder / MANIFEST).write_text(json.dumps(manifest))


def edit_manifest(folder, change):
    manifest = json.loads((folder / MANIFEST).read_text())
    change(manifest)
    (folder / MANIFEST).write_text(json.dumps(manifest))


# --- A backup of the demo, restored into a fresh database ----------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    """MEDIA_ROOT and the evidence and summaries storages in a folder of this test."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        **{
            name: {
                **settings.STORAGES[name],
                "OPTIONS": {**settings.STORAGES[name]["OPTIONS"], "location": str(root / name)},
            }
            for name in ("evidence", "summaries")
        },
    }
    return root


@pytest.fixture
def fresh_database_url(tmp_path):
    """The URL of a new, empty database of the suite's kind; a PostgreSQL one is dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg2
    from psycopg2 import sql

    params = connection.settings_dict
    name = f"los_restore_{secrets.token_hex(6)}"
    server = psycopg2.connect(
        dbname="postgres",
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
    )
    server.autocommit = True
    try:
        with server.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        credentials = quote(params["USER"] or "", safe="") + (
            f":{quote(params['PASSWORD'], safe='')}" if params["PASSWORD"] else ""
        )
        address = f"{params['HOST'] or 'localhost'}:{params['PORT'] or 5432}"
        yield f"postgres://{credentials}@{address}/{name}"
    finally:
        with server.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        server.close()


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_a_fresh_database_gives_the_same_figures_and_files(media, fresh_database_url, tmp_path):
    # Committed (transaction=True), so pg_dump, another process, sees the demo.
    load_catalogues()
    call_command("seed_demo", stdout=io.StringIO())
    finding = Finding.objects.filter(collaboration__slug="norrkoping").order_by("pk").first()
    evidence = stored_evidence(finding, content=png_bytes())
    storages["summaries"].save("summary-1-1.pdf", ContentFile(pdf_bytes()))
    with translation.override("en"):
        figures = summary_figures(Collaboration.objects.get(slug="norrkoping"), *SPRING_2026)
    expected = json.loads(json.dumps({"figures": figures_to_json(figures), "evidence": [evidence.stored_name]}))
    assert expected["figures"]["key"]["visits"] == 40  # the demo is really there to be compared

    call_command("backup", "--to", str(tmp_path / "backups"), stdout=io.StringIO())
    [folder] = (tmp_path / "backups").iterdir()
    assert json.loads((folder / MANIFEST).read_text())["database"]["vendor"] == connection.vendor
    restored_media = tmp_path / "restored" / "media"
    restore = manage("restore", str(folder), database_url=fresh_database_url, media_root=restored_media)
    assert restore.returncode == 0, restore.stderr
    # Once more over the restored tables and files, as when a restore is repeated.
    again = manage("restore", str(folder), "--yes", database_url=fresh_database_url, media_root=restored_media)
    assert again.returncode == 0, again.stderr
    read_back = manage("shell", "-c", FIGURES_SCRIPT, database_url=fresh_database_url, media_root=restored_media)
    assert read_back.returncode == 0, read_back.stderr

    assert json.loads(read_back.stdout.strip().splitlines()[-1]) == expected
    assert tree(restored_media) == tree(media)
    assert stat.S_IMODE((restored_media / "evidence" / evidence.stored_name).stat().st_mode) == 0o600
    assert len([entry for entry in tree(media).values() if entry[1] is not None]) == 2


# --- The SQLite path, through the commands --------------------------------------------------------


def test_the_commands_back_up_and_restore_a_sqlite_database_with_its_media(tmp_path):
    source = sqlite_with_notes(tmp_path / "source.sqlite3", NOTES)
    source_media = media_with_files(tmp_path / "media")

    backup = manage(
        "backup", "--to", str(tmp_path / "backups"), database_url=f"sqlite:///{source}", media_root=source_media
    )
    assert backup.returncode == 0, backup.stderr
    [folder] = (tmp_path / "backups").iterdir()
    assert re.fullmatch(r"los-\d{8}T\d{6}Z", folder.name)
    assert str(folder) in backup.stdout
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert {path.name: stat.S_IMODE(path.stat().st_mode) for path in folder.iterdir()} == {
        "database.sqlite3": 0o600,
        MEDIA_ARCHIVE: 0o600,
        MANIFEST: 0o600,
    }
    manifest = json.loads((folder / MANIFEST).read_text())
    assert (manifest["database"]["vendor"], manifest["database"]["file"]) == ("sqlite", "database.sqlite3")
    assert (manifest["media"]["files"], manifest["app"]["version"]) == (2, "0.1.0")
    for name, facts in manifest["files"].items():
        content = (folder / name).read_bytes()
        assert facts == {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}

    target, target_media = tmp_path / "restored.sqlite3", tmp_path / "restored" / "media"
    restore = manage("restore", str(folder), database_url=f"sqlite:///{target}", media_root=target_media)
    assert restore.returncode == 0, restore.stderr
    assert notes_in(target) == NOTES
    assert tree(target_media) == tree(source_media)


def test_the_restore_command_exits_with_an_error_on_a_changed_file_and_changes_nothing(tmp_path, sqlite_backup):
    target = sqlite_with_notes(tmp_path / "target.sqlite3", [(7, "Fictional note to keep")])
    target_media = media_with_files(tmp_path / "target-media")
    before = target.read_bytes(), tree(target_media)
    with open(sqlite_backup / "database.sqlite3", "r+b") as dump:
        dump.seek(-1, os.SEEK_END)
        dump.write(b"X")

    restore = manage(
        "restore", str(sqlite_backup), "--yes", database_url=f"sqlite:///{target}", media_root=target_media
    )

    assert restore.returncode != 0
    assert "database.sqlite3 has changed since the backup was made" in restore.stderr
    assert (target.read_bytes(), tree(target_media)) == before


# --- Refusals, on small SQLite databases of their own --------------------------------------------


@pytest.fixture
def scratch(tmp_path, django_db_blocker):
    """Django connections to SQLite files of this test (not the suite's database)."""
    handlers = []

    def connect(path):
        handler = ConnectionHandler({"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}})
        handlers.append(handler)
        return handler["default"]

    with django_db_blocker.unblock():
        yield connect
        for handler in handlers:
            handler["default"].close()


@pytest.fixture
def sqlite_backup(tmp_path, scratch):
    """A backup of a small SQLite database (two notes) and a media folder of two files."""
    source = scratch(sqlite_with_notes(tmp_path / "source.sqlite3", NOTES))
    return backup_create(into=tmp_path / "backups", connection=source, media_root=media_with_files(tmp_path / "media"))


@dataclass
class Installation:
    """Where a restore goes: a database (a Django connection) and a media folder, side by side in `folder`."""

    database: object
    media: Path
    folder: Path

    def snapshot(self):
        database = Path(self.database.settings_dict["NAME"]).read_bytes()
        return database, tree(self.media), sorted(path.name for path in self.folder.iterdir())


@pytest.fixture
def target(tmp_path, scratch):
    """An installation with data of its own: a database with one note, and a media folder."""
    database = scratch(sqlite_with_notes(tmp_path / "target.sqlite3", [(7, "Fictional note to keep")]))
    media_root = media_with_files(tmp_path / "target-media")
    (media_root / "evidence" / "photo.png").write_bytes(b"the target's own photo")
    return Installation(database=database, media=media_root, folder=tmp_path)


def restore_into(target, folder, **options):
    return backup_restore(folder=folder, connection=target.database, media_root=target.media, **options)


def test_it_replaces_a_database_with_tables_only_when_told_yes(sqlite_backup, target, tmp_path):
    before = target.snapshot()
    with pytest.raises(BackupError, match=r"already has 1 tables.*give --yes"):
        restore_into(target, sqlite_backup)
    assert target.snapshot() == before

    result = restore_into(target, sqlite_backup, overwrite=True)

    assert notes_in(tmp_path / "target.sqlite3") == NOTES
    assert tree(target.media) == tree(tmp_path / "media")
    assert result.media_files == 2
    # No folder left from unpacking or from the old media folder.
    assert sorted(p.name for p in tmp_path.iterdir()) == before[2]


def hidden_folders(media_root):
    return [path.name for path in media_root.iterdir() if path.name.startswith(".")]


def test_a_restore_replaces_the_contents_of_the_media_folder_not_the_folder(sqlite_backup, target, tmp_path):
    # In the container the media folder is a mount point: it can be neither renamed nor replaced,
    # and its parent is not writable. Its inode staying the same shows it was not.
    inode = target.media.stat().st_ino
    (target.media / "evidence" / "only-in-the-target.png").write_bytes(b"a file the backup does not have")

    restore_into(target, sqlite_backup, overwrite=True)

    assert target.media.stat().st_ino == inode
    assert tree(target.media) == tree(tmp_path / "media")
    assert hidden_folders(target.media) == []


def test_a_media_swap_that_fails_halfway_leaves_the_old_media_and_database(sqlite_backup, target, monkeypatch):
    before = target.snapshot()
    rename, moved_in = os.rename, []

    def rename_failing_on_the_second_move_in(source, destination):
        # The restored media are moved up from `<media>/.restore-<random>/media/`.
        if Path(source).parent.name == "media" and Path(source).parent.parent.name.startswith(".restore-"):
            moved_in.append(source)
            if len(moved_in) == 2:
                raise OSError(errno.EBUSY, "Device or resource busy", source)
        rename(source, destination)

    monkeypatch.setattr(backups.os, "rename", rename_failing_on_the_second_move_in)
    with pytest.raises(BackupError, match=r"could not be replaced \(it is as it was\): .*Device or resource busy"):
        restore_into(target, sqlite_backup, overwrite=True)

    assert len(moved_in) == 2  # one folder had been moved in, and was moved out again
    assert target.snapshot() == before
    assert hidden_folders(target.media) == []


def test_a_failed_database_restore_puts_the_old_media_back(sqlite_backup, target, monkeypatch):
    before = target.snapshot()

    def failing_restore(*args, **kwargs):
        raise BackupError("pg_restore failed (exit code 1): fictional failure")

    monkeypatch.setattr(backups, "_restore_database", failing_restore)
    with pytest.raises(BackupError, match="fictional failure"):
        restore_into(target, sqlite_backup, overwrite=True)
    assert target.snapshot() == before
    assert hidden_folders(target.media) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to any folder")
def test_a_media_folder_the_restore_cannot_write_to_gives_a_clear_error(sqlite_backup, target):
    before = target.snapshot()
    target.media.chmod(0o500)
    try:
        with pytest.raises(BackupError, match="could not be unpacked into .*target-media: .*Permission denied"):
            restore_into(target, sqlite_backup, overwrite=True)
    finally:
        target.media.chmod(0o700)
    assert target.snapshot() == before


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda folder: (folder / MEDIA_ARCHIVE).write_bytes(b"not the archive"), "media.tar.gz has changed"),
        (lambda folder: (folder / "database.sqlite3").unlink(), "The backup is missing database.sqlite3"),
        (lambda folder: (folder / MANIFEST).unlink(), "The backup has no manifest.json"),
        (lambda folder: edit_manifest(folder, lambda m: m["files"].pop(MEDIA_ARCHIVE)), "does not list media.tar.gz"),
        (
            lambda folder: edit_manifest(folder, lambda m: m["files"].update({"../x": {"sha256": "", "size": 0}})),
            "names a file outside the backup",
        ),
    ],
    ids=["changed", "missing", "no-manifest", "unlisted", "outside"],
)
def test_it_refuses_a_backup_whose_files_do_not_match_its_manifest(sqlite_backup, target, spoil, message):
    spoil(sqlite_backup)
    before = target.snapshot()
    with pytest.raises(BackupError, match=message):
        restore_into(target, sqlite_backup, overwrite=True)
    assert target.snapshot() == before


def unsafe_member(tar, tmp_path, kind):
    if kind == "symlink":
        member = tarfile.TarInfo("media/evidence/link")
        member.type, member.linkname = tarfile.SYMTYPE, "../../escaped.txt"
        tar.addfile(member)
        return
    name = {"dot-dot": "media/../../escaped.txt", "parent": "../escaped.txt", "absolute": str(tmp_path / "escaped.txt")}
    content = b"written outside the media folder"
    member = tarfile.TarInfo(name[kind])
    member.size = len(content)
    tar.addfile(member, io.BytesIO(content))


@pytest.mark.parametrize("kind", ["dot-dot", "parent", "absolute", "symlink"])
def test_it_refuses_an_archive_with_a_path_leading_out_of_the_media_folder(sqlite_backup, target, tmp_path, kind):
    with tarfile.open(sqlite_backup / MEDIA_ARCHIVE, "w:gz") as tar:
        tar.add(tmp_path / "media", arcname="media")
        unsafe_member(tar, tmp_path, kind)
    reseal(sqlite_backup, MEDIA_ARCHIVE)
    before = target.snapshot()

    with pytest.raises(BackupError, match="leading out of the media folder"):
        restore_into(target, sqlite_backup, overwrite=True)

    assert target.snapshot() == before
    assert not list(tmp_path.parent.rglob("escaped.txt"))


@pytest.mark.parametrize(
    ("vendor", "message"),
    [("postgresql", "is of a postgresql database; this installation uses sqlite"), ("oracle", "unknown kind")],
)
def test_it_refuses_a_backup_of_another_kind_of_database(sqlite_backup, target, vendor, message):
    def claim_vendor(manifest):
        manifest["database"]["vendor"] = vendor
        manifest["files"]["database.dump"] = manifest["files"].pop("database.sqlite3")

    (sqlite_backup / "database.sqlite3").rename(sqlite_backup / "database.dump")
    edit_manifest(sqlite_backup, claim_vendor)
    before = target.snapshot()
    with pytest.raises(BackupError, match=message):
        restore_into(target, sqlite_backup, overwrite=True)
    assert target.snapshot() == before


def test_it_refuses_a_backup_made_by_a_newer_version(sqlite_backup, target):
    edit_manifest(sqlite_backup, lambda manifest: manifest["migrations"].update({"findings": ["9999_from_the_future"]}))
    before = target.snapshot()
    with pytest.raises(BackupError, match="findings.9999_from_the_future"):
        restore_into(target, sqlite_backup, overwrite=True)
    assert target.snapshot() == before


def test_a_failed_backup_leaves_no_folder_that_looks_whole(tmp_path, scratch):
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"this is not a database file at all" * 200)
    with pytest.raises(BackupError, match="could not be copied"):
        backup_create(into=tmp_path / "backups", connection=scratch(broken), media_root=tmp_path / "media")
    assert list((tmp_path / "backups").iterdir()) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump is only looked for on PostgreSQL")
def test_it_says_so_when_pg_dump_is_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no client tools on the path
    with pytest.raises(BackupError, match=r"pg_dump was not found: .*postgresql-client"):
        backup_create(into=tmp_path / "backups", media_root=tmp_path / "media")
    assert list((tmp_path / "backups").iterdir()) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_restore and its schema are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_yes_restores_an_older_backup_over_a_database_with_tables_of_later_migrations(
    media, fresh_database_url, tmp_path
):
    import psycopg2

    folder = backup_create(into=tmp_path / "backups", media_root=media_with_files(media))
    restored_media = tmp_path / "restored" / "media"
    first = manage("restore", str(folder), database_url=fresh_database_url, media_root=restored_media)
    assert first.returncode == 0, first.stderr
    # As a later migration would: a new table that refers to a table of the backup, which
    # `pg_restore --clean` could then not drop.
    database = psycopg2.connect(fresh_database_url)
    with database, database.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE later_migration_note (id serial PRIMARY KEY, "
            "content_type_id integer NOT NULL REFERENCES django_content_type (id))"
        )
    database.close()

    again = manage("restore", str(folder), "--yes", database_url=fresh_database_url, media_root=restored_media)

    assert again.returncode == 0, again.stderr
    assert "Restored the backup" in again.stdout
    database = psycopg2.connect(fresh_database_url)
    with database, database.cursor() as cursor:
        cursor.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
        tables = {name for (name,) in cursor.fetchall()}
    database.close()
    assert "later_migration_note" not in tables
    assert {"django_content_type", "findings_finding", "django_migrations"} <= tables
    assert tree(restored_media) == tree(media)
