#!/usr/bin/env bash
# Mail benchmark of issue 3 against a real Dovecot and Postfix on loopback:
#   10,000 messages loaded into Dovecot → `hotline bench-mail` reports the bare libcurl fetch rate,
#   the intake rate (polled → cases → moved), their ratio and peak memory, then 2,000 outgoing
#   mails through Postfix (msg/s).
#
#   scripts/bench-mail.sh [MESSAGES]     default: 10000 (the 2,000 outgoing mails are bench-mail's own)
#
# Environment: BENCH_NO_BUILD=1 uses .build/release/hotline as it is (default: `swift build -c release`
# first, a no-op when it is up to date); BENCH_KEEP=1 keeps the temporary folder; IMAP_PORT, IMAPS_PORT,
# SMTP_PORT, SMTPS_PORT as for scripts/mailservers.sh. Needs root and the packages of
# scripts/install-deps.sh. Everything stays on 127.0.0.1; the servers are stopped on any exit.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
MESSAGES=${1:-10000}
[[ "$MESSAGES" =~ ^[0-9]+$ ]] || { echo "usage: $0 [MESSAGES]" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "bench-mail: must run as root (the mail servers switch users)" >&2; exit 1; }
command -v swift >/dev/null || export PATH=/opt/swift/usr/bin:$PATH

BIN=$REPO/.build/release/hotline
if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  swift build -c release --product hotline 2>&1 | tail -1
fi
[ -x "$BIN" ] || { echo "bench-mail: no $BIN (run: swift build -c release)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/hotline-bench-mail.XXXXXX)
MS="$REPO/scripts/mailservers.sh"
cleanup() {
  "$MS" stop "$WORK/servers" >/dev/null 2>&1 || echo "bench-mail: stopping the servers failed (see $WORK)" >&2
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "bench-mail: kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ms_now() { echo $(( ${EPOCHREALTIME/./} / 1000 )); }

t0=$(ms_now)
EXTRA_USERS="twin" "$MS" start "$WORK/servers" > "$WORK/ports.env" 2> "$WORK/start.err" || { cat "$WORK/start.err" >&2; exit 1; }
envval() { sed -n "s/^$1=//p" "$WORK/ports.env"; }
IMAP_URL=$(envval IMAP_URL); SMTP_URL=$(envval SMTP_URL); CA=$(envval CA_FILE)
MAIL_USER=$(envval MAIL_USER); SINK=$(envval SINK_MAILDIR)
export HOTLINE_IMAP_PASSWORD; HOTLINE_IMAP_PASSWORD=$(envval MAIL_PASS)
export HOTLINE_SMTP_PASSWORD=$HOTLINE_IMAP_PASSWORD
echo "bench-mail: servers up in $(( $(ms_now) - t0 )) ms ($IMAP_URL, $SMTP_URL)"

t0=$(ms_now)
"$MS" load "$WORK/servers" "$MAIL_USER" "$MESSAGES" 1 2> "$WORK/load.err" || { cat "$WORK/load.err" >&2; exit 1; }
echo "bench-mail: loaded $MESSAGES messages into $MAIL_USER's INBOX in $(( $(ms_now) - t0 )) ms"
# The same messages for the bare-fetch baseline, so that both fetch mail that is new (unseen).
"$MS" load "$WORK/servers" twin "$MESSAGES" 1 2> "$WORK/load.err" || { cat "$WORK/load.err" >&2; exit 1; }

cat > "$WORK/hotline.toml" <<EOF
[store]
path = "store/hotline.sqlite"

[[mailbox]]
name = "citizens"
role = "citizen"
url = "$IMAP_URL/INBOX"
user = "$MAIL_USER"
password_env = "HOTLINE_IMAP_PASSWORD"
ca_file = "$CA"
processed_folder = "Processed"

[[mailbox]]                 # the twin: the same messages, for bench-mail's bare-fetch baseline
name = "twin"
role = "citizen"
url = "$IMAP_URL/INBOX"
user = "twin"
password_env = "HOTLINE_IMAP_PASSWORD"
ca_file = "$CA"
processed_folder = "Processed"

[smtp]
url = "$SMTP_URL"
user = "$MAIL_USER"
password_env = "HOTLINE_SMTP_PASSWORD"
ca_file = "$CA"
from = "mayor-mailbox@hotline.example"
EOF

echo "bench-mail: $(nproc) cores, $(uname -sr), hotline $(git -C "$REPO" describe --always --dirty 2>/dev/null || echo '?')"
sink_count() { find "$SINK/new" "$SINK/cur" -type f 2>/dev/null | wc -l; }
before=$(sink_count)
t0=$(ms_now)
rc=0
# bench-mail takes every waiting message; --messages is passed when this build knows the option.
args=(bench-mail --config "$WORK/hotline.toml")
if "$BIN" bench-mail --help 2>/dev/null | grep -q -- '--messages'; then args+=(--messages "$MESSAGES"); fi
(cd "$WORK" && "$BIN" "${args[@]}") || rc=$?
echo "bench-mail: hotline bench-mail took $(( $(ms_now) - t0 )) ms, exit $rc"
[ $rc = 0 ] || exit $rc

# What Postfix delivered: wait (bounded, 120 s) until the sink stops growing.
last=-1; stable=0
for ((i = 0; i < 600 && stable < 10; i++)); do
  n=$(( $(sink_count) - before ))
  if [ "$n" = "$last" ]; then stable=$((stable + 1)); else stable=0; last=$n; fi
  sleep 0.2
done
echo "bench-mail: Postfix delivered $last mails to the sink (the send benchmark's 2,000 plus any acknowledgements)"
