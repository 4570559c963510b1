"""Backups of the database and the media folder, and their restore (`manage.py backup` / `restore`).

One backup is one folder named by its UTC time (`los-20261127T142300Z`), readable by its owner
only, since it holds case data:
- `database.dump` (pg_dump, custom format) or `database.sqlite3` (SQLite's online backup),
- `media.tar.gz`: the media folder (evidence files and summary PDFs) with its file modes,
- `manifest.json`: when, which version, which database, its migrations, and each file's SHA-256.

A restore checks everything it can before it changes anything: the checksums, the database
vendor, the migrations, the archive's paths, and that it may overwrite the database.
"""

import contextlib
import datetime
import hashlib
import json
import os
import posixpath
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import django
from django.conf import settings
from django.db import DatabaseError
from django.db import connection as default_connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from .durable import fsync_file, fsync_folder
from .env import env_str

MANIFEST_FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
# The media folder's top entry in the archive; every member must lie under it.
MEDIA_TOP = "media"
# Hidden folders inside the media folder during a restore; left out of backups.
STAGING_PREFIX = ".restore-"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
FOLDER_PREFIX = "los-"
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
# Python 3.11.4 and later check every member again as they are unpacked; the checks of
# `media_members` alone guard earlier versions.
_DATA_FILTER = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
CLIENT_PACKAGE_HINT = "install the PostgreSQL client tools (Debian: apt-get install postgresql-client)"

# Database options that libpq reads from the environment, so no connection detail (and no
# password) appears on a command line, where other users of the machine could read it.
_LIBPQ_SETTINGS = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD"}
_LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "options": "PGOPTIONS",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}


class BackupError(Exception):
    """A backup or restore that failed or was refused; the message tells the operator why."""


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict
    media_files: int
    pending_migrations: int


def default_backup_root():
    """Where backups go unless told: BACKUP_DIR, else the `backups` folder of the project."""
    return Path(env_str("BACKUP_DIR") or settings.BASE_DIR / "backups")


def backup_create(*, into, connection=None, media_root=None, now=None):
    """Writes a new backup folder inside `into` and returns its path. The folder is written
    under a hidden temporary name and renamed when whole, so a half-made backup never looks whole."""
    connection = connection or default_connection
    media_root = Path(media_root or settings.MEDIA_ROOT)
    now = now or datetime.datetime.now(datetime.UTC)
    database_file = DATABASE_FILES.get(connection.vendor)
    if database_file is None:
        raise BackupError(f"Backups of a {connection.vendor} database are not supported.")
    root = Path(into).expanduser().absolute()
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    final = root / f"{FOLDER_PREFIX}{now.strftime(STAMP_FORMAT)}"
    if final.exists():
        raise BackupError(f"A backup of this second already exists: {final}")
    partial = Path(tempfile.mkdtemp(dir=root, prefix=f".{final.name}-", suffix=".partial"))  # made 0700
    try:
        # The database first, then the files: a file added in between is only an extra file,
        # whereas the other order could give rows whose files are missing.
        database = _dump_database(connection, partial / database_file)
        media = _archive_media(media_root, partial / MEDIA_ARCHIVE)
        manifest = {
            "format": MANIFEST_FORMAT,
            "created_at": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "app": {"name": "los", "version": _app_version(), "django": django.get_version()},
            "database": {"vendor": connection.vendor, "file": database_file, **database},
            "migrations": migration_heads(connection),
            "media": {"file": MEDIA_ARCHIVE, **media},
            "files": {name: _file_facts(partial / name) for name in (database_file, MEDIA_ARCHIVE)},
        }
        _write_private(partial / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True).encode() + b"\n")
        fsync_folder(partial)
        os.rename(partial, final)
        fsync_folder(root)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return final


