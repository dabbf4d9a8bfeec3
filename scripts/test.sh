#!/usr/bin/env bash
# Builds weft (through setup.sh) and runs the whole test suite with ctest: unit
# tests, tutorials, apps and the install/package test.
#
#   bash scripts/test.sh [extra ctest arguments, e.g. -R tutorial/]
#
# The exit code is ctest's: 0 when every test passed.

set -Eeuo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${WEFT_BUILD_DIR:-$repo_root/build}"

bash "$repo_root/scripts/setup.sh"

status=0
ctest --test-dir "$build_dir" --output-on-failure -j"$(nproc)" --timeout 600 "$@" ||
    status=$?
if ((status != 0)); then
    echo "test.sh: ctest failed (exit code $status)" >&2
fi
exit "$status"
