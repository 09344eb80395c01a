#!/usr/bin/env bash
# Back up unionsite: the PostgreSQL database (pg_dump, custom format) and the uploaded files (a tar of
# MEDIA_ROOT), with their SHA-256 sums, into one new folder.
#
#   DATABASE_URL=postgres://user@host:5432/unionsite MEDIA_ROOT=/srv/unionsite/media \
#       scripts/backup.sh [FOLDER]          # default: backups/<date-time>/
#
# Run it while the site is up: pg_dump reads one consistent snapshot of the database. A file
# uploaded during the run may be in the archive without its row (harmless) but never the other way
# round, as the files are archived after the dump. See README.md, "Backups".
set -euo pipefail

: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database to back up}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) echo "backup.sh backs up PostgreSQL only (DATABASE_URL=$DATABASE_URL)" >&2; exit 2 ;;
esac
MEDIA_ROOT="${MEDIA_ROOT:-$(dirname "$0")/../var/media}"
target="${1:-backups/$(date +%Y%m%d-%H%M%S)}"
if [ -e "$target" ] && [ -n "$(ls -A "$target")" ]; then
  echo "$target is not empty: choose a new folder" >&2
  exit 2
fi
mkdir -p "$target" "$MEDIA_ROOT"

pg_dump --format=custom --no-owner --no-privileges --file="$target/database.dump" "$DATABASE_URL"
tar -C "$MEDIA_ROOT" -czf "$target/media.tar.gz" .
(cd "$target" && sha256sum database.dump media.tar.gz >SHA256SUMS)
echo "Backup written to $target"