def backup_verify(folder):
    """The manifest of the backup in `folder`, once every file it lists is there with its size
    and SHA-256; raises BackupError otherwise."""
    folder = Path(folder)
    if not folder.is_dir():
        raise BackupError(f"Not a backup folder: {folder}")
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"The backup has no {MANIFEST}: {folder}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"The backup's {MANIFEST} cannot be read: {exc}") from None
    try:
        if manifest["format"] != MANIFEST_FORMAT:
            raise BackupError(f"The backup's manifest is of format {manifest['format']!r}, not {MANIFEST_FORMAT}.")
        vendor, files = manifest["database"]["vendor"], manifest["files"]
        if vendor not in DATABASE_FILES:
            raise BackupError(f"The backup is of an unknown kind of database: {vendor!r}.")
        for required in (DATABASE_FILES[vendor], MEDIA_ARCHIVE):
            if required not in files:
                raise BackupError(f"The backup's manifest does not list {required}.")
        for name, facts in files.items():
            _verify_file(folder, name, facts)
    except (KeyError, TypeError, AttributeError) as exc:
        raise BackupError(f"The backup's {MANIFEST} is incomplete ({exc!r} is missing or wrong).") from None
    return manifest


def backup_restore(*, folder, overwrite=False, connection=None, media_root=None):
    """Replaces the database and the media folder with the backup in `folder`. Refused, with
    nothing changed, when a check fails or the database has tables and `overwrite` is not given."""
    try:
        return _restore(folder, overwrite, connection or default_connection, media_root or settings.MEDIA_ROOT)
    except OSError as exc:
        # The steps below name their own failures; this catches the rest, so the command never
        # ends in a traceback.
        raise BackupError(f"The restore failed: {exc}") from None


