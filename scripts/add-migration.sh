#!/usr/bin/env bash
# Adds an EF Core migration for both providers: scripts/add-migration.sh <Name>
# Migrations live in migrations/Sqlite and migrations/Postgres and compile into Delegations.Web.
set -euo pipefail
name="${1:?usage: scripts/add-migration.sh <MigrationName>}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  (cd src/Delegations.Web && dotnet ef migrations add "$name" --context "${provider}DelegationsDbContext" \
     --output-dir "../../migrations/$provider" --namespace "Delegations.Migrations.$provider")
  # EF writes a first snapshot where the namespace points; keep it with its migrations.
  if [ -d src/Delegations.Web/Delegations ]; then
    find src/Delegations.Web/Delegations -name '*ModelSnapshot.cs' -exec mv -f {} "migrations/$provider/" \;
    rm -rf src/Delegations.Web/Delegations
  fi
done
