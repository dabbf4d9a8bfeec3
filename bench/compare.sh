#!/usr/bin/env bash
# Builds and runs every app benchmark (bench/<app>.cpp for each apps/<app>/, and blur)
# and prints one table: app, size, threads, each implementation's median time, weft's
# ratio to the best baseline, and GFLOP/s or GB/s where the bench reports them.
# See bench/README.md ("compare.sh") for the naming convention it reads.
#
#   bench/compare.sh [--quick] [--json] [--repetitions N] [--apps a,b,...]
#
#   --quick          WEFT_BENCH_QUICK=1 (smaller sizes) and 3 repetitions
#   --json           print a JSON array, one object per measurement:
#                    {"app", "size", "threads", "impl", "median_ms"[, "gflops"|"gbps"]}
#   --repetitions N  repetitions per benchmark (default 5; the median is reported)
#   --apps a,b       only these apps
#
# The JSON is read from --benchmark_out (a program may print a summary of its own on
# stdout). Builds in $WEFT_BUILD_DIR (default build/ at the repository root), configuring it
# (Release, Ninja) if needed. Exits nonzero if a build or a bench program fails, or if
# an app named in --apps has no bench program.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${WEFT_BUILD_DIR:-$root/build}"
quick=0
json=0
reps=""
apps_filter=""

usage() {
    sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

while [[ $# -gt 0 ]]; do
    case "$1" in
    --quick) quick=1 ;;
    --json) json=1 ;;
    --repetitions)
        [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: --repetitions needs a positive integer" >&2; exit 2; }
        reps="$2"
        shift
        ;;
    --repetitions=*)
        reps="${1#*=}"
        [[ "$reps" =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: --repetitions needs a positive integer" >&2; exit 2; }
        ;;
    --apps)
        [[ $# -ge 2 ]] || { echo "compare.sh: --apps needs a comma-separated list" >&2; exit 2; }
        apps_filter="$2"
        shift
        ;;
    --apps=*) apps_filter="${1#*=}" ;;
    -h | --help)
        usage
        exit 0
        ;;
    *)
        echo "compare.sh: unknown option '$1' (try --help)" >&2
        exit 2
        ;;
    esac
    shift
done
if [[ -z "$reps" ]]; then
    reps=$([[ $quick == 1 ]] && echo 3 || echo 5)
fi