def _restore(folder, overwrite, connection, media_root):
    media_root = Path(media_root).absolute()
    folder = Path(folder)
    manifest = backup_verify(folder)
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(f"The backup is of a {vendor} database; this installation uses {connection.vendor}.")
    _check_migrations_known(manifest)
    members = media_members(folder / MEDIA_ARCHIVE)
    if vendor == "postgresql":
        _client_tool("pg_restore")
        _client_tool("psql")
    tables = connection.introspection.table_names()
    if tables and not overwrite:
        raise BackupError(
            f"The database already has {len(tables)} tables. Restoring replaces all of its contents; "
            "give --yes to do so."
        )
    if vendor == "postgresql" and overwrite:
        _check_schema_owned(connection)
    # Unpacked before anything is changed: a full disk or a broken archive stops the restore
    # while everything is still as it was.
    staging = _unpack_media(folder / MEDIA_ARCHIVE, members, media_root)
    try:
        # The media first, because their swap can be undone and the database's restore is one
        # transaction: a failed restore of the database puts the old media back, so a failure at
        # any step leaves the old database with the old media.
        swap = _media_swap_in(staging, media_root)
        try:
            _restore_database(connection, folder / DATABASE_FILES[vendor], empty_first=overwrite)
        except BaseException:
            _media_swap_back(swap)
            raise
        shutil.rmtree(swap.aside, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _keep_mode(media_root, members)
    files = sum(1 for member in members if member.isfile())
    return RestoreResult(manifest=manifest, media_files=files, pending_migrations=_pending_migrations(connection))


def migration_heads(connection):
    """Per app, the applied migrations that no other applied migration of the app follows."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    applied = set(loader.applied_migrations)
    heads = defaultdict(list)
    for app, name in sorted(applied):
        node = loader.graph.node_map.get((app, name))
        followed = node is not None and any(child.key in applied and child.key[0] == app for child in node.children)
        if not followed:
            heads[app].append(name)
    return dict(heads)


def media_members(archive):
    """The members of a media archive, once each is known to stay inside the media folder:
    no absolute path, no '..', no link leading out, no device or other special file."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = tar.getmembers()
    except (OSError, tarfile.TarError, EOFError) as exc:
        raise BackupError(f"The media archive cannot be read: {exc}") from None
    for member in members:
        _check_member(member)
    return members


# --- Making a backup ---------------------------------------------------------------------------


def _dump_database(connection, target):
    """Writes the database to `target`; returns what the manifest says about how."""
    if connection.vendor == "sqlite":
        _write_private(target, b"")
        copy = sqlite3.connect(target)
        try:
            connection.ensure_connection()
            # The online backup API copies a consistent picture while the app keeps running.
            connection.connection.backup(copy)
        except (sqlite3.Error, DatabaseError) as exc:
            raise BackupError(f"The SQLite database could not be copied: {exc}") from None
        finally:
            copy.close()
        fsync_file(target)
        return {"method": "sqlite3 online backup", "server_version": sqlite3.sqlite_version}
    pg_dump = _client_tool("pg_dump")
    command = [pg_dump, "--format=custom", "--no-owner", "--no-privileges", "--dbname", _conninfo(connection)]
    with _private_file(target) as out:
        _run(command, connection, stdout=out)
        out.flush()
        os.fsync(out.fileno())
    asked = subprocess.run([pg_dump, "--version"], capture_output=True, text=True, check=False)  # noqa: S603 — no input
    version = asked.stdout.strip()
    return {"method": "pg_dump --format=custom", "tool": version, "server_version": connection.pg_version}


def _archive_media(media_root, target):
    """Packs the media folder (modes kept) into `target`; an absent folder gives an empty archive."""
    files = size = 0
    with _private_file(target) as out, tarfile.open(fileobj=out, mode="w:gz", compresslevel=6) as tar:
        if media_root.is_dir():
            tar.add(media_root, arcname=MEDIA_TOP, filter=_without_restore_leftovers)
            for member in tar.getmembers():
                if member.isfile():
                    files += 1
                    size += member.size
    fsync_file(target)
    return {"files": files, "bytes": size}


def _without_restore_leftovers(member):
    # A restore cut short (a power failure) may leave its hidden folders in the media folder.
    if posixpath.basename(member.name).startswith(STAGING_PREFIX) and posixpath.dirname(member.name) == MEDIA_TOP:
        return None
    return member


def _app_version():
    # Read from pyproject.toml, so a copy of the code without git history still knows it.
    try:
        with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as handle:
            return tomllib.load(handle)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


# --- Checking a backup -------------------------------------------------------------------------


def _sha256(path):
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _file_facts(path):
    return {"sha256": _sha256(path), "size": path.stat().st_size}


def _verify_file(folder, name, facts):
    # Names come from the manifest, so they may only name a file beside it.
    if not isinstance(name, str) or name != Path(name).name or name.startswith("."):
        raise BackupError(f"The backup's manifest names a file outside the backup: {name!r}")
    path = folder / name
    if not path.is_file():
        raise BackupError(f"The backup is missing {name}.")
    if path.stat().st_size != facts["size"] or _sha256(path) != facts["sha256"]:
        raise BackupError(f"{name} has changed since the backup was made (its SHA-256 does not match the manifest).")


def _check_migrations_known(manifest):
    """Refuses a backup made by a newer version: this code could not read its database."""
    known = MigrationLoader(None, ignore_no_migrations=True).graph.nodes
    unknown = sorted(
        f"{app}.{name}"
        for app, names in manifest.get("migrations", {}).items()
        for name in names
        if (app, name) not in known
    )
    if unknown:
        raise BackupError(
            f"The backup was made by another version of the application (version "
            f"{manifest.get('app', {}).get('version', 'unknown')}); these migrations are unknown here: "
            f"{', '.join(unknown)}. Restore it with the version that made it."
        )


def _check_member(member):
    path = PurePosixPath(member.name)
    if path.is_absolute() or ".." in path.parts:
        raise BackupError(f"The media archive has a path leading out of the media folder: {member.name!r}")
    if path.parts[:1] != (MEDIA_TOP,):
        raise BackupError(f"The media archive has a path outside its media folder: {member.name!r}")
    if member.issym() or member.islnk():
        # A symbolic link is read from its own folder; a hard link names another member.
        base = posixpath.dirname(member.name) if member.issym() else ""
        target = posixpath.normpath(posixpath.join(base, member.linkname))
        inside = target == MEDIA_TOP or target.startswith(MEDIA_TOP + "/")
        if posixpath.isabs(member.linkname) or not inside:
            raise BackupError(f"The media archive has a link leading out of the media folder: {member.name!r}")
    elif not (member.isfile() or member.isdir()):
        raise BackupError(f"The media archive has a special file: {member.name!r}")


# --- Restoring ---------------------------------------------------------------------------------


def _unpack_media(archive, members, media_root):
    """Unpacks the archive into a new hidden folder INSIDE the media folder and returns it; the
    media are `<it>/media`. Inside, because the media folder may be a mount point whose parent the
    app cannot write to; and a rename within one folder never crosses a file system."""
    staging = None
    try:
        media_root.mkdir(mode=0o700, parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=media_root, prefix=STAGING_PREFIX))
        with tarfile.open(archive, "r:gz") as tar:
            # The "data" filter repeats the path checks and drops the archive's owners; files
            # keep their modes (0600 stays 0600). It leaves folders at the default mode, so
            # their modes (0700 for evidence) are put back below.
            tar.extractall(staging, members=members, **_DATA_FILTER)  # noqa: S202 — members checked above
        for member in members:
            if member.isdir():
                os.chmod(staging / member.name, member.mode & 0o755)
        if not (staging / MEDIA_TOP).is_dir():
            (staging / MEDIA_TOP).mkdir(mode=0o700)
    except BaseException as exc:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError | tarfile.TarError):
            raise BackupError(f"The media archive could not be unpacked into {media_root}: {exc}") from None
        raise
    return staging


