#!/usr/bin/env bash
# Installs Debian's PostgreSQL server programs (initdb, postgres) for the local MongoDB of
# infra/test-servers/mongodb.ts: FerretDB on a PostgreSQL cluster that the test harness makes and
# removes itself (infra/test-servers/postgresql.ts), so no system cluster is wanted. A quick no-op
# when they are there.
set -euo pipefail

found() { compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null; }

if found; then
  echo "postgresql: $(compgen -G '/usr/lib/postgresql/*/bin/postgres' | sort -V | tail -1)"
  exit 0
fi
command -v apt-get >/dev/null || { echo "postgresql.sh: no apt-get; install PostgreSQL's server programs" >&2; exit 1; }
sudo=$([ "$(id -u)" = 0 ] || echo sudo)
# Debian's package would otherwise create and start a cluster of its own (port 5432) that no test uses.
$sudo mkdir -p /etc/postgresql-common
echo 'create_main_cluster = false' | $sudo tee /etc/postgresql-common/createcluster.conf >/dev/null
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
found || { echo "postgresql.sh: apt-get installed no /usr/lib/postgresql/*/bin/postgres" >&2; exit 1; }
echo "postgresql: $(compgen -G '/usr/lib/postgresql/*/bin/postgres' | sort -V | tail -1)"
