#!/usr/bin/env bash
# Build the self-contained FacePay bundle for Linux x86-64: a PyInstaller one-folder build that runs
# `facepay kiosk|desk|admin|doctor|bank serve` on a machine without Python.
#
#   installer/build.sh [--minifasnet-from DIR | --without-liveness-models] [--out DIR]
#
# The CC0 dlib models go in the bundle and are checked against their pinned SHA-256 by the bundle
# itself. The MiniFASNet weights are fetched from their pinned upstream source, or taken from DIR
# when offline (SHA-256 checked either way); --without-liveness-models leaves them for the first
# run (`facepay models fetch`). Prints the build time and the bundle's size.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
started=$(date +%s)

minifasnet=""
without_liveness=0
out="$REPO/installer/dist"
while [ $# -gt 0 ]; do
  case "$1" in
    --minifasnet-from) minifasnet=$(realpath "$2"); shift 2 ;;
    --without-liveness-models) without_liveness=1; shift ;;
    --out) out=$(realpath -m "$2"); shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "build.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ "$(uname -m)" != "x86_64" ] || [ "$(uname -s)" != "Linux" ]; then
  echo "build.sh: the bundle is built for Linux x86-64, on Linux x86-64 (this is $(uname -s) $(uname -m))" >&2
  exit 2
fi

work="$REPO/installer/.build"
mkdir -p "$work" "$out"
# A build environment of its own: the project as a user installs it (not editable), and PyInstaller.
if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
fi
"$work/venv/bin/pip" install -q --upgrade "pyinstaller>=6.10,<7"
"$work/venv/bin/pip" install -q --force-reinstall --no-deps . && "$work/venv/bin/pip" install -q .

version=$("$work/venv/bin/python" -c 'import pos_app; print(pos_app.__version__)')
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
name="facepay-$version-$commit-linux-x86_64"
echo "building $name"
rm -rf "$work/dist" "$work/pyinstaller"
"$work/venv/bin/pyinstaller" --noconfirm --log-level WARN --distpath "$work/dist" --workpath "$work/pyinstaller" \
  installer/facepay.spec
bundle="$work/dist/facepay"
printf 'version=%s\ncommit=%s\nbuilt=%s\n' "$version" "$commit" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$bundle/VERSION"

# The liveness weights, checked by the bundle's own code against the pinned SHA-256.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
if [ "$without_liveness" = 0 ]; then
  from=()
  [ -n "$minifasnet" ] && from=(--from "$minifasnet")
  if ! FACEPAY_MODELS_DIR="$bundle/models" "$bundle/facepay" --data-dir "$scratch" models fetch "${from[@]}"; then
    echo "build.sh: no MiniFASNet weights; offline, pass --minifasnet-from DIR (or --without-liveness-models)" >&2
    exit 1
  fi
fi

# The bundle proves itself: it starts without Python, and its model files match their checksums.
skip="config,data dir,disk,database,migrations,opencv,keys,camera,bank"
[ "$without_liveness" = 1 ] && skip="$skip,liveness"
FACEPAY_MODELS_DIR="$bundle/models" "$bundle/facepay" --data-dir "$scratch" doctor --skip "$skip"

tarball="$out/$name.tar.gz"
rm -f "$tarball"
tar -C "$work/dist" -czf "$tarball.part" facepay && mv "$tarball.part" "$tarball"
elapsed=$(( $(date +%s) - started ))
echo "bundle:    $bundle ($(du -sh "$bundle" | cut -f1) unpacked)"
echo "archive:   $tarball ($(du -h "$tarball" | cut -f1))"
echo "build time: ${elapsed} s"