def _restore_database(connection, dump, *, empty_first):
    if connection.vendor == "sqlite":
        source = sqlite3.connect(f"{dump.absolute().as_uri()}?mode=ro", uri=True)
        try:
            connection.ensure_connection()
            # Copied in one step under SQLite's lock: other connections see the old or the new.
            source.backup(connection.connection)
        except (sqlite3.Error, DatabaseError) as exc:
            raise BackupError(f"The SQLite database could not be restored: {exc}") from None
        finally:
            source.close()
        return
    # This process holds no lock, but an idle connection of its own has no business staying open.
    connection.close()
    # pg_restore --clean cannot drop a table that a newer table (of a later migration) refers to,
    # so an older backup is restored into an emptied schema instead. pg_restore writes its SQL to
    # a private file and psql runs it after the emptying, all in one transaction: a failure
    # leaves the database as it was.
    handle, script = tempfile.mkstemp(prefix="los-restore-", suffix=".sql")  # made 0600
    os.close(handle)
    try:
        _run(
            [_client_tool("pg_restore"), "--no-owner", "--no-privileges", "--file", script, str(dump)],
            connection,
            stdout=subprocess.DEVNULL,
        )
        command = [_client_tool("psql"), "--no-psqlrc", "--quiet", "--single-transaction"]
        command += ["--set", "ON_ERROR_STOP=1", "--dbname", _conninfo(connection)]
        if empty_first:
            command += ["--command", "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;"]
        _run([*command, "--file", script], connection, stdout=subprocess.DEVNULL)
    finally:
        os.unlink(script)


