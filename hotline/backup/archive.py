"""Backup and restore of the whole platform: the database and the attachments.

An archive is a .tar.gz holding `manifest.json` (engine, time, migration state, row
counts, file checksums), the database in the engine's native form (SQLite: an online
backup of the file through the sqlite3 backup API; PostgreSQL: `pg_dump -Fc`), and
`media/`. Restore checks every checksum and the engine before it touches anything.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder

from hotline import clock

FORMAT_VERSION = 1


class BackupError(Exception):
    pass


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"unsupported database engine: {vendor}")
    return vendor


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _binary(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} not found: install the PostgreSQL client tools")
    return path


def _pg_env() -> tuple[list[str], dict[str, str]]:
    cfg = connection.settings_dict
    args = ["-h", cfg.get("HOST") or "127.0.0.1", "-p", str(cfg.get("PORT") or 5432)]
    if cfg.get("USER"):
        args += ["-U", cfg["USER"]]
    env = dict(os.environ)
    if cfg.get("PASSWORD"):
        env["PGPASSWORD"] = cfg["PASSWORD"]
    return args, env


def _dump_database(target: Path) -> str:
    engine = _engine()
    if engine == "sqlite":
        connection.ensure_connection()
        dest = sqlite3.connect(target)
        try:
            connection.connection.backup(dest)
        finally:
            dest.close()
        return "database.sqlite3"
    args, env = _pg_env()
    subprocess.run(  # noqa: S603 - fixed binary, arguments from settings
        [_binary("pg_dump"), "-Fc", "--no-owner", "-f", str(target), *args, connection.settings_dict["NAME"]],
        check=True, env=env, capture_output=True,
    )
    return "database.pgdump"


def _counts() -> dict[str, int]:
    from hotline.cases.models import Attachment, Case, CaseEvent

    return {"cases": Case.objects.count(), "events": CaseEvent.objects.count(),
            "attachments": Attachment.objects.count()}


def create(out: Path) -> dict:
    """Write a backup archive to `out` and return its manifest."""
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        db_name = "database.sqlite3" if _engine() == "sqlite" else "database.pgdump"
        _dump_database(tmpdir / db_name)
        files = {db_name: _sha256(tmpdir / db_name)}
        media_files = sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []
        for path in media_files:
            files["media/" + path.relative_to(media).as_posix()] = _sha256(path)
        manifest = {
            "format": FORMAT_VERSION,
            "engine": _engine(),
            "created_at": clock.now().isoformat(),
            "migrations": sorted(
                f"{app}.{name}" for app, name in MigrationRecorder.Migration.objects.values_list("app", "name")
            ),
            "counts": _counts(),
            "files": files,
        }
        out.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(out, "w:gz") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(tmpdir / db_name, arcname=db_name)
            for path in media_files:
                tar.add(path, arcname="media/" + path.relative_to(media).as_posix())
    return manifest


def _safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for member in tar.getmembers():
        name = member.name
        if name.startswith("/") or ".." in Path(name).parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"unsafe path in archive: {name}")
        members.append(member)
    return members


def restore(archive: Path) -> dict:
    """Replace the database and the attachments with the archive's content."""
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(tmpdir, members=_safe_members(tar), filter="data")
        manifest_path = tmpdir / "manifest.json"
        if not manifest_path.exists():
            raise BackupError("not a hotline backup: manifest.json missing")
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("format") != FORMAT_VERSION:
            raise BackupError(f"unsupported backup format {manifest.get('format')}")
        if manifest["engine"] != _engine():
            raise BackupError(f"backup is for {manifest['engine']}, this database is {_engine()}")
        for name, digest in manifest["files"].items():
            path = tmpdir / name
            if not path.exists() or _sha256(path) != digest:
                raise BackupError(f"checksum mismatch for {name}: archive damaged")
        db_file = tmpdir / ("database.sqlite3" if manifest["engine"] == "sqlite" else "database.pgdump")
        _load_database(db_file)
        media = Path(settings.MEDIA_ROOT)
        if media.exists():
            shutil.rmtree(media)
        if (tmpdir / "media").exists():
            shutil.copytree(tmpdir / "media", media)
        else:
            media.mkdir(parents=True, exist_ok=True)
    return manifest


def _load_database(db_file: Path) -> None:
    if _engine() == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(db_file)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    name = connection.settings_dict["NAME"]
    for conn in connections.all():
        conn.close()
    args, env = _pg_env()
    subprocess.run(  # noqa: S603
        [_binary("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction", "-d", name, *args,
         str(db_file)],
        check=True, env=env, capture_output=True,
    )
