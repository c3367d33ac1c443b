#!/usr/bin/env bash
# Throw-away mail servers on loopback for hotline's integration tests:
# Dovecot (IMAP) and Postfix (SMTP), self-contained under one directory DIR.
#
#   mailservers.sh start  DIR                  start both; print KEY=VALUE lines (also in DIR/ports.env)
#   mailservers.sh stop   DIR                  stop what was started for DIR; wait until the ports are free
#   mailservers.sh status DIR                  exit 0 only when both servers run for DIR
#   mailservers.sh env    DIR                  print the KEY=VALUE lines of the running set again
#   mailservers.sh load   DIR USER COUNT [START]
#                                              write COUNT small unseen messages (numbered from START,
#                                              default: after what is there) into USER's INBOX Maildir
#
# Environment (defaults):
#   IMAP_PORT=10143   plain IMAP; login only after STARTTLS
#   IMAPS_PORT=10993  IMAP over implicit TLS
#   SMTP_PORT=10025   SMTP; STARTTLS offered, AUTH only after STARTTLS, sending needs AUTH
#   SMTPS_PORT=10465  SMTP over implicit TLS
#   MAIL_PASS=secret  password of every user
#   EXTRA_USERS=""    more IMAP users besides "tester" and "sink" (space separated)
#   MAIL_UID=65534    uid/gid owning the Maildirs (nobody:nogroup)
#
# Layout of DIR:
#   certs/ca.pem, ca.key          self-signed test CA (CA_FILE)
#   certs/server.pem, server.key  server cert signed by it, SAN IP:127.0.0.1 + DNS:localhost
#   certs/other-ca.pem            an unrelated CA (WRONG_CA_FILE): a client trusting only it must fail
#   dovecot/                      dovecot.conf, users, checkpassword script, dovecot.log
#   postfix/conf/                 main.cf, master.cf;  postfix/queue, postfix/data, postfix/postfix.log
#   run/                          dovecot base_dir (sockets); run/ and postfix/queue go to /tmp/hotline-mail.*
#                                 instead when DIR is longer than 60 bytes (socket paths are limited)
#   mail/USER/Maildir             one Maildir per user; every message sent over SMTP, to any recipient,
#                                 lands in mail/sink/Maildir (SINK_MAILDIR), also readable over IMAP as "sink"
#   ports.env                     the KEY=VALUE lines
#
# Needs root and the Debian packages dovecot-imapd postfix openssl (and python3 for `load`).
# Everything listens on 127.0.0.1 only. Every wait is bounded.
set -euo pipefail

PROG=mailservers.sh
die() { echo "$PROG: error: $*" >&2; exit 1; }
say() { echo "$PROG: $*" >&2; }

IMAP_PORT=${IMAP_PORT:-10143}
IMAPS_PORT=${IMAPS_PORT:-10993}
SMTP_PORT=${SMTP_PORT:-10025}
SMTPS_PORT=${SMTPS_PORT:-10465}
MAIL_PASS=${MAIL_PASS:-secret}
MAIL_UID=${MAIL_UID:-65534}
EXTRA_USERS=${EXTRA_USERS:-}
HOST=127.0.0.1
MYHOSTNAME=mx.hotline.test
WAIT_TENTHS=100   # 10 s for every wait below