def _check_schema_owned(connection):
    """Refuses, before anything is changed, when the database user cannot empty the schema."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_has_role(current_user, nspowner, 'USAGE'), pg_get_userbyid(nspowner), current_user "
            "FROM pg_namespace WHERE nspname = 'public'"
        )
        row = cursor.fetchone()
    if row is not None and not row[0]:
        raise BackupError(
            f"Restoring over the database first empties its schema public, which only the schema's owner "
            f"({row[1]}) may do, not {row[2]}. Run the restore as the owner of the database (the role that "
            "runs migrate), or restore into a new, empty database without --yes."
        )


@dataclass
class _MediaSwap:
    root: Path  # the media folder; it stays where it is (it may be a mount point)
    new: Path  # where the restored media were unpacked
    aside: Path  # a hidden folder inside `root` holding the old media until the restore succeeds
    moved_in: list
    moved_aside: list


def _media_swap_in(staging, media_root):
    """Moves the media folder's contents into a hidden folder inside it and the restored media
    into it. Renames inside one folder only; the media folder itself is never renamed. On failure
    everything is put back and BackupError raised."""
    try:
        aside = Path(tempfile.mkdtemp(dir=media_root, prefix=STAGING_PREFIX))
    except OSError as exc:
        raise BackupError(f"The media folder {media_root} could not be replaced: {exc}") from None
    swap = _MediaSwap(root=media_root, new=staging / MEDIA_TOP, aside=aside, moved_in=[], moved_aside=[])
    try:
        for child in sorted(media_root.iterdir()):
            if child.name not in (staging.name, aside.name):
                os.rename(child, aside / child.name)
                swap.moved_aside.append(child.name)
        for child in sorted(swap.new.iterdir()):
            os.rename(child, media_root / child.name)
            swap.moved_in.append(child.name)
    except OSError as exc:
        _media_swap_back(swap)
        raise BackupError(f"The media folder {media_root} could not be replaced (it is as it was): {exc}") from None
    return swap


def _media_swap_back(swap):
    """Undoes `_media_swap_in`: the restored media go back to their staging folder, the old ones up."""
    try:
        for name in reversed(swap.moved_in):
            os.rename(swap.root / name, swap.new / name)
        for name in reversed(swap.moved_aside):
            os.rename(swap.aside / name, swap.root / name)
        os.rmdir(swap.aside)
    except OSError as exc:
        raise BackupError(
            f"The media folder {swap.root} could not be put back as it was ({exc}); "
            f"its old contents are in {swap.aside}."
        ) from None


def _keep_mode(media_root, members):
    """Gives the media folder the mode it had in the backup, when allowed: a mount point may
    belong to another user, and its mode is then the business of whoever mounted it."""
    top = next((member for member in members if member.name == MEDIA_TOP and member.isdir()), None)
    if top is not None:
        with contextlib.suppress(PermissionError):
            os.chmod(media_root, top.mode & 0o755)


def _pending_migrations(connection):
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


# --- Client tools and private files ------------------------------------------------------------


def _client_tool(name):
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} was not found: {CLIENT_PACKAGE_HINT}.")
    return path


def _conninfo(connection):
    """The database name as a libpq connection string, so no name is ever read as an option."""
    name = str(connection.settings_dict["NAME"]).replace("\\", "\\\\").replace("'", "\\'")
    return f"dbname='{name}'"


def _libpq_environment(connection):
    env = dict(os.environ)
    params = connection.settings_dict
    for setting, variable in _LIBPQ_SETTINGS.items():
        if params.get(setting):
            env[variable] = str(params[setting])
    for option, variable in _LIBPQ_OPTIONS.items():
        if params.get("OPTIONS", {}).get(option):
            env[variable] = str(params["OPTIONS"][option])
    return env


def _run(command, connection, *, stdout):
    tool = Path(command[0]).name
    try:
        completed = subprocess.run(  # noqa: S603 — an argument list of our own, no shell
            command, env=_libpq_environment(connection), stdout=stdout, stderr=subprocess.PIPE, check=False
        )
    except OSError as exc:
        raise BackupError(f"{tool} could not be started: {exc}") from None
    if completed.returncode != 0:
        message = completed.stderr.decode(errors="replace").strip()
        raise BackupError(f"{tool} failed (exit code {completed.returncode}): {message}")


def _private_file(path):
    """A new file only its owner can read: the backup holds case data."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")


def _write_private(path, content):
    with _private_file(path) as out:
        out.write(content)
        out.flush()
        os.fsync(out.fileno())
