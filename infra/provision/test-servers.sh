#!/usr/bin/env bash
# Makes the local test servers available for the harness in infra/test-servers (used only when no
# URL is given in the environment and no Docker engine answers), and the tools tests run (promtool,
# hadolint).
# Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/../.."
echo "event store: embedded (infra/eventstore-server), nothing to provision"
bash infra/provision/kafka.sh
bash infra/provision/mongodb.sh
bash infra/provision/postgresql.sh
bash infra/provision/otelcol.sh
bash infra/provision/promtool.sh
bash infra/provision/hadolint.sh
