#!/usr/bin/env bash
# weft against Halide 14 on the imaging apps (issue 4): builds weft's app benches
# (bench/<app>.cpp) and the Halide versions of the same algorithms (bench/halide/, a
# separate CMake project that needs Debian's libhalide14-0-dev: installed with apt-get
# if missing), runs both at the same sizes, thread counts and repetitions, and prints
# one table: app, size, threads, weft's median ms, Halide's median ms, weft / Halide
# (< 1: weft is faster). See bench/README.md ("halide_compare.sh").
#
#   bench/halide_compare.sh [--quick] [--repetitions N] [--apps a,b] [--threads 1|2]
#                           [--heap-only] [--build-dir DIR] [--weft-build-dir DIR] [--json]
#
#   --quick              WEFT_BENCH_QUICK=1 (small sizes) and 3 repetitions
#   --repetitions N      repetitions per benchmark (default 5; medians are reported)
#   --apps a,b           only these apps (default: unsharp, harris, bilateral_grid,
#                        camera_pipe, local_laplacian, interpolate)
#   --threads T          only T threads (default: 1 and 2)
#   --heap-only          run both programs with MALLOC_MMAP_MAX_=0 and a huge
#                        MALLOC_TRIM_THRESHOLD_: glibc then serves every allocation from
#                        its heap and keeps freed memory, so the pipelines' large
#                        per-call buffers stop costing page faults on every call (how many
#                        they cost otherwise depends on glibc's adaptive mmap threshold,
#                        i.e. on the order of earlier allocations: up to 2x run to run)
#   --build-dir DIR      the Halide build (default: build-halide/ at the repository root)
#   --weft-build-dir DIR weft's build (default: $WEFT_BUILD_DIR or build/)
#   --json               a JSON array instead: {"app", "size", "threads", "impl",
#                        "median_ms"} per measurement (impl weft, halide, halide_<schedule>)
#
# Each program runs with --benchmark_repetitions=N --benchmark_enable_random_interleaving
# =true, weft's filtered to its best schedule (impl `weft`); per app weft runs first,
# then Halide. Both check their outputs against the app's C++ reference before timing; a
# failed check, build or run makes the script exit nonzero. Progress goes to stderr, the
# table to stdout. Run it on an idle machine.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
hbuild="$root/build-halide"
wbuild="${WEFT_BUILD_DIR:-$root/build}"
quick=0
json=0
heap_only=0
reps=""
threads=""
all_apps=(unsharp harris bilateral_grid camera_pipe local_laplacian interpolate)
apps=("${all_apps[@]}")

die() {
    echo "halide_compare.sh: $*" >&2
    exit 2
}
log() { echo "halide_compare.sh: $*" >&2; }

while [[ $# -gt 0 ]]; do
    case "$1" in
    --quick) quick=1 ;;
    --json) json=1 ;;
    --heap-only) heap_only=1 ;;
    --repetitions | --apps | --threads | --build-dir | --weft-build-dir)
        [[ $# -ge 2 ]] || die "$1 needs a value"
        case "$1" in
        --repetitions) reps="$2" ;;
        --apps) IFS=',' read -ra apps <<<"$2" ;;
        --threads) threads="$2" ;;
        --build-dir) hbuild="$2" ;;
        --weft-build-dir) wbuild="$2" ;;
        esac
        shift
        ;;
    -h | --help)
        sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | grep '^#' | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *) die "unknown option '$1' (try --help)" ;;
    esac
    shift
done
[[ -z "$reps" ]] && reps=$([[ $quick == 1 ]] && echo 3 || echo 5)
[[ "$reps" =~ ^[1-9][0-9]*$ ]] || die "--repetitions needs a positive integer"
[[ -z "$threads" || "$threads" == 1 || "$threads" == 2 ]] || die "--threads is 1 or 2"
for a in "${apps[@]}"; do
    [[ " ${all_apps[*]} " == *" $a "* ]] || die "no Halide version of app '$a' (apps: ${all_apps[*]})"
done

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# Runs "$@" with its output in $out/<name>.log, shown (the end of it) only on failure.
quiet() {
    local name="$1"
    shift
    if ! "$@" >"$out/$name.log" 2>&1; then
        log "'$*' failed:"
        tail -30 "$out/$name.log" >&2
        exit 1
    fi
}

if ! dpkg -s libhalide14-0-dev >/dev/null 2>&1; then
    log "installing libhalide14-0-dev (Halide 14) with apt-get"
    sudo=""
    [[ $(id -u) -ne 0 ]] && sudo="sudo"
    quiet apt $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y libhalide14-0-dev
fi

if [[ ! -f "$hbuild/build.ninja" ]]; then
    log "configuring $hbuild"
    quiet cmake-halide cmake -S "$root/bench/halide" -B "$hbuild" -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
