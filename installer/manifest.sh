#!/usr/bin/env bash
# The bundle's signed manifest: every file's SHA-256 in MANIFEST.sha256, signed with the release
# key (Ed25519) into MANIFEST.sha256.sig. Used by build.sh (write) and install.sh (check).
#
#   installer/manifest.sh write BUNDLE_DIR [RELEASE_KEY.pem]
#   installer/manifest.sh check BUNDLE_DIR RELEASE_PUBKEY.pem
set -euo pipefail
MANIFEST=MANIFEST.sha256
SIG=MANIFEST.sha256.sig

files() {  # every file of the bundle but the manifest and its signature, in a stable order
  (cd "$1" && find . -type f ! -name "$MANIFEST" ! -name "$SIG" -print0 | LC_ALL=C sort -z)
}

only_files_and_folders() {  # a symlink, FIFO, socket or device, or a folder no listed file needs
  local odd empty
  odd=$(cd "$1" && find . -mindepth 1 ! -type f ! -type d -print -quit)
  [ -z "$odd" ] || { echo "the bundle holds $odd, which is not a regular file or folder (a symlink, FIFO or device)" >&2; exit 1; }
  empty=$(cd "$1" && find . -mindepth 1 -type d -empty -print -quit)
  [ -z "$empty" ] || { echo "the bundle holds a folder its signed manifest does not list: $empty" >&2; exit 1; }
}

case "${1:-}" in
  write)
    dir=$2; key=${3:-}
    only_files_and_folders "$dir"
    files "$dir" | (cd "$dir" && xargs -0 sha256sum) > "$dir/$MANIFEST"
    rm -f "$dir/$SIG"
    if [ -n "$key" ]; then
      openssl pkeyutl -sign -inkey "$key" -rawin -in "$dir/$MANIFEST" -out "$dir/$SIG"
    else
      echo "manifest.sh: WARNING: the bundle is not signed (no --release-key); install.sh will refuse it" \
           "unless told --allow-unsigned" >&2
    fi
    ;;
  check)
    dir=$2; pub=$3
    [ -f "$dir/$MANIFEST" ] && [ ! -L "$dir/$MANIFEST" ] \
      || { echo "the bundle has no $MANIFEST: it was not made by installer/build.sh" >&2; exit 1; }
    only_files_and_folders "$dir"  # before any file is read: sha256sum would follow a symlink
    if [ "$pub" != "-" ]; then
      [ -f "$dir/$SIG" ] || { echo "the bundle is not signed ($SIG is missing)" >&2; exit 1; }
      openssl pkeyutl -verify -pubin -inkey "$pub" -rawin -in "$dir/$MANIFEST" -sigfile "$dir/$SIG" >/dev/null 2>&1 \
        || { echo "the bundle's signature does not match the release key $pub" >&2; exit 1; }
    fi
    (cd "$dir" && sha256sum --quiet --strict -c "$MANIFEST" >/dev/null 2>&1) \
      || { echo "a file of the bundle differs from its signed manifest" >&2; exit 1; }
    listed=$(sed 's/^[0-9a-f]*  //' "$dir/$MANIFEST" | LC_ALL=C sort)
    present=$(files "$dir" | tr '\0' '\n' | LC_ALL=C sort)
    [ "$listed" = "$present" ] || { echo "the bundle holds files its signed manifest does not list" >&2; exit 1; }
    ;;
  -h|--help|*) sed -n '2,6p' "$0"; [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; exit $? ;;
esac
