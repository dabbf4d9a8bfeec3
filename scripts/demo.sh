#!/usr/bin/env bash
# Builds weft (through setup.sh) and runs the demo: a two-stage 3x3 box blur,
# JIT-compiled at run time, over tutorials/data/rgb.png.
#
#   bash scripts/demo.sh [input.png]
#
# Writes out/blurred.png at the repository root and prints where it went.

set -Eeuo pipefail

die() {
    echo "demo.sh: error: $*" >&2
    exit 1
}

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${WEFT_BUILD_DIR:-$repo_root/build}"

bash "$repo_root/scripts/setup.sh"

demo="$build_dir/demo/weft_demo"
input="${1:-$repo_root/tutorials/data/rgb.png}"
output_dir="$repo_root/out"
output="$output_dir/blurred.png"

[[ -x "$demo" ]] || die "$demo was not built (WEFT_BUILD_APPS=OFF, or the cmake output above says why demo/ was skipped)"
[[ -f "$input" ]] || die "input image $input not found"
mkdir -p "$output_dir"

"$demo" "$input" "$output" || die "weft_demo failed on $input"
[[ -s "$output" ]] || die "weft_demo did not write $output"
echo "demo.sh: wrote $output"
