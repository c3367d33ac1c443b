#!/usr/bin/env bash
# Installs what hotline needs on Debian 12 (root, or sudo). Idempotent: a second run does no apt work.
#   install-deps.sh build   the C libraries the build links (libcurl, SQLite, libxml2, libqrencode)
#   install-deps.sh test    those, plus what the tests use: python3 (corpus comparison), Dovecot and
#                           Postfix for the live IMAP/SMTP tests (scripts/mailservers.sh), curl, openssl;
#                           xmlsec1 (the signature cross-check), LibreOffice Writer with Noto CJK and
#                           poppler (forms to PDF and back to text), zbar and qrencode (QR codes),
#                           libtiff-tools (fax scans: tiff2pdf), faketime (scripts/make-fax-fixtures.py).
# The fax scanner (FaxQRScanner) needs zbar-tools, poppler-utils and libtiff-tools at run time.
# No service is started and no system mail configuration is written: the tests run their own servers.
# Needs the Swift 6 toolchain already installed (/opt/swift or on PATH).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
what=${1:-test}

pkgs=(libsqlite3-dev libxml2-dev libcurl4-openssl-dev libqrencode-dev zlib1g-dev pkg-config ca-certificates)
case "$what" in
  build) ;;
  test) pkgs+=(python3 dovecot-imapd dovecot-lmtpd postfix openssl curl
             xmlsec1 libreoffice-writer-nogui fonts-noto-cjk poppler-utils zbar-tools qrencode libtiff-tools faketime) ;;
  *) echo "usage: $0 build|test" >&2; exit 2 ;;
esac

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps ($what): all ${#pkgs[@]} packages present"
else
  echo "install-deps ($what): installing ${missing[*]}"
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
command -v swift >/dev/null || [ -x /opt/swift/usr/bin/swift ] || { echo "install-deps: Swift 6 toolchain not found" >&2; exit 1; }