usage() {
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# ---------------------------------------------------------------- helpers

port_listening() { # PORT -> 0 if something listens on it (any address)
  if command -v ss >/dev/null 2>&1; then
    [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]
  else
    timeout 2 bash -c "exec 3<>/dev/tcp/$HOST/$1" 2>/dev/null
  fi
}

wait_listening() { # PORT
  local i
  for ((i = 0; i < WAIT_TENTHS; i++)); do port_listening "$1" && return 0; sleep 0.1; done
  return 1
}

wait_free() { # PORT
  local i
  for ((i = 0; i < WAIT_TENTHS; i++)); do port_listening "$1" || return 0; sleep 0.1; done
  return 1
}

pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

wait_pid_gone() { # PID
  local i
  for ((i = 0; i < WAIT_TENTHS; i++)); do pid_alive "$1" || return 0; sleep 0.1; done
  return 1
}

read_pid() { [ -s "$1" ] && tr -dc '0-9' < "$1" || true; }

# Unix socket paths may not exceed 107 bytes. Dovecot's sockets live in its base_dir and postfix's
# postlog socket in its queue directory, so for a long DIR both go to a short /tmp directory of
# their own (SOCK_ROOT, remembered in DIR/.sockroot and removed by stop).
sock_root() {
  if [ -s "$DIR/.sockroot" ]; then cat "$DIR/.sockroot"; return; fi
  local r="$DIR"
  if [ ${#r} -gt 60 ]; then r=$(mktemp -d /tmp/hotline-mail.XXXXXX); chmod 755 "$r"; fi
  echo "$r" > "$DIR/.sockroot"
  echo "$r"
}
known_sock_root() { if [ -s "$DIR/.sockroot" ]; then cat "$DIR/.sockroot"; else echo "$DIR"; fi; }
run_dir() { echo "$(sock_root)/run"; }
queue_dir() { echo "$(sock_root)/postfix/queue"; }

dovecot_pid() { read_pid "$(known_sock_root)/run/master.pid"; }
postfix_pid() { read_pid "$(known_sock_root)/postfix/queue/pid/master.pid"; }

make_maildir() { # USER
  local md="$DIR/mail/$1/Maildir"
  mkdir -p "$md/cur" "$md/new" "$md/tmp"
  chown -R "$MAIL_UID:$MAIL_UID" "$DIR/mail/$1"
}

# ---------------------------------------------------------------- certificates

make_certs() {
  # ECDSA P-256: generated in milliseconds (RSA-2048 keys cost ~0.5-1 s each here).
  local c="$DIR/certs" KEYALG="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1"
  mkdir -p "$c"
  if [ -s "$c/ca.pem" ] && [ -s "$c/server.pem" ] && [ -s "$c/other-ca.pem" ]; then return; fi
  openssl req -x509 $KEYALG -nodes -days 30 -subj "/O=hotline tests/CN=hotline test CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$c/ca.key" -out "$c/ca.pem" 2>"$c/openssl.log" || { cat "$c/openssl.log" >&2; die "openssl: CA"; }
  openssl req $KEYALG -nodes -subj "/O=hotline tests/CN=localhost" \
    -keyout "$c/server.key" -out "$c/server.csr" 2>>"$c/openssl.log" || { cat "$c/openssl.log" >&2; die "openssl: CSR"; }
  cat > "$c/server.ext" <<EOF
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
EOF
  openssl x509 -req -in "$c/server.csr" -CA "$c/ca.pem" -CAkey "$c/ca.key" -CAcreateserial \
    -days 30 -extfile "$c/server.ext" -out "$c/server.pem" 2>>"$c/openssl.log" \
    || { cat "$c/openssl.log" >&2; die "openssl: server certificate"; }
  # Same subject as the real CA on purpose: only the key differs, so a client must really verify.
  openssl req -x509 $KEYALG -nodes -days 30 -subj "/O=hotline tests/CN=hotline test CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$c/other-ca.key" -out "$c/other-ca.pem" 2>>"$c/openssl.log" || { cat "$c/openssl.log" >&2; die "openssl: other CA"; }
  cat "$c/server.pem" "$c/ca.pem" > "$c/server-chain.pem"
  chmod 644 "$c"/*.pem
  chmod 600 "$c"/*.key
}

# ---------------------------------------------------------------- dovecot

write_dovecot_config() { # RUN_DIR
  local run=$1 d="$DIR/dovecot" u
  mkdir -p "$d" "$d/state"
  : > "$d/users"
  for u in tester sink $EXTRA_USERS; do
    printf '%s:{PLAIN}%s::::::\n' "$u" "$MAIL_PASS" >> "$d/users"
    make_maildir "$u"
  done
  chown root:dovecot "$d/users"; chmod 640 "$d/users"

  # Dovecot counts a connection whose remote IP equals its local IP as "secured", so on loopback
  # disable_plaintext_auth / ssl=required never refuse a login without TLS. This checkpassword
  # script enforces it instead: dovecot tells it AUTH_SECURED=TLS only for TLS connections.
  cat > "$d/checkpass.sh" <<'EOF'
#!/bin/bash
# checkpassword(8) for the test dovecot: fd 3 carries "user\0password\0"; exit 1 = refused.
users=${0%/*}/users
IFS= read -r -d '' user <&3 || exit 1
IFS= read -r -d '' pass <&3 || true
if [ "${AUTH_SERVICE:-}" = imap ] && [ "${AUTH_SECURED:-}" != TLS ]; then
  echo "refused $user: IMAP login without TLS (use STARTTLS or imaps)" >&2
  exit 1
fi
while IFS=: read -r u p _; do
  if [ "$u" = "$user" ]; then
    [ "$p" = "{PLAIN}$pass" ] || exit 1
    export USER=$user
    exec "$@"
  fi
done < "$users"
exit 3
EOF
  chmod 755 "$d/checkpass.sh"

  cat > "$d/dovecot.conf" <<EOF
# Generated by $PROG for $DIR. Self-contained: nothing from /etc/dovecot is read.
base_dir = $run
state_dir = $d/state
log_path = $d/dovecot.log
info_log_path = $d/dovecot.log
protocols = imap
listen = $HOST
ssl = yes
ssl_cert = <$DIR/certs/server-chain.pem
ssl_key = <$DIR/certs/server.key
ssl_min_protocol = TLSv1.2
# No effect on loopback (see checkpass.sh), kept to state the intent.
disable_plaintext_auth = yes
auth_mechanisms = plain login
auth_failure_delay = 0
auth_verbose = yes
mail_location = maildir:~/Maildir
mail_fsync = never
first_valid_uid = 1
first_valid_gid = 1
passdb {
  driver = checkpassword
  args = $d/checkpass.sh
}
userdb {
  driver = static
  args = uid=$MAIL_UID gid=$MAIL_UID home=$DIR/mail/%n
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    auto = create
    special_use = \\Sent
  }
  mailbox Trash {
    auto = create
    special_use = \\Trash
  }
}
protocol imap {
  mail_max_userip_connections = 200
}
service imap-login {
  inet_listener imap {
    address = $HOST
    port = $IMAP_PORT
  }
  inet_listener imaps {
    address = $HOST
    port = $IMAPS_PORT
    ssl = yes
  }
}
# Every test client is 127.0.0.1, and after each failed login dovecot's auth penalty delays the next
# login from that IP a little more (2 s, 4 s, ... up to 15 s), which would slow tests of wrong
# passwords. The auth process skips the penalty when its anvil socket does not exist: move it away.
service anvil {
  unix_listener anvil-auth-penalty {
    path = anvil-auth-penalty-disabled
  }
}
service auth {
  # Postfix's SMTP AUTH asks dovecot through this socket.
  unix_listener auth-postfix {
    mode = 0666
  }
}
EOF
}

start_dovecot() {
  local run; run=$(run_dir)
  mkdir -p "$run"; chmod 755 "$run"
  # A socket left by an earlier run would make the auth process retry it for ~5 s (see anvil below).
  rm -f "$run/anvil-auth-penalty"
  write_dovecot_config "$run"
  local out
  out=$(doveconf -c "$DIR/dovecot/dovecot.conf" -n 2>&1 >/dev/null) \
    || { echo "$out" >&2; die "dovecot config check failed ($DIR/dovecot/dovecot.conf)"; }
  # The daemons must not inherit our stdout/stderr: a caller reading start's output until EOF
  # (a pipe, Swift's Process) would otherwise wait for as long as the servers run.
  if ! dovecot -c "$DIR/dovecot/dovecot.conf" < /dev/null > "$DIR/dovecot/start.out" 2>&1; then
    cat "$DIR/dovecot/start.out" >&2
    tail -20 "$DIR/dovecot/dovecot.log" >&2 2>/dev/null
    die "dovecot failed to start"
  fi
  local p
  for p in "$IMAP_PORT" "$IMAPS_PORT"; do
    wait_listening "$p" || { tail -20 "$DIR/dovecot/dovecot.log" >&2; die "dovecot does not listen on $HOST:$p"; }
  done
}

# ---------------------------------------------------------------- postfix

write_postfix_config() { # RUN_DIR
  local run=$1 pf="$DIR/postfix" queue; queue=$(queue_dir)
  mkdir -p "$pf/conf" "$queue" "$pf/data"
  chown postfix "$pf/data"
  cat > "$pf/conf/main.cf" <<EOF
# Generated by $PROG for $DIR.
compatibility_level = 3.6
queue_directory = $queue
data_directory = $pf/data
maillog_file = $pf/postfix.log
maillog_file_prefixes = /var, /dev/stdout, $pf
myhostname = $MYHOSTNAME
mydomain = hotline.test
myorigin = \$myhostname
mydestination =
local_recipient_maps =
alias_maps =
alias_database =
inet_interfaces = $HOST
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relayhost =
biff = no
append_dot_mydomain = no
# Every domain is a virtual mailbox domain; every recipient is the Maildir of the IMAP user "sink".
virtual_mailbox_domains = static:all
virtual_mailbox_base = $DIR/mail
virtual_mailbox_maps = static:sink/Maildir/
virtual_uid_maps = static:$MAIL_UID
virtual_gid_maps = static:$MAIL_UID
virtual_minimum_uid = 1
virtual_mailbox_limit = 0
mailbox_size_limit = 0
# A 25 MB attachment is ~34 MB once base64-encoded.
message_size_limit = 67108864
# Sending needs SMTP AUTH (checked by dovecot), and AUTH is offered only under TLS.
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = $run/auth-postfix
smtpd_tls_auth_only = yes
smtpd_relay_restrictions = permit_sasl_authenticated, reject
smtpd_recipient_restrictions = permit_sasl_authenticated, reject
smtpd_tls_security_level = may
smtpd_tls_chain_files = $DIR/certs/server.key, $DIR/certs/server-chain.pem
smtpd_tls_loglevel = 1
EOF
  # No chroot anywhere: the paths above must be valid as they are.
  cat > "$pf/conf/master.cf" <<EOF
# Generated by $PROG. Only what a loopback sink needs, nothing chrooted.
$HOST:$SMTP_PORT inet n - n - - smtpd
$HOST:$SMTPS_PORT inet n - n - - smtpd
  -o smtpd_tls_wrappermode=yes
  -o smtpd_tls_security_level=encrypt
pickup    unix  n  -  n  60    1  pickup
cleanup   unix  n  -  n  -     0  cleanup
qmgr      unix  n  -  n  300   1  qmgr
tlsmgr    unix  -  -  n  1000? 1  tlsmgr
rewrite   unix  -  -  n  -     -  trivial-rewrite
bounce    unix  -  -  n  -     0  bounce
defer     unix  -  -  n  -     0  bounce
trace     unix  -  -  n  -     0  bounce
verify    unix  -  -  n  -     1  verify
flush     unix  n  -  n  1000? 0  flush
proxymap  unix  -  -  n  -     -  proxymap
proxywrite unix -  -  n  -     1  proxymap
showq     unix  n  -  n  -     -  showq
error     unix  -  -  n  -     -  error
retry     unix  -  -  n  -     -  error
discard   unix  -  -  n  -     -  discard
virtual   unix  -  n  n  -     -  virtual
anvil     unix  -  -  n  -     1  anvil
scache    unix  -  -  n  -     1  scache
postlog   unix-dgram n - n -   1  postlogd
EOF
}

# postfix(1) reports errors only to a terminal (or to syslog, absent here), so its diagnostics
# need script(1) for a pty. Not for the normal start, though: script(1) would also wait ~2.5 s for
# the background `postfix-script check-warn` that still holds the pty.
postfix_diagnose() {
  script -qec "postfix -c '$DIR/postfix/conf' check" /dev/null < /dev/null >&2 || true
  tail -20 "$DIR/postfix/postfix.log" >&2 2>/dev/null || true
}

start_postfix() {
  write_postfix_config "$(run_dir)"
  if ! postfix -c "$DIR/postfix/conf" start < /dev/null > "$DIR/postfix/start.out" 2>&1; then
    cat "$DIR/postfix/start.out" >&2
    postfix_diagnose
    die "postfix failed to start (config in $DIR/postfix/conf)"
  fi
  local p
  for p in "$SMTP_PORT" "$SMTPS_PORT"; do
    wait_listening "$p" || { postfix_diagnose; die "postfix does not listen on $HOST:$p"; }
  done
}

# ---------------------------------------------------------------- commands

write_env() {
  cat > "$DIR/ports.env" <<EOF
MAIL_DIR=$DIR
IMAP_HOST=$HOST
IMAP_PORT=$IMAP_PORT
IMAPS_PORT=$IMAPS_PORT
SMTP_PORT=$SMTP_PORT
SMTPS_PORT=$SMTPS_PORT
IMAP_URL=imap://$HOST:$IMAP_PORT
IMAPS_URL=imaps://$HOST:$IMAPS_PORT
SMTP_URL=smtp://$HOST:$SMTP_PORT
SMTPS_URL=smtps://$HOST:$SMTPS_PORT
CA_FILE=$DIR/certs/ca.pem
WRONG_CA_FILE=$DIR/certs/other-ca.pem
USER=tester
PASS=$MAIL_PASS
MAIL_USER=tester
MAIL_PASS=$MAIL_PASS
SINK_USER=sink
USERS=$(echo tester sink $EXTRA_USERS | tr " " ,)
TESTER_MAILDIR=$DIR/mail/tester/Maildir
SINK_MAILDIR=$DIR/mail/sink/Maildir
SMTP_HOSTNAME=$MYHOSTNAME
EOF
}

cmd_start() {
  [ "$(id -u)" = 0 ] || die "must run as root (dovecot and postfix switch users)"
  local c
  for c in dovecot doveadm doveconf postfix openssl script; do
    command -v "$c" >/dev/null 2>&1 || die "'$c' not found; install: apt-get install --no-install-recommends dovecot-imapd postfix openssl bsdutils"
  done
  getent passwd dovecot >/dev/null && getent passwd postfix >/dev/null \
    || die "system users dovecot/postfix missing (packages not installed properly?)"
  if pid_alive "$(dovecot_pid)" || pid_alive "$(postfix_pid)"; then
    die "servers already running for $DIR (run: $0 stop $DIR)"
  fi
  local p
  for p in "$IMAP_PORT" "$IMAPS_PORT" "$SMTP_PORT" "$SMTPS_PORT"; do
    port_listening "$p" && die "port $p is already in use: $(ss -Hltnp "sport = :$p" 2>/dev/null | head -1)"
  done

  # mktemp -d makes 0700 directories; dovecot's auth user, the mail uid and postfix must traverse DIR.
  chmod 755 "$DIR"
  local a="$DIR"
  while a=$(dirname "$a"); [ "$a" != / ]; do
    if [ -z "$(find "$a" -maxdepth 0 -perm -o+x)" ]; then
      say "chmod o+x $a (the mail users must traverse it)"; chmod o+x "$a"
    fi
  done

  local t0=${EPOCHREALTIME/./}
  # Whatever fails from here on (die exits), stop what was already started.
  trap 'rc=$?; if [ $rc != 0 ]; then say "start failed; stopping what was started"; cmd_stop >/dev/null 2>&1 || true; fi' EXIT
  make_certs
  mkdir -p "$DIR/mail"
  chmod 755 "$DIR/mail"
  start_dovecot
  start_postfix
  write_env
  trap - EXIT
  say "started in $(( (${EPOCHREALTIME/./} - t0) / 1000 )) ms (logs: $DIR/dovecot/dovecot.log, $DIR/postfix/postfix.log)"
  cat "$DIR/ports.env"
}

cmd_stop() {
  local failed=0 dpid ppid
  # Dovecot's master sleeps ~1-3 s on shutdown before it exits and frees its ports: signal it first,
  # stop postfix meanwhile, then wait for both. (SIGTERM to the master is what `doveadm stop` sends.)
  dpid=$(dovecot_pid)
  if pid_alive "$dpid"; then kill -TERM "$dpid" 2>/dev/null || true; fi
  ppid=$(postfix_pid)
  if pid_alive "$ppid"; then
    postfix -c "$DIR/postfix/conf" stop < /dev/null > /dev/null 2>&1 || kill -TERM "$ppid" 2>/dev/null || true
    if ! wait_pid_gone "$ppid"; then say "postfix master $ppid did not stop; killing it"; kill -9 "$ppid" 2>/dev/null || true; fi
  fi
  if pid_alive "$dpid"; then
    if ! wait_pid_gone "$dpid"; then say "dovecot master $dpid did not stop; killing it"; kill -9 "$dpid" 2>/dev/null || true; fi
  fi
  local p
  for p in "$IMAP_PORT" "$IMAPS_PORT" "$SMTP_PORT" "$SMTPS_PORT"; do
    wait_free "$p" || { say "port $p is still in use"; failed=1; }
  done
  local root; root=$(known_sock_root)
  case "$root" in /tmp/hotline-mail.*) rm -rf "$root" ;; esac
  rm -f "$DIR/.sockroot"
  [ $failed = 0 ] || die "stop: ports still busy"
  say "stopped (mail kept in $DIR/mail)"
}

cmd_status() {
  local rc=0 pid
  pid=$(dovecot_pid)
  if pid_alive "$pid"; then echo "dovecot: running (pid $pid)"; else echo "dovecot: stopped"; rc=1; fi
  pid=$(postfix_pid)
  if pid_alive "$pid"; then echo "postfix: running (pid $pid)"; else echo "postfix: stopped"; rc=1; fi
  return $rc
}

cmd_env() {
  [ -s "$DIR/ports.env" ] || die "no $DIR/ports.env (not started?)"
  cat "$DIR/ports.env"
}

cmd_load() { # USER COUNT [START]
  local user=${1:-} count=${2:-} first=${3:-}
  [ -n "$user" ] && [[ "$count" =~ ^[0-9]+$ ]] || die "usage: $0 load DIR USER COUNT [START]"
  [ -z "$first" ] || [[ "$first" =~ ^[0-9]+$ ]] || die "START must be a number"
  command -v python3 >/dev/null 2>&1 || die "load needs python3"
  make_maildir "$user"
  local t0=${EPOCHREALTIME/./}
  python3 - "$DIR/mail/$user/Maildir" "$user" "$count" "${first:-0}" "$MAIL_UID" <<'PY'
import base64, os, sys, time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

md, user, count, first, uid = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
if first == 0:  # continue after what is already there
    first = len(os.listdir(os.path.join(md, "cur"))) + len(os.listdir(os.path.join(md, "new"))) + 1

def ew(text, charset):  # RFC 2047 encoded-word
    return "=?%s?B?%s?=" % (charset, base64.b64encode(text.encode(charset)).decode())

# (subject, subject charset or None, body, body charset)
samples = [
    ("Street light broken on Renmin Road", None,
     "The street light at Renmin Road no. {n} has been dark for a week.", "us-ascii"),
    ("小区噪音扰民投诉", "gb2312",
     "市长您好：我住在和平路{n}号，附近工地每天夜里施工，噪音严重影响休息，请尽快处理。", "gb2312"),
    ("关于公交线路调整的建议", "utf-8",
     "建议增加第{n}路公交车的班次，早高峰等车时间太长。", "utf-8"),
    ("Water outage in block {n}", None,
     "No running water since this morning in block {n}. Please advise.", "us-ascii"),
    ("反映道路积水问题（第{n}号）", "gb2312",
     "解放大街{n}号门前下雨后积水很深，行人无法通行。", "gb2312"),
    ("咨询：社保卡补办流程", "utf-8",
     "请问社保卡丢失后如何补办？需要带哪些材料？编号{n}。", "utf-8"),
]
now = int(time.time())
beijing = timezone(timedelta(hours=8))
pid = os.getpid()
cur = os.path.join(md, "cur")
for n in range(first, first + count):
    subj, scs, body, bcs = samples[n % len(samples)]
    subj, body = subj.format(n=n), body.format(n=n)
    subject = ew(subj, scs) if scs else subj
    if bcs == "us-ascii":
        cte, payload = "7bit", body + "\r\n"
    else:
        cte, payload = "base64", base64.encodebytes((body + "\n").encode(bcs)).decode().replace("\n", "\r\n")
    msg = ("Return-Path: <citizen{n}@example.test>\r\n"
           "From: Citizen {n} <citizen{n}@example.test>\r\n"
           "To: Mayor's Hotline <{user}@hotline.test>\r\n"
           "Subject: {subject}\r\n"
           "Date: {date}\r\n"
           "Message-ID: <load-{n}.{now}@example.test>\r\n"
           "MIME-Version: 1.0\r\n"
           "Content-Type: text/plain; charset={bcs}\r\n"
           "Content-Transfer-Encoding: {cte}\r\n"
           "\r\n{payload}").format(n=n, user=user, subject=subject, now=now,
                                 date=format_datetime(datetime.fromtimestamp(now - 60 * (first + count - n), beijing)),
                                 bcs=bcs, cte=cte, payload=payload).encode("ascii")
    # In cur/ with an empty flag list: unseen, and dovecot has nothing to rename. S= spares it a stat.
    path = os.path.join(cur, "%d.M%dP%d.hotline-load,S=%d:2," % (now, n, pid, len(msg)))
    with open(path, "wb") as f:
        f.write(msg)
    os.chown(path, uid, uid)
PY
  local us=$(( ${EPOCHREALTIME/./} - t0 ))
  say "loaded $count messages into $user's INBOX in $((us / 1000000)).$(printf %03d $((us / 1000 % 1000))) s"
}

# ---------------------------------------------------------------- main

[ $# -ge 2 ] || usage
CMD=$1; DIR=$2; shift 2
case "$CMD" in
  start|load) mkdir -p "$DIR" ;;
  stop|status|env) [ -d "$DIR" ] || { [ "$CMD" = stop ] && exit 0; die "no such directory: $DIR"; } ;;
  *) usage ;;
esac
DIR=$(cd "$DIR" && pwd -P)
case "$CMD" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env) cmd_env ;;
  load) cmd_load "$@" ;;
esac
