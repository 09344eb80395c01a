"""Backups (README, "Backups"): scripts/backup.sh dumps the PostgreSQL database with pg_dump and
archives the uploaded files; scripts/restore.sh restores both into an empty database and folder; every
row of every table and every uploaded file comes back intact."""

import hashlib
import os
import subprocess
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from psycopg import sql

from awards.domain import add_attachment
from awards.enums import AttachmentKind
from campaigns.domain import scoring
from tests.awards.factories import NominationFactory
from tests.campaigns.factories_scoring import ScoringCampaignFactory, ScoringPhaseFactory, make_sheet
from tests.world import build_world

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(
        django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="pg_dump and pg_restore back up PostgreSQL: this run is on SQLite (set DATABASE_URL)",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def postgres():
    return connection.settings_dict


def _url(params, name):
    auth = quote(params["USER"] or "", safe="")
    if params.get("PASSWORD"):
        auth += ":" + quote(params["PASSWORD"], safe="")
    return f"postgres://{auth}@{params['HOST'] or 'localhost'}:{params['PORT'] or 5432}/{name}"


def _table_fingerprints(url):
    """{table: (row count, md5 of every row's text in a fixed order)} of the public schema."""
    with psycopg.connect(url) as db:
        tables = [row[0] for row in db.execute("select tablename from pg_tables where schemaname = 'public'")]
        fingerprints = {}
        for table in sorted(tables):
            query = sql.SQL("select count(*), md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from {} t")
            fingerprints[table] = tuple(db.execute(query.format(sql.Identifier(table))).fetchone())
        files = []
        for table in ("awards_nominationattachment", "campaigns_evidencefile"):
            if table in fingerprints:
                query = sql.SQL("select file from {} order by file").format(sql.Identifier(table))
                files += [row[0] for row in db.execute(query)]
    return fingerprints, sorted(files)


def _checksums(folder):
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _run(script, *args, env):
    return subprocess.run(
        ["bash", str(ROOT / "scripts" / script), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_dump_restored_into_an_empty_database_has_every_record_and_file(postgres, settings, tmp_path):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    world = build_world()
    nomination = NominationFactory(unit=world.grassroots_a, member=world.member_a)
    uploads = [
        (AttachmentKind.ACHIEVEMENT_REPORT, "Báo cáo thành tích.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40),
        (AttachmentKind.COUNCIL_MINUTES, "Biên bản họp.docx", b"PK\x03\x04" + os.urandom(5000)),
    ]
    for kind, name, content in uploads:
        add_attachment(nomination, kind=kind, upload=SimpleUploadedFile(name, content), by=world.officer_a)
    campaign = ScoringCampaignFactory(launched_by=world.district_a)
    phase = ScoringPhaseFactory(campaign=campaign)
    make_sheet(campaign, world.grassroots_a.block, by=world.staff_a)
    assessment = scoring.start_assessment(phase=phase, unit=world.grassroots_a, by=world.officer_a)
    criterion = assessment.entries.first().criterion_id
    evidence = SimpleUploadedFile("Minh chứng.png", b"\x89PNG\r\n\x1a\n" + os.urandom(3000))
    scoring.save_self_scores(assessment, by=world.officer_a, scores={}, vetoes=[], files={criterion: [evidence]})

    source_url = _url(postgres, postgres["NAME"])
    before, files = _table_fingerprints(source_url)
    assert len(files) == 3
    assert before["awards_nominationattachment"][0] == 2
    assert before["campaigns_evidencefile"][0] == 1
    assert before["auth_user"][0] == 5
    media_before = _checksums(media)
    assert sorted(media_before) == files

    backup = tmp_path / "backup"
    done = _run("backup.sh", str(backup), env={"DATABASE_URL": source_url, "MEDIA_ROOT": str(media)})
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in backup.iterdir()) == ["SHA256SUMS", "database.dump", "media.tar.gz"]

    restored_name = f"{postgres['NAME']}_restored"
    restored_url = _url(postgres, restored_name)
    admin_url = _url(postgres, "postgres")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(sql.SQL("drop database if exists {}").format(sql.Identifier(restored_name)))
        admin.execute(sql.SQL("create database {}").format(sql.Identifier(restored_name)))
    try:
        restored_media = tmp_path / "restored-media"
        env = {"DATABASE_URL": restored_url, "MEDIA_ROOT": str(restored_media)}
        done = _run("restore.sh", str(backup), env=env)
        assert done.returncode == 0, done.stderr

        after, restored_files = _table_fingerprints(restored_url)
        assert after == before
        assert restored_files == files
        assert _checksums(restored_media) == media_before

        # Restoring again over what is now there is refused, and changes nothing.
        again = _run("restore.sh", str(backup), env={**env, "MEDIA_ROOT": str(tmp_path / "other-media")})
        assert again.returncode == 2
        assert "The database already has" in again.stderr
        assert _table_fingerprints(restored_url)[0] == before
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(restored_name)))


def test_a_damaged_backup_is_refused_before_anything_is_restored(postgres, tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    (media / "a.txt").write_text("minh chứng")
    backup = tmp_path / "backup"
    source_url = _url(postgres, postgres["NAME"])
    assert _run("backup.sh", str(backup), env={"DATABASE_URL": source_url, "MEDIA_ROOT": str(media)}).returncode == 0
    with (backup / "media.tar.gz").open("r+b") as archive:
        archive.seek(20)
        archive.write(b"\x00\x01\x02")
    restored_name = f"{postgres['NAME']}_damaged"
    admin_url = _url(postgres, "postgres")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(sql.SQL("drop database if exists {}").format(sql.Identifier(restored_name)))
        admin.execute(sql.SQL("create database {}").format(sql.Identifier(restored_name)))
    try:
        restored_media = tmp_path / "restored-media"
        env = {"DATABASE_URL": _url(postgres, restored_name), "MEDIA_ROOT": str(restored_media)}
        done = _run("restore.sh", str(backup), env=env)
        assert done.returncode != 0
        assert "media.tar.gz: FAILED" in done.stdout + done.stderr
        assert _table_fingerprints(_url(postgres, restored_name))[0] == {}
        assert not restored_media.exists()
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(restored_name)))