log "building $hbuild/halide_bench"
quiet ninja-halide ninja -C "$hbuild" halide_bench
if [[ ! -f "$wbuild/build.ninja" ]]; then
    log "configuring $wbuild"
    quiet cmake-weft cmake -S "$root" -B "$wbuild" -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
targets=()
for a in "${apps[@]}"; do
    targets+=("bench_$a")
done
log "building ${targets[*]} in $wbuild"
quiet ninja-weft ninja -C "$wbuild" "${targets[@]}"

# One process per thread count: Halide's pool does not shrink again after a 2-thread
# benchmark, so with both counts in one (interleaved) process its 1-thread rows ran on
# 2 threads.
thread_counts=(${threads:-1 2})
flags=(--benchmark_format=json --benchmark_repetitions="$reps"
    --benchmark_report_aggregates_only=true --benchmark_enable_random_interleaving=true)
env_quick=()
[[ $quick == 1 ]] && env_quick+=(WEFT_BENCH_QUICK=1)
[[ $heap_only == 1 ]] && env_quick+=(MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=68719476736)
status=0
run() { # run <tag> <program> <filter>
    if ! env "${env_quick[@]}" "$2" "${flags[@]}" --benchmark_filter="$3" \
        --benchmark_out="$out/$1.json" --benchmark_out_format=json \
        >"$out/$1.stdout" 2>"$out/$1.err"; then
        log "$2 failed:"
        tail -20 "$out/$1.err" >&2
        status=1
    fi
}
for a in "${apps[@]}"; do
    log "running $a: weft, then Halide ($reps repetitions$([[ $quick == 1 ]] && echo ', quick'))"
    for t in "${thread_counts[@]}"; do
        run "weft_${a}_$t" "$wbuild/bench/$a" "^$a/[^/]+/$t/weft(/|\$)"
        run "halide_${a}_$t" "$hbuild/halide_bench" "^$a/[^/]+/$t/halide"
    done
done

HEAP_ONLY=$heap_only python3 - "$out" "$json" "${apps[@]}" <<'PY' || status=1
import glob
import json
import os
import sys

out_dir, as_json, apps = sys.argv[1], sys.argv[2] == "1", sys.argv[3:]
TO_MS = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}
rows = {}  # (app, size, threads) -> {impl: median ms}
failed = False
for app in apps:
    for prog in ("weft", "halide"):
        paths = sorted(glob.glob(os.path.join(out_dir, f"{prog}_{app}_[12].json")))
        benchmarks = []
        if not paths:
            print(f"halide_compare.sh: no results from the {prog} bench of {app}",
                  file=sys.stderr)
            failed = True
        for path in paths:
            try:
                with open(path) as f:
                    benchmarks += json.load(f).get("benchmarks", [])
            except (OSError, ValueError) as e:
                print(f"halide_compare.sh: no results from the {prog} bench of {app}: {e}",
                      file=sys.stderr)
                failed = True
        for b in benchmarks:
            if b.get("error_occurred"):
                print(f"halide_compare.sh: {b.get('name')}: {b.get('error_message')}",
                      file=sys.stderr)
                failed = True
                continue
            agg = b.get("aggregate_name")
            if agg is not None and agg != "median":
                continue
            name = b.get("run_name", b["name"])
            parts = [p for p in name.split("/") if p != "real_time" and ":" not in p]
            if len(parts) != 4 or parts[0] != app:
                continue
            ms = b["real_time"] * TO_MS[b.get("time_unit", "ns")]
            rows.setdefault((app, parts[1], parts[2]), {})[parts[3]] = ms

keys = sorted(rows, key=lambda k: (apps.index(k[0]), k[1], k[2]))
if as_json:
    arr = [{"app": a, "size": s, "threads": int(t), "impl": impl, "median_ms": round(ms, 6)}
           for (a, s, t) in keys for impl, ms in sorted(rows[(a, s, t)].items())]
    print(json.dumps(arr, indent=1))
    sys.exit(1 if failed else 0)

print("weft vs Halide 14: median times; ratio = weft / Halide (< 1: weft is faster)"
      + (" [heap-only malloc]" if os.environ.get("HEAP_ONLY") == "1" else ""))
header = f"{'app':<16} {'size':<10} {'thr':>3}  {'weft ms':>10} {'Halide ms':>10}  {'weft/Halide':>11}"
print(header)
print("-" * len(header))
for k in keys:
    r = rows[k]
    w, h = r.get("weft"), r.get("halide")
    ws = f"{w:10.3f}" if w is not None else f"{'-':>10}"
    hs = f"{h:10.3f}" if h is not None else f"{'-':>10}"
    ratio = f"{w / h:10.2f}x" if w is not None and h else f"{'-':>11}"
    print(f"{k[0]:<16} {k[1]:<10} {k[2]:>3}  {ws} {hs}  {ratio}")
    if w is None or h is None:
        failed = True
sys.exit(1 if failed else 0)
PY
exit $status
