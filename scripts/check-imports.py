#!/usr/bin/env python3
"""Every module a target imports is one it declares directly (issue 10, item 5).

SwiftPM's --explicit-target-dependency-import-check compares imports with a target's transitive
dependencies, so an import that only arrives through another target slips past it. This compares
each target's `import` lines with its direct dependencies in `swift package dump-package`.
Usage: python3 scripts/check-imports.py   (exit 1 and the offending targets when any)
"""
import glob, json, re, subprocess, sys

SYSTEM = {"Foundation", "FoundationEssentials", "XCTest", "Glibc", "Darwin", "Dispatch", "Synchronization"}
pkg = json.loads(subprocess.check_output(["swift", "package", "dump-package"], stderr=subprocess.DEVNULL))
bad = 0
for t in pkg["targets"]:
    deps = set()
    for d in t["dependencies"]:
        for kind in ("byName", "product", "target"):
            if kind in d:
                deps.add(d[kind][0])
    root = t.get("path") or (("Tests/" if t["type"] == "test" else "Sources/") + t["name"])
    imports = set()
    for f in glob.glob(root + "/**/*.swift", recursive=True):
        for line in open(f, encoding="utf-8"):
            m = re.match(r"\s*(?:@testable\s+|@_implementationOnly\s+)?import\s+(\w+)\s*$", line)
            if m:
                imports.add(m.group(1))
    missing = sorted(imports - SYSTEM - deps - {t["name"]})
    if missing:
        bad += 1
        print(f"{t['name']} imports modules it does not declare: {', '.join(missing)}")
sys.exit(1 if bad else 0)
