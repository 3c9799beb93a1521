#!/usr/bin/env bash
# Prints the SQL that brings a database built from the committed migrations up to prisma/schema.prisma.
# Empty output (only comments) means the migrations match the schema.
#
# Why not `prisma migrate diff --from-migrations`: with the WebAssembly schema engine it replays each
# migration through the driver adapter's single-statement executeRaw, which rejects multi-statement
# files. `migrate deploy` and `db pull` work, so: apply the migrations to a scratch file, pull its
# schema, and diff that against the datamodel.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
printf 'datasource db {\n  provider = "sqlite"\n  url      = "file:./unused.db"\n}\n' >"$scratch/pulled.prisma"
export DATABASE_URL="file:$scratch/migrated.db"
npx prisma migrate deploy >"$scratch/log" 2>&1 || { cat "$scratch/log" >&2; exit 1; }
npx prisma db pull --schema "$scratch/pulled.prisma" >"$scratch/log" 2>&1 || { cat "$scratch/log" >&2; exit 1; }
npx prisma migrate diff --from-schema-datamodel "$scratch/pulled.prisma" \
  --to-schema-datamodel prisma/schema.prisma --script 2>/dev/null
