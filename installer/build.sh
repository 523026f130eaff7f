#!/usr/bin/env bash
# Build the self-contained FacePay bundle for Linux x86-64: a PyInstaller one-folder build that runs
# `facepay kiosk|desk|admin|doctor|bank serve` on a machine without Python.
#
#   installer/build.sh [--release-key KEY.pem] [--out DIR]
#
# The bundle carries MANIFEST.sha256 (every file's SHA-256), signed with the release key
# (Ed25519, PEM) into MANIFEST.sha256.sig; install.sh refuses a bundle whose signature or files
# do not match. Without --release-key the manifest is unsigned (for local tests only).
#
# Every model file ships inside the package (facepay_resources/models: MediaPipe's detector and
# mesh, dlib's public-domain ResNet, the MiniFASNet pair), so the bundle needs nothing fetched; the
# bundle checks them against the model registry's pinned SHA-256 itself, and the build fails if a
# file the registry does not know, or dlib's non-commercial 68-point model, is in it. Prints the
# build time and the bundle's size.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
started=$(date +%s)

out="$REPO/installer/dist"
release_key=""
while [ $# -gt 0 ]; do
  case "$1" in
    --release-key) release_key=$(realpath "$2"); shift 2 ;;
    --out) out=$(realpath -m "$2"); shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
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

# Every model-like file in the bundle is one the registry lists (licensed for commercial use); so
# never dlib's non-commercial 68-point model (issue 13). matplotlib's sample data is not a model.
registered=$("$work/venv/bin/python" -c 'from pos_app.vision.model_files import SHIPPED; print("\n".join(m.filename for m in SHIPPED))')
stray=$(find "$bundle" -type f \( -name '*.dat' -o -name '*.tflite' -o -name '*.pth' -o -name '*.onnx' \) \
          ! -path '*/mpl-data/*' -printf '%f\n' | sort | grep -vxF -f <(echo "$registered") || true)
if [ -n "$stray" ]; then
  echo "build.sh: the bundle holds model files the registry does not list; refusing to ship them: $stray" >&2
  exit 1
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# The bundle proves itself: it starts without Python, its model files match their pins, no
# unregistered model sits beside them, and it lists its models with their licences.
skip="config,data dir,disk,database,migrations,opencv,qt,keys,seller,printer,camera,bank"
"$bundle/facepay" --data-dir "$scratch" doctor --skip "$skip"
"$bundle/facepay" --data-dir "$scratch" models list > "$bundle/MODELS.txt"

# The installer accepts only regular files and folders (a symlink could point anywhere on the
# kiosk once installed). PyInstaller links some duplicate libraries: each becomes a copy of its
# target, which must lie inside the bundle; empty folders are dropped.
find "$bundle" -type l -print0 | while IFS= read -r -d '' link; do
  target=$(readlink -f "$link")
  case "$target" in "$bundle"/*) ;; *) echo "build.sh: $link points outside the bundle ($target)" >&2; exit 1 ;; esac
  rm "$link" && cp -a --dereference "$target" "$link"
done
find "$bundle" -mindepth 1 -type d -empty -delete

# Last: the manifest of every file, signed, so that install.sh can prove the bundle is this one.
installer/manifest.sh write "$bundle" "$release_key"

tarball="$out/$name.tar.gz"
rm -f "$tarball"
tar -C "$work/dist" -czf "$tarball.part" facepay && mv "$tarball.part" "$tarball"
elapsed=$(( $(date +%s) - started ))
echo "bundle:    $bundle ($(du -sh "$bundle" | cut -f1) unpacked)"
echo "archive:   $tarball ($(du -h "$tarball" | cut -f1))"
echo "build time: ${elapsed} s"