# The apps: every folder of apps/ with a CMakeLists.txt, plus blur; those with a
# bench/<app>.cpp are benchmarked.
candidates=(blur)
for d in "$root"/apps/*/; do
    name="$(basename "$d")"
    [[ -f "$d/CMakeLists.txt" && "$name" != blur ]] && candidates+=("$name")
done
apps=()
if [[ -n "$apps_filter" ]]; then
    IFS=',' read -ra wanted <<<"$apps_filter"
    for a in "${wanted[@]}"; do
        if [[ ! -f "$root/bench/$a.cpp" ]]; then
            echo "compare.sh: no bench program bench/$a.cpp for app '$a'" >&2
            exit 2
        fi
        apps+=("$a")
    done
else
    for a in "${candidates[@]}"; do
        [[ -f "$root/bench/$a.cpp" ]] && apps+=("$a")
    done
fi
if [[ ${#apps[@]} -eq 0 ]]; then
    echo "compare.sh: no app has a bench program" >&2
    exit 2
fi

log() { echo "compare.sh: $*" >&2; }

if [[ ! -f "$build/build.ninja" ]]; then
    log "configuring $build"
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
fi
targets=()
for a in "${apps[@]}"; do
    targets+=("bench_$a")
done
log "building ${targets[*]}"
ninja -C "$build" "${targets[@]}" >&2

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
status=0
for a in "${apps[@]}"; do
    log "running $a ($reps repetitions$([[ $quick == 1 ]] && echo ', quick'))"
    if ! env $([[ $quick == 1 ]] && echo WEFT_BENCH_QUICK=1) "$build/bench/$a" \
        --benchmark_format=json --benchmark_repetitions="$reps" \
        --benchmark_report_aggregates_only=true \
        --benchmark_enable_random_interleaving=true \
        --benchmark_out="$out/$a.json" --benchmark_out_format=json \
        >"$out/$a.stdout" 2>"$out/$a.err"; then
        log "bench/$a failed:"
        tail -20 "$out/$a.err" >&2
        status=1
    fi
done

python3 - "$out" "$json" "${apps[@]}" <<'PY' || status=1
import json
import os
import sys

out_dir, as_json, apps = sys.argv[1], sys.argv[2] == "1", sys.argv[3:]
TO_MS = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}
# Not baselines: weft's other schedules and rooflines.
ROOFLINES = {"copy", "fma_peak", "memcpy", "peak"}

rows = []   # (app, size, threads, impl, median_ms, gflops, gbps)
failed = False
for app in apps:
    path = os.path.join(out_dir, app + ".json")
    try:
        with open(path) as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        print(f"compare.sh: no JSON from bench/{app}: {e}", file=sys.stderr)
        failed = True
        continue
    for b in data.get("benchmarks", []):
        if b.get("error_occurred"):
            print(f"compare.sh: {b.get('name')}: {b.get('error_message')}", file=sys.stderr)
            failed = True
            continue
        agg = b.get("aggregate_name")
        # With one repetition Google Benchmark reports no aggregates: take the run.
        if agg is not None and agg != "median":
            continue
        name = b.get("run_name", b["name"])
        if name.endswith("_median"):
            name = name[: -len("_median")]
        # Google Benchmark appends options to the name: /real_time, /min_time:..., ...
        parts = [p for p in name.split("/") if p != "real_time" and ":" not in p]
        if len(parts) != 4 or parts[0] != app:
            continue  # not in the <app>/<size>/<threads>/<impl> convention
        size, threads, impl = parts[1], parts[2], parts[3]
        ms = b["real_time"] * TO_MS[b.get("time_unit", "ns")]
        gflops = b["flop"] / (ms * 1e-3) / 1e9 if "flop" in b and ms > 0 else None
        gbps = b["bytes"] / (ms * 1e-3) / 1e9 if "bytes" in b and ms > 0 else None
        rows.append((app, size, threads, impl, ms, gflops, gbps))

if as_json:
    arr = []
    for app, size, threads, impl, ms, gflops, gbps in rows:
        o = {"app": app, "size": size, "threads": int(threads) if threads.isdigit() else threads,
             "impl": impl, "median_ms": round(ms, 6)}
        if gflops is not None:
            o["gflops"] = round(gflops, 3)
        elif gbps is not None:
            o["gbps"] = round(gbps, 3)
        arr.append(o)
    print(json.dumps(arr, indent=1))
    sys.exit(1 if failed else 0)

def is_baseline(impl):
    return impl != "weft" and not impl.startswith("weft_") and impl not in ROOFLINES

groups = {}
for r in rows:
    groups.setdefault(r[:3], []).append(r)
print("weft vs baselines: median times; ratio = weft / best baseline (< 1: weft is faster)")
header = f"{'app':<16} {'size':<20} {'thr':>3}  {'impl':<26} {'median ms':>11} {'GFLOP/s':>9} {'GB/s':>8}  {'ratio':>6}"
print(header)
print("-" * len(header))
def group_key(k):
    app, size, threads = k
    return (apps.index(app), size, int(threads) if threads.isdigit() else 0, threads)

for (app, size, threads), rs in sorted(groups.items(), key=lambda kv: group_key(kv[0])):
    weft = [r for r in rs if r[3] == "weft"]
    base = [r for r in rs if is_baseline(r[3])]
    best = min(base, key=lambda r: r[4]) if base else None
    ratio = weft[0][4] / best[4] if weft and best else None
    # weft, the baselines, weft's other schedules, then the rooflines.
    def order(r):
        impl = r[3]
        rank = 0 if impl == "weft" else 1 if is_baseline(impl) else 3 if impl in ROOFLINES else 2
        return (rank, impl)

    for i, (a, s, t, impl, ms, gf, gb) in enumerate(sorted(rs, key=order)):
        gfs = f"{gf:9.1f}" if gf is not None else f"{'':9}"
        gbs = f"{gb:8.2f}" if gb is not None else f"{'':8}"
        tag = ""
        if impl == "weft" and ratio is not None:
            tag = f"{ratio:6.2f}x"
        elif best is not None and impl == best[3]:
            tag = "  best"
        first = i == 0
        print(f"{(a if first else ''):<16} {(s if first else ''):<20} {(t if first else ''):>3}  "
              f"{impl:<26} {ms:11.3f} {gfs} {gbs}  {tag}")
sys.exit(1 if failed else 0)
PY
exit $status
