#!/usr/bin/env bash
# Builds hotline and runs it; with no arguments, one pass on the embedded default: the sample mail in
# inbox/ into the case store store/hotline.sqlite, acknowledgements into outbox/. Installs the C
# libraries the build needs first (idempotent). Any arguments go to hotline: scripts/run.sh cases
set -euo pipefail
cd "$(dirname "$0")/.."
command -v swift >/dev/null || export PATH=/opt/swift/usr/bin:$PATH
bash scripts/install-deps.sh build >&2
swift build --product hotline >&2
if [ $# -eq 0 ]; then set -- run; fi
exec .build/debug/hotline "$@"
