#!/usr/bin/env bash
# Installs what the tests need, then builds and runs every test. This is what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v swift >/dev/null || export PATH=/opt/swift/usr/bin:$PATH
bash scripts/install-deps.sh test
swift build --build-tests
# The suites are XCTest; without this flag Swift Testing would close the output with "0 tests".
swift test --skip-build --disable-swift-testing
