#!/bin/sh
# Median "first compile in a process" time of the blur pipeline over N fresh processes,
# as wall time and as CPU time of the compiling thread (steadier on a loaded machine).
#   bench/first_compile.sh [path/to/jit_compile] [N]
exe=${1:-build/bench/jit_compile}
n=${2:-9}
out=$(i=0; while [ "$i" -lt "$n" ]; do "$exe" --first-only; i=$((i + 1)); done)
median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.2f ms (min %.2f, max %.2f)", v[int((NR + 1) / 2)], v[1], v[NR] }'; }
echo "first compile over $n processes: wall median $(echo "$out" | cut -d' ' -f1 | median)," \
     "CPU median $(echo "$out" | cut -d' ' -f2 | median)"
