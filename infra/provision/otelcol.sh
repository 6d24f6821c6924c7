#!/usr/bin/env bash
# Builds the OpenTelemetry Collector of infra/test-servers/otelcol (the OTLP receiver and the file
# exporter, collector v0.161.0) into .tools/bin/otelcol for the local OTLP receiver of
# infra/test-servers/otlp.ts (used when no OTEL_EXPORTER_OTLP_ENDPOINT is given and no Docker engine
# answers). Needs Go 1.26+ and the Go module proxy. A quick no-op while the binary matches the
# sources; Go's own caches (~/.cache/go-build, ~/go/pkg/mod) are kept, so a fresh clone on a machine
# that built it before only links (seconds), while a first build takes a few minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")/../.."

module=infra/test-servers/otelcol
binary="$PWD/.tools/bin/otelcol"
stamp="$binary.build-id"
build_id="$(cat "$module/go.mod" "$module/go.sum" "$module"/*.go | sha256sum | cut -c1-16)"
built() { [[ -x "$binary" && -f "$stamp" && "$(cat "$stamp")" == "$build_id" ]]; }

if built; then
  echo "otelcol: already built in $binary"
  exit 0
fi

for tool in go sha256sum flock; do
  command -v "$tool" >/dev/null || { echo "otelcol.sh: '$tool' is not on PATH" >&2; exit 1; }
done
go_minor="$(go env GOVERSION | sed -n 's/^go1\.\([0-9]*\).*/\1/p')"
if [[ -z "$go_minor" || "$go_minor" -lt 26 ]]; then
  echo "otelcol.sh: the collector module needs Go 1.26+, found $(go env GOVERSION)" >&2
  exit 1
fi

mkdir -p "$(dirname "$binary")"
# The int and e2e projects may start their global setups at the same moment: one build at a time.
exec 9>"$binary.lock"
flock 9
if built; then
  echo "otelcol: already built in $binary"
  exit 0
fi

echo "otelcol: building $module from the Go module proxy into $binary"
started=$SECONDS
# -mod=readonly: go.mod and go.sum are committed and must already be complete.
(cd "$module" && CGO_ENABLED=0 go build -mod=readonly -trimpath -buildvcs=false -o "$binary.partial" .)
reported="$("$binary.partial" --version)"
if [[ "$reported" != otelcol-order-ledger* ]]; then
  echo "otelcol.sh: the new binary reports: $reported" >&2
  exit 1
fi
mv "$binary.partial" "$binary"
echo "$build_id" >"$stamp"
echo "otelcol: built $binary in $((SECONDS - started)) s"
