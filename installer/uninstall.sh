#!/usr/bin/env bash
# Remove FacePay installed by installer/install.sh. Run as root.
#
#   installer/uninstall.sh [--root DIR] [--erase-data [--yes-erase-everything]]
#
# Stops and removes the service, the command and the bundles. The data (/var/lib/facepay) and the
# settings (/etc/facepay) stay unless --erase-data is given; then, after you type ERASE (or with
# --yes-erase-everything in a script), every face template is crypto-erased and the key file
# destroyed first, and then the data, the settings and the service user are deleted.
set -euo pipefail

root=/
erase=0
assume_yes=0
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root=$(realpath -m "$2"); shift 2 ;;
    --erase-data) erase=1; shift ;;
    --yes-erase-everything) assume_yes=1; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "uninstall.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
say() { echo "uninstall.sh: $*"; }
fail() { echo "uninstall.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "run as root (sudo)"
r=${root%/}
opt="$r/opt/facepay"
etc="$r/etc/facepay"
data="$r/var/lib/facepay"
unit="$r/etc/systemd/system/facepay-kiosk.service"

if [ "$erase" = 1 ] && [ "$assume_yes" = 0 ]; then
  echo "This crypto-erases every customer's face template and deletes ALL FacePay data in $data and $etc."
  read -r -p "Type ERASE to go on: " answer
  [ "$answer" = "ERASE" ] || fail "nothing was removed"
fi

if [ "$r" = "" ] && command -v systemctl >/dev/null; then
  systemctl disable --now facepay-kiosk.service 2>/dev/null || true
fi
rm -f "$unit"
if [ "$r" = "" ] && command -v systemctl >/dev/null; then systemctl daemon-reload || true; fi

if [ "$erase" = 1 ]; then
  if [ -x "$opt/current/facepay" ] && [ -f "$etc/config.toml" ]; then
    uid=$(awk -F: '$1=="facepay"{print $3}' "$r/etc/passwd")
    gid=$(awk -F: '$1=="facepay"{print $4}' "$r/etc/passwd")
    FACEPAY_CONFIG="$etc/config.toml" HOME="$data" setpriv --reuid="${uid:-0}" --regid="${gid:-0}" --clear-groups \
      "$opt/current/facepay" erase-all --confirm ERASE \
      || fail "crypto-erasure failed; nothing else was removed (the service is stopped)"
  fi
  rm -rf "$data" "$etc"
  if grep -q '^facepay:' "$r/etc/passwd" 2>/dev/null; then
    prefix=()
    [ -n "$r" ] && prefix=(--prefix "$r")
    userdel "${prefix[@]}" facepay || say "could not remove the user facepay"
  fi
  say "templates crypto-erased; data, settings and the service user removed"
else
  say "kept the data in $data and the settings in $etc (--erase-data removes them)"
fi
rm -rf "$opt" "$r/usr/local/bin/facepay"
say "FacePay removed from $root"
