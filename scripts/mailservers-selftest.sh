#!/usr/bin/env bash
# Self-test of scripts/mailservers.sh with the curl CLI: starts Dovecot + Postfix in a temp dir,
# checks logins, TLS, the loader and SMTP delivery, stops them and checks the ports are free.
# Needs root and the packages dovecot-imapd postfix openssl curl python3; installs nothing.
# Last line: "N passed, M failed"; exit status non-zero on any failure.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
MS="$HERE/mailservers.sh"
PASSED=0
FAILED=0
ok()   { PASSED=$((PASSED + 1)); echo "ok   - $*"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL - $*"; }
check() { # DESCRIPTION COMMAND... : passes when COMMAND succeeds
  local d=$1; shift
  if "$@"; then ok "$d"; else fail "$d"; fi
}
finish() { echo "$PASSED passed, $FAILED failed"; [ "$FAILED" = 0 ]; exit $?; }
ms_now() { echo $(( ${EPOCHREALTIME/./} / 1000 )); }

[ "$(id -u)" = 0 ] || { fail "must run as root"; finish; }
for c in curl dovecot postfix openssl python3 ss; do
  command -v "$c" >/dev/null 2>&1 || { fail "'$c' is not installed"; finish; }
done

WORK=$(mktemp -d /tmp/hotline-mail-selftest.XXXXXX)
DIR="$WORK/servers"
cleanup() {
  "$MS" stop "$DIR" >/dev/null 2>&1 || true
  "$MS" stop "$WORK/second" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------------ start
t0=$(ms_now)
if ! "$MS" start "$DIR" > "$WORK/start.out" 2> "$WORK/start.err"; then
  cat "$WORK/start.err"
  fail "start"
  finish
fi
ok "start ($(( $(ms_now) - t0 )) ms)"
envval() { sed -n "s/^$1=//p" "$DIR/ports.env"; }
for k in IMAP_URL IMAPS_URL SMTP_URL SMTPS_URL CA_FILE WRONG_CA_FILE USER PASS SINK_MAILDIR; do
  [ -n "$(envval $k)" ] || fail "ports.env lacks $k"
done
check "start printed the same lines as ports.env" cmp -s "$WORK/start.out" "$DIR/ports.env"
check "env prints ports.env" bash -c '"$1" env "$2" | cmp -s - "$2/ports.env"' _ "$MS" "$DIR"
check "status says running" "$MS" status "$DIR"

IMAP_URL=$(envval IMAP_URL); IMAPS_URL=$(envval IMAPS_URL)
SMTP_URL=$(envval SMTP_URL); SMTPS_URL=$(envval SMTPS_URL)
CA=$(envval CA_FILE); WRONG_CA=$(envval WRONG_CA_FILE)
U=$(envval USER); P=$(envval PASS); SINK=$(envval SINK_MAILDIR)
ports="$(envval IMAP_PORT) $(envval IMAPS_PORT) $(envval SMTP_PORT) $(envval SMTPS_PORT)"

for port in $ports; do
  check "port $port listens on 127.0.0.1 only" \
    bash -c '[ "$(ss -Hltn "sport = :$1" | awk "{print \$4}")" = "127.0.0.1:$1" ]' _ "$port"
done

c() { curl -sS --max-time 15 "$@" 2>>"$WORK/curl.err"; }

# ------------------------------------------------------------------ IMAP
out=$(c --ssl-reqd --cacert "$CA" -u "$U:$P" "$IMAP_URL/")
check "IMAP STARTTLS login lists INBOX" grep -q 'INBOX' <<< "$out"
out=$(c --cacert "$CA" -u "$U:$P" "$IMAPS_URL/")
check "IMAPS login lists INBOX" grep -q 'INBOX' <<< "$out"
out=$(c --ssl-reqd --cacert "$CA" -u "$U:$P" "imap://localhost:${IMAP_URL##*:}/")
check "IMAP STARTTLS via the name localhost" grep -q 'INBOX' <<< "$out"

c --ssl-reqd --cacert "$CA" -u "$U:wrong-$P" "$IMAP_URL/" >/dev/null; rc=$?
check "IMAP wrong password is refused (curl 67, got $rc)" [ $rc = 67 ]
c --cacert "$CA" -u "$U:wrong-$P" "$IMAPS_URL/" >/dev/null; rc=$?
check "IMAPS wrong password is refused (curl 67, got $rc)" [ $rc = 67 ]
c --ssl-reqd --cacert "$WRONG_CA" -u "$U:$P" "$IMAP_URL/" >/dev/null; rc=$?
check "IMAP STARTTLS with the wrong CA fails (curl 60, got $rc)" [ $rc = 60 ]
c --cacert "$WRONG_CA" -u "$U:$P" "$IMAPS_URL/" >/dev/null; rc=$?
check "IMAPS with the wrong CA fails (curl 60, got $rc)" [ $rc = 60 ]
c -u "$U:$P" "$IMAP_URL/" >/dev/null; rc=$?
check "IMAP login without STARTTLS is refused (curl 67, got $rc)" [ $rc = 67 ]

# ------------------------------------------------------------------ load
"$MS" load "$DIR" "$U" 200 >/dev/null 2>"$WORK/load.err"
check "load 200 messages" [ $? = 0 ]
out=$(c --ssl-reqd --cacert "$CA" -u "$U:$P" "$IMAP_URL/INBOX" -X 'UID SEARCH ALL')
n=$(grep '^\* SEARCH' <<< "$out" | tr -d '\r' | wc -w); n=$((n > 2 ? n - 2 : 0))
check "UID SEARCH ALL finds the 200 loaded messages (found $n)" [ "$n" = 200 ]
out=$(c --ssl-reqd --cacert "$CA" -u "$U:$P" "$IMAP_URL/INBOX" -X 'STATUS INBOX (MESSAGES UNSEEN)')
check "the loaded messages are unseen" grep -q 'MESSAGES 200 UNSEEN 200' <<< "$out"
out=$(c --ssl-reqd --cacert "$CA" -u "$U:$P" "$IMAP_URL/INBOX" -X 'UID SEARCH CHARSET UTF-8 SUBJECT "噪音"')
n=$(grep '^\* SEARCH' <<< "$out" | tr -d '\r' | wc -w); n=$((n > 2 ? n - 2 : 0))
check "a GB2312 encoded-word subject is searchable as UTF-8 (found $n)" [ "$n" -gt 0 ]

# ------------------------------------------------------------------ SMTP
send() { # LABEL URL EXTRA_CURL_ARGS... ; the message carries a unique Message-ID = LABEL
  local label=$1 url=$2; shift 2
  local subj; subj="=?UTF-8?B?$(printf '市长热线自检：%s' "$label" | base64 -w0)?="
  printf 'From: Tester <%s@hotline.test>\r\nTo: Citizen <citizen@example.test>\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <%s@selftest.hotline.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n您好，这是一封测试邮件。\r\n' \
    "$U" "$subj" "$(date -R)" "$label" > "$WORK/$label.eml"
  c "$@" --mail-from "$U@hotline.test" --mail-rcpt citizen@example.test -T "$WORK/$label.eml" "$url/client.hotline.test"
}
arrived() { # LABEL: wait up to 10 s for the message in the sink Maildir
  local i
  for ((i = 0; i < 100; i++)); do
    grep -lqs "Message-ID: <$1@selftest.hotline.test>" "$SINK"/new/* "$SINK"/cur/* && return 0
    sleep 0.1
  done
  return 1
}

t0=$(ms_now)
send starttls "$SMTP_URL" --ssl-reqd --cacert "$CA" -u "$U:$P"; rc=$?
check "SMTP STARTTLS + AUTH send (curl rc $rc)" [ $rc = 0 ]
check "the STARTTLS message lands in the sink Maildir" arrived starttls
echo "     (sent and delivered in $(( $(ms_now) - t0 )) ms)"
f=$(grep -ls "Message-ID: <starttls@selftest.hotline.test>" "$SINK"/new/* | head -1)
check "its Chinese subject arrives intact" grep -q "Subject: =?UTF-8?B?$(printf '市长热线自检：starttls' | base64 -w0)?=" "${f:-/dev/null}"
out=$(c --ssl-reqd --cacert "$CA" -u "sink:$P" "$IMAP_URL/INBOX" -X 'UID SEARCH CHARSET UTF-8 SUBJECT "市长热线自检"')
check "the sink user sees it over IMAP" grep -qE '^\* SEARCH [0-9]' <<< "$out"

send smtps "$SMTPS_URL" --cacert "$CA" -u "$U:$P"; rc=$?
check "SMTPS + AUTH send (curl rc $rc)" [ $rc = 0 ]
check "the SMTPS message lands in the sink Maildir" arrived smtps

send noauth "$SMTP_URL" --ssl-reqd --cacert "$CA"; rc=$?
check "SMTP without AUTH is rejected (curl rc $rc)" [ $rc != 0 ]
send badpass "$SMTP_URL" --ssl-reqd --cacert "$CA" -u "$U:wrong-$P"; rc=$?
check "SMTP AUTH with a wrong password fails (curl 67, got $rc)" [ $rc = 67 ]
send wrongca "$SMTPS_URL" --cacert "$WRONG_CA" -u "$U:$P"; rc=$?
check "SMTPS with the wrong CA fails (curl 60, got $rc)" [ $rc = 60 ]

# ------------------------------------------------------------------ fail fast on a busy port
"$MS" start "$WORK/second" > /dev/null 2> "$WORK/second.err"; rc=$?
check "a second start on the same ports fails" [ $rc != 0 ]
check "... saying the port is in use" grep -q 'in use' "$WORK/second.err"
check "... and leaves the first servers running" "$MS" status "$DIR" >/dev/null

# ------------------------------------------------------------------ stop
t0=$(ms_now)
"$MS" stop "$DIR" >/dev/null 2>"$WORK/stop.err"; rc=$?
check "stop ($(( $(ms_now) - t0 )) ms)" [ $rc = 0 ]
for port in $ports; do
  check "port $port is free after stop" bash -c '[ -z "$(ss -Hltn "sport = :$1")" ]' _ "$port"
done
"$MS" status "$DIR" >/dev/null; rc=$?
check "status says stopped" [ $rc != 0 ]
check "a second stop is harmless" "$MS" stop "$DIR"

if [ "$FAILED" != 0 ]; then
  echo "--- curl errors"; tail -20 "$WORK/curl.err"
  echo "--- dovecot log"; tail -20 "$DIR/dovecot/dovecot.log" 2>/dev/null
  echo "--- postfix log"; tail -20 "$DIR/postfix/postfix.log" 2>/dev/null
fi
finish
