#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database and an empty media folder.
#
#   createdb -h host -U user unionsite_restored
#   DATABASE_URL=postgres://user@host:5432/unionsite_restored MEDIA_ROOT=/srv/unionsite/media-restored \
#       scripts/restore.sh backups/20261130-0200
#
# The sums are checked first; the database is restored in one transaction (all or nothing) and
# refuses a database that already has tables; the media folder must be empty or absent. Then point
# the site's DATABASE_URL and MEDIA_ROOT at them. See README.md, "Backups".
set -euo pipefail

source_dir="${1:?give the backup folder (with database.dump, media.tar.gz, SHA256SUMS)}"
: "${DATABASE_URL:?set DATABASE_URL to the empty PostgreSQL database to restore into}"
: "${MEDIA_ROOT:?set MEDIA_ROOT to the empty folder for the uploaded files}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) echo "restore.sh restores into PostgreSQL only (DATABASE_URL=$DATABASE_URL)" >&2; exit 2 ;;
esac
if [ -e "$MEDIA_ROOT" ] && [ -n "$(ls -A "$MEDIA_ROOT")" ]; then
  echo "$MEDIA_ROOT is not empty: restore the files into a new folder" >&2
  exit 2
fi
tables="$(psql "$DATABASE_URL" -Atc "select count(*) from pg_tables where schemaname = 'public'")"
if [ "$tables" != "0" ]; then
  echo "The database already has $tables tables: restore into a new, empty database" >&2
  exit 2
fi

(cd "$source_dir" && sha256sum --check --quiet SHA256SUMS)
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$DATABASE_URL" \
  "$source_dir/database.dump"
mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -xzf "$source_dir/media.tar.gz"
echo "Restored $source_dir"
