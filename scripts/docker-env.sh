#!/bin/sh
# Writes a new .env for docker-compose.yml: every setting of .env.example, with NODE_ENV=production
# and fresh secrets (the token signing secret, a note encryption key, and the passwords of
# PostgreSQL's superuser and of TrustPath's two database roles).
#
#   sh scripts/docker-env.sh         writes .env beside docker-compose.yml
#   sh scripts/docker-env.sh FILE    writes FILE
#
# It never replaces a file: the key in an existing .env is the only way to read the notes already
# stored, and the passwords are the ones the database was created with.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
target=${1:-$root/.env}
if [ -e "$target" ]; then
  echo "$target already exists; it is left as it is (its key decrypts the notes already stored)." >&2
  exit 1
fi
if ! command -v openssl >/dev/null 2>&1; then
  echo "openssl is needed to make the secrets." >&2
  exit 1
fi
secret() { openssl rand -hex 32; }
key_id=$(date -u +%Y-%m)
umask 077
awk -v jwt="$(secret)" -v keys="$key_id:$(openssl rand -base64 32)" -v key_id="$key_id" \
  -v postgres="$(secret)" -v owner="$(secret)" -v app="$(secret)" -v when="$(date -u +%Y-%m-%d)" '
  BEGIN {
    FS = "="
    print "# Written by scripts/docker-env.sh on " when ". Keep a copy of NOTES_ENCRYPTION_KEYS somewhere safe"
    print "# and apart from the database backups: without it no session note can be read."
    print ""
  }
  $1 == "NODE_ENV" { print "NODE_ENV=production"; next }
  $1 == "JWT_SECRET" { print "JWT_SECRET=" jwt; next }
  $1 == "NOTES_ENCRYPTION_KEYS" { print "NOTES_ENCRYPTION_KEYS=" keys; next }
  $1 == "NOTES_ENCRYPTION_KEY_ID" { print "NOTES_ENCRYPTION_KEY_ID=" key_id; next }
  $1 == "POSTGRES_PASSWORD" { print "POSTGRES_PASSWORD=" postgres; next }
  $1 == "TRUSTPATH_OWNER_PASSWORD" { print "TRUSTPATH_OWNER_PASSWORD=" owner; next }
  $1 == "TRUSTPATH_APP_PASSWORD" { print "TRUSTPATH_APP_PASSWORD=" app; next }
  { print }
' "$root/.env.example" >"$target.partial"
mv "$target.partial" "$target"
echo "wrote $target" >&2
