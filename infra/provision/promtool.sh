#!/usr/bin/env bash
# Builds Prometheus's promtool into .tools/bin/promtool for the unit tests of the alert rules
# (`promtool test rules`, see infra/test-servers/promtool.ts). Needs Go 1.26.7+ and the Go module
# proxy. A quick no-op once built; Go's own caches (~/.cache/go-build, ~/go/pkg/mod) are kept, so a
# fresh clone on a machine that built it before only links (seconds), while a first build compiles
# about 1,500 packages (Prometheus's service discovery brings the Kubernetes and cloud SDKs).
set -euo pipefail
cd "$(dirname "$0")/../.."

# The Go module v0.316.0 is Prometheus 3.16.0.
version=v0.316.0
binary="$PWD/.tools/bin/promtool"
stamp="$binary.version"
built() { [[ -x "$binary" && -f "$stamp" && "$(cat "$stamp")" == "$version" ]]; }

if built; then
  echo "promtool $version: already built in $binary"
  exit 0
fi

for tool in go flock; do
  command -v "$tool" >/dev/null || { echo "promtool.sh: '$tool' is not on PATH" >&2; exit 1; }
done
go_minor="$(go env GOVERSION | sed -n 's/^go1\.\([0-9]*\).*/\1/p')"
if [[ -z "$go_minor" || "$go_minor" -lt 26 ]]; then
  echo "promtool.sh: Prometheus $version needs Go 1.26.7+, found $(go env GOVERSION)" >&2
  exit 1
fi

mkdir -p "$(dirname "$binary")"
exec 9>"$binary.lock"
flock 9
if built; then
  echo "promtool $version: already built in $binary"
  exit 0
fi

echo "promtool $version: building from the Go module proxy into $binary"
started=$SECONDS
partial="$(mktemp -d "$PWD/.tools/promtool-build.XXXXXX")"
trap 'rm -rf "$partial"' EXIT
# `go install module@version` builds outside this repository, from the module's own go.mod and
# go.sum. The dedicated GOBIN keeps a failed build from leaving a half-written binary behind.
GOBIN="$partial" go install "github.com/prometheus/prometheus/cmd/promtool@$version"
"$partial/promtool" --help >/dev/null
mv "$partial/promtool" "$binary"
echo "$version" >"$stamp"
echo "promtool $version: built $binary in $((SECONDS - started)) s"
