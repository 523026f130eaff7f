#!/usr/bin/env bash
# Install (or upgrade) FacePay from a bundle made by installer/build.sh. Run as root.
#
#   installer/install.sh --bundle facepay-....tar.gz|DIR [--root DIR] [--release-pubkey PEM | --allow-unsigned]
#                        [--bank-url URL --bank-terminal-id ID --bank-terminal-key KEY] [--no-start]
#
# The bundle is checked before anything is installed: its manifest's signature against the
# release key (--release-pubkey, default installer/release-key.pub.pem beside this script), every
# file against the manifest, and no file left out of it. A bundle that fails is refused.
#
# Creates the service user `facepay`, /etc/facepay and /var/lib/facepay (mode 0700), the key file
# (mode 0600), runs the database migrations, and installs the systemd unit facepay-kiosk.service
# that starts the kiosk full screen at boot, restarts it on a crash and watches it (WatchdogSec).
# Logs go to journald (and rotated JSON files in /var/lib/facepay/logs).
#
# Over an earlier install it is an upgrade: all data stays, the migrations run, and if the new
# bundle fails `facepay doctor` the schema and the bundle are rolled back to the previous ones.
# --root installs into a folder instead of / (a test install; nothing is started there).
set -euo pipefail

root=/
bundle=""
bank_url=""; bank_id=""; bank_key=""
release_pub="$(dirname "$0")/release-key.pub.pem"; allow_unsigned=0
start=1
while [ $# -gt 0 ]; do
  case "$1" in
    --bundle) bundle=$2; shift 2 ;;
    --root) root=$(realpath -m "$2"); shift 2 ;;
    --release-pubkey) release_pub=$(realpath "$2"); shift 2 ;;
    --allow-unsigned) allow_unsigned=1; shift ;;
    --bank-url) bank_url=$2; shift 2 ;;
    --bank-terminal-id) bank_id=$2; shift 2 ;;
    --bank-terminal-key) bank_key=$2; shift 2 ;;
    --no-start) start=0; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
