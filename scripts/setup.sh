#!/usr/bin/env bash
# Prepares a Debian 12 machine for weft and builds it.
#
#   bash scripts/setup.sh
#
# 1. Installs the Debian packages weft needs, only those that are missing. On a
#    machine that already has them all, apt-get is not called at all.
# 2. Configures a Release build with Ninja in build/ at the repository root
#    (reusing an existing build/ if there is one) and builds it with all cores.
#
# Safe to run again at any time. Runs as root, or through sudo when available.
# Environment: WEFT_BUILD_DIR overrides build/; WEFT_CMAKE_ARGS adds cmake options.

set -Eeuo pipefail

die() {
    echo "setup.sh: error: $*" >&2
    exit 1
}
trap 'echo "setup.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${WEFT_BUILD_DIR:-$repo_root/build}"

# Everything weft needs at build time (DESIGN.md section 6). llvm-19-dev's own
# dependencies cover what LLVM's CMake package looks for at configure time.
packages=(
    cmake ninja-build g++ pkg-config ccache
    llvm-19-dev
    catch2 libbenchmark-dev libeigen3-dev libpng-dev libdlpack-dev
    libdnnl-dev libopenblas-dev python3
)

is_installed() {
    [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

install_missing_packages() {
    command -v dpkg-query >/dev/null 2>&1 ||
        die "dpkg-query not found: this script expects Debian 12 (bookworm)"

    local missing=()
    local p
    for p in "${packages[@]}"; do
        is_installed "$p" || missing+=("$p")
    done
    if ((${#missing[@]} == 0)); then
        echo "setup.sh: all ${#packages[@]} Debian packages are installed"
        return
    fi

    local sudo=()
    if ((EUID != 0)); then
        command -v sudo >/dev/null 2>&1 ||
            die "missing packages (${missing[*]}) and not root; rerun as root or install sudo"
        sudo=(sudo)
    fi

    echo "setup.sh: installing ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update ||
        die "apt-get update failed"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends "${missing[@]}" </dev/null ||
        die "apt-get install failed for: ${missing[*]}"
}

configure_and_build() {
    local cmake_args=(-S "$repo_root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release)
    # An existing build/ is reconfigured in place. One made with another generator or
    # for another checkout cannot be reused: say so rather than guess.
    local cache="$build_dir/CMakeCache.txt"
    if [[ -f "$cache" ]]; then
        local generator source_dir
        generator="$(sed -n 's/^CMAKE_GENERATOR:INTERNAL=//p' "$cache")"
        source_dir="$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$cache")"
        [[ "$generator" == "Ninja" ]] ||
            die "$build_dir was configured with '$generator', not Ninja; remove it and rerun"
        [[ "$source_dir" -ef "$repo_root" ]] ||
            die "$build_dir belongs to the checkout in $source_dir; remove it and rerun"
    fi
    # shellcheck disable=SC2206 # WEFT_CMAKE_ARGS is meant to be split into words
    cmake_args+=(${WEFT_CMAKE_ARGS:-})

    echo "setup.sh: configuring $build_dir"
    cmake "${cmake_args[@]}" || die "cmake configure failed (see the messages above)"
    echo "setup.sh: building with $(nproc) jobs"
    cmake --build "$build_dir" -- -j"$(nproc)" || die "build failed (see the messages above)"
    echo "setup.sh: build ready in $build_dir"
}

install_missing_packages
configure_and_build
