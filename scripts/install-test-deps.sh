#!/usr/bin/env bash
# Installs what hotline's build and tests need on Debian 12 (root). Idempotent: a second run
# does no apt work. Needs the Swift 6 toolchain already installed (/opt/swift or on PATH).
# The mail servers are for the live IMAP/SMTP tests (scripts/mailservers.sh); no service is started
# and no system mail configuration is written: the tests run their own Dovecot and Postfix.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

pkgs=(libsqlite3-dev libxml2-dev libcurl4-openssl-dev zlib1g-dev pkg-config python3 ca-certificates
      dovecot-imapd dovecot-lmtpd postfix openssl curl)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-test-deps: all ${#pkgs[@]} packages present"
else
  echo "install-test-deps: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  # Package scripts must start no services (dovecot, postfix): a temporary policy-rc.d refuses them,
  # unless the image already ships one (then it is left alone).
  own_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod 755 /usr/sbin/policy-rc.d
    own_policy=1
  fi
  trap 'if [ $own_policy = 1 ]; then $SUDO rm -f /usr/sbin/policy-rc.d; fi' EXIT
  # postfix asks which mail setup to write; "No configuration" writes no /etc/postfix/main.cf.
  echo "postfix postfix/main_mailer_type select No configuration" | $SUDO debconf-set-selections
  for i in 1 2 3; do $SUDO apt-get update -qq && break; echo "apt-get update failed, retry $i" >&2; sleep 5; done
  for i in 1 2 3; do
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/hotline-apt.log 2>&1 && break
    echo "apt-get install failed, retry $i" >&2; tail -5 /tmp/hotline-apt.log >&2; sleep 5
    [ $i = 3 ] && exit 1
  done
fi
command -v swift >/dev/null || [ -x /opt/swift/usr/bin/swift ] || { echo "install-test-deps: Swift 6 toolchain not found" >&2; exit 1; }