say() { echo "install.sh: $*"; }
fail() { echo "install.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "run as root (sudo), it creates a service user and system folders"
[ -n "$bundle" ] || fail "which bundle? pass --bundle facepay-...tar.gz (made by installer/build.sh)"
[ -e "$bundle" ] || fail "no bundle at $bundle"
r=${root%/}  # "" for /, so "$r/etc" is /etc

opt="$r/opt/facepay"
etc="$r/etc/facepay"
data="$r/var/lib/facepay"
unit="$r/etc/systemd/system/facepay-kiosk.service"
wrapper="$r/usr/local/bin/facepay"
config="$etc/config.toml"

# --- the new release ------------------------------------------------------------------------------
stamp=$(date -u +%Y%m%d%H%M%S)
mkdir -p "$opt/releases"
staging=$(mktemp -d "$opt/releases/.incoming.XXXXXX")
trap 'rm -rf "$staging"' EXIT
if [ -d "$bundle" ]; then
  cp -a "$bundle/." "$staging/"
else
  tar -xzf "$bundle" -C "$staging" --strip-components=1
fi
[ -x "$staging/facepay" ] || fail "$bundle is not a FacePay bundle (no facepay binary in it)"
# Checked with the manifest.sh beside this script, never one inside the bundle.
if [ "$allow_unsigned" = 1 ]; then
  say "WARNING: --allow-unsigned: the bundle's files are checked against its manifest, but nobody vouches for it"
  why=$("$(dirname "$0")/manifest.sh" check "$staging" - 2>&1) || fail "refused $bundle: $why"
else
  [ -f "$release_pub" ] || fail "no release key to check the bundle with: pass --release-pubkey PEM"
  why=$("$(dirname "$0")/manifest.sh" check "$staging" "$release_pub" 2>&1) || fail "refused $bundle: $why"
  say "bundle signature and files verified against $release_pub"
fi
version=$(sed -n 's/^version=//p' "$staging/VERSION" 2>/dev/null || echo unknown)
commit=$(sed -n 's/^commit=//p' "$staging/VERSION" 2>/dev/null || echo unknown)
release="$opt/releases/$version-$commit-$stamp"
mv "$staging" "$release"
trap - EXIT
chmod 0755 "$release"
"$release/facepay" --version >/dev/null || fail "the bundle does not start on this machine"

# --- the window: Qt's X11 plugin needs these system libraries (facepay doctor names any missing) --------
QT_PACKAGES="libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0 libxcb-randr0 libegl1 libgl1 libfontconfig1 libdbus-1-3"
if [ "$r" = "" ]; then
  # shellcheck disable=SC2086 # a list of package names
  if command -v apt-get >/dev/null && apt-get install -y -q --no-install-recommends $QT_PACKAGES >/dev/null; then
    say "installed Qt's window libraries"
  else
    echo "install.sh: could not install $QT_PACKAGES: the kiosk's window may not open (facepay doctor checks)" >&2
  fi
else
  say "test install in $r: the kiosk's window needs: apt install $QT_PACKAGES"
fi

# --- speech (issue 15): the kiosk's offline voice and the player, from the OS's own packages -----------
# espeak-ng runs as a program of its own (GPL, never linked). Without it the kiosk works, silently.
if [ "$r" = "" ]; then
  if ! command -v espeak-ng >/dev/null || ! command -v aplay >/dev/null; then
    if command -v apt-get >/dev/null && apt-get install -y -q --no-install-recommends espeak-ng alsa-utils >/dev/null; then
      say "installed espeak-ng and alsa-utils for the kiosk's speech"
    else
      echo "install.sh: could not install espeak-ng and alsa-utils: the kiosk will work without speech" >&2
    fi
  fi
else
  say "test install in $r: speech needs espeak-ng and alsa-utils on the kiosk (apt install espeak-ng alsa-utils)"
fi

# --- the service user and its folders ----------------------------------------------------------------
[ -f "$r/etc/passwd" ] || fail "$r/etc/passwd does not exist"
if ! grep -q '^facepay:' "$r/etc/passwd"; then
  prefix=()
  [ -n "$r" ] && prefix=(--prefix "$r")
  useradd "${prefix[@]}" --system --user-group --no-create-home --home-dir /var/lib/facepay \
    --shell /usr/sbin/nologin --comment "FacePay kiosk" facepay
  for group in video render input audio; do  # the screen, the GPU, the touch screen and headset jack, the sound card
    if grep -q "^$group:" "$r/etc/group"; then usermod "${prefix[@]}" -a -G "$group" facepay; fi
  done
  say "created the service user facepay"
fi
uid=$(awk -F: '$1=="facepay"{print $3}' "$r/etc/passwd")
gid=$(awk -F: '$1=="facepay"{print $4}' "$r/etc/passwd")
install -d -m 0700 -o "$uid" -g "$gid" "$data" "$data/logs"
install -d -m 0700 "$etc"
# The path down to the bundle and the data must be passable for the service user.
for dir in "$r/opt" "$opt" "$opt/releases" "$r/var" "$r/var/lib"; do chmod o+x "$dir"; done
[ -n "$r" ] && chmod o+x "$r"

if [ ! -f "$config" ]; then
  # Written by the bundle's own TOML writer, validated: a quote or a line break in a value stays
  # inside that value (echo would let --bank-terminal-key inject settings of its own).
  settings=("data_dir=$data" "key_file=$data/keys/facepay.key")
  [ -n "$bank_url" ] && settings+=("bank_url=$bank_url")
  [ -n "$bank_id" ] && settings+=("bank_terminal_id=$bank_id")
  [ -n "$bank_key" ] && settings+=("bank_terminal_key=$bank_key")
  umask 077
  env -u FACEPAY_CONFIG "$release/facepay" config set --file "$config" "${settings[@]}" >/dev/null \
    || fail "the settings were refused (see the line above); nothing was installed as a service"
  chmod 0600 "$config"
  say "wrote $config"
fi
chown -R "$uid:$gid" "$etc"

run() {  # the given bundle, with this install's settings, as the service user: what it writes is theirs
  local binary=$1; shift
  FACEPAY_CONFIG="$config" HOME="$data" setpriv --reuid="$uid" --regid="$gid" --clear-groups "$binary" "$@"
}

# --- upgrade bookkeeping ---------------------------------------------------------------------------------
previous=""
[ -L "$opt/current" ] && previous=$(readlink -f "$opt/current")
old_revision=""
if [ -n "$previous" ]; then
  old_revision=$(run "$previous/facepay" db current 2>/dev/null || true)
  if [ -f "$data/facepay.db" ]; then
    run "$release/facepay" db backup "$data/backups/facepay-before-$stamp.db" >/dev/null
    say "backed up the database to $data/backups/facepay-before-$stamp.db"
  fi
  if [ "$r" = "" ] && command -v systemctl >/dev/null; then systemctl stop facepay-kiosk.service || true; fi
fi

# --- keys, models, schema ---------------------------------------------------------------------------------
run "$release/facepay" keys init --if-missing
run "$release/facepay" db upgrade
# SFace's prepared graph made here (onnx runs once, at install), so no start of the kiosk imports it.
run "$release/facepay" models prepare
chown -R "$uid:$gid" "$data"

# --- switch, check, and roll back if the new bundle is not healthy -----------------------------------------
ln -sfn "$release" "$opt/current.new" && mv -T "$opt/current.new" "$opt/current"
[ -n "$previous" ] && ln -sfn "$previous" "$opt/previous"
# The bundle's own health decides the switch; the seller's details and the receipt printer are the
# shop's to set after installing (the register refuses legal receipts until they are; doctor says so).
if ! run "$opt/current/facepay" doctor --skip camera,bank,seller,printer; then
  if [ -n "$previous" ]; then
    say "the new bundle failed facepay doctor: rolling back to $(basename "$previous")"
    new_revision=$(run "$release/facepay" db current 2>/dev/null || true)
    if [ -n "$old_revision" ] && [ "$old_revision" != "empty" ] && [ "$old_revision" != "$new_revision" ]; then
      # The new bundle knows both schemas: it takes the database back before the old one returns,
      # unless that would drop records the cash-register rules say to keep (it refuses, and says
      # so). Then the data is kept as it is and the new version stays: the old one cannot read it.
      if ! why=$(run "$release/facepay" db downgrade "$old_revision" 2>&1); then
        say "$why"
        fail "the new version $(basename "$release") stays installed: its database now holds records an older schema would drop (fix the problem doctor names above)"
      fi
    fi
    ln -sfn "$previous" "$opt/current.new" && mv -T "$opt/current.new" "$opt/current"
    rm -f "$opt/previous"
    chown -R "$uid:$gid" "$data"
    if [ "$r" = "" ] && command -v systemctl >/dev/null; then systemctl start facepay-kiosk.service || true; fi
    fail "upgrade to $(basename "$release") rolled back; the previous version runs on (see the doctor lines above)"
  fi
  fail "facepay doctor failed on the new install (see above); fix it and run install.sh again"
fi

# --- the command and the service ----------------------------------------------------------------------------
mkdir -p "$(dirname "$wrapper")"
cat > "$wrapper" <<WRAP
#!/bin/sh
# FacePay with this machine's settings (installed by installer/install.sh). Run it with sudo: it
# drops to the service user, so every file it writes stays readable by the kiosk service.
export FACEPAY_CONFIG="\${FACEPAY_CONFIG:-$config}"
if [ "\$(id -u)" = 0 ]; then
  exec env HOME="$data" setpriv --reuid=$uid --regid=$gid --clear-groups "$opt/current/facepay" "\$@"
fi
exec "$opt/current/facepay" "\$@"
WRAP
chmod 0755 "$wrapper"

mkdir -p "$(dirname "$unit")"
cat > "$unit" <<UNIT
[Unit]
Description=FacePay checkout kiosk
Wants=network-online.target
After=network-online.target systemd-user-sessions.service

[Service]
Type=notify
NotifyAccess=main
User=facepay
Group=facepay
SupplementaryGroups=video render input
Environment=FACEPAY_CONFIG=$config
# Full screen straight on the display, no desktop needed. For an X session instead, override with
# Environment=QT_QPA_PLATFORM=xcb DISPLAY=:0 (systemctl edit facepay-kiosk).
Environment=QT_QPA_PLATFORM=eglfs
ExecStart=$opt/current/facepay kiosk
Restart=always
RestartSec=3
TimeoutStartSec=120
# The kiosk pings from its UI thread; a frozen screen is restarted.
WatchdogSec=30
StandardOutput=journal
StandardError=journal
SyslogIdentifier=facepay-kiosk
NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
ReadWritePaths=$data

[Install]
WantedBy=multi-user.target
UNIT
chmod 0644 "$unit"

if [ "$r" = "" ] && [ "$start" = 1 ] && command -v systemctl >/dev/null; then
  systemctl daemon-reload
  systemctl enable --now facepay-kiosk.service
  say "facepay-kiosk.service is enabled and running (journalctl -u facepay-kiosk -f)"
else
  say "not started (installed into $root); start with: systemctl enable --now facepay-kiosk"
fi
# Keep the two newest releases besides the current one.
ls -1dt "$opt"/releases/*/ 2>/dev/null | tail -n +4 | while read -r old; do
  [ "$(readlink -f "$old")" = "$(readlink -f "$opt/current")" ] || rm -rf "$old"
done
say "installed $(basename "$release") into $root"
if ! "$wrapper" doctor --skip "config,data dir,disk,database,migrations,models,liveness,opencv,qt,keys,printer,camera,bank" >/dev/null 2>&1; then
  say "next: set the seller (a register refuses legal receipts until then): facepay config set --file $config company_name=\"…\" company_org_number=… company_address=\"…\""
fi
