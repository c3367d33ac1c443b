#!/usr/bin/env bash
# Installs what the tests need, then builds and runs every test. This is what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v swift >/dev/null || export PATH=/opt/swift/usr/bin:$PATH
bash scripts/install-deps.sh test
# Every import must be a declared, direct dependency of its target (issue 10, item 5): SwiftPM's
# check catches modules not among a target's dependencies at all, ours those that only arrive
# through another target.
python3 scripts/check-imports.py
swift build --build-tests --explicit-target-dependency-import-check error
# The suites are XCTest; without this flag Swift Testing would close the output with "0 tests".
swift test --skip-build --disable-swift-testing
