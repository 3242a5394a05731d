#!/usr/bin/env bash
# bench/scale.sh: how the scan scales from SMALL to LARGE generated
# documents (default 100000 and 1000000, reword corpora of bench/datagen.py
# cached in BENCH_DIR; the large one is ~3.4 GB and takes minutes to make).
# Each size is scanned RUNS times (default 3, median by wall time) with
# `scan -q --format json -o /dev/null` and the OPTS given (e.g.
# OPTS="--no-reuse --no-boilerplate"); prints wall, user and system
# seconds, peak RSS, the passage candidates, and each ratio large/small.
# System time is printed apart because a VM that returns freed pages to
# its host (virtio-balloon free page reporting, noted below when on) makes
# every fresh page of the spool cost a host fault. By hand only.
set -euo pipefail
cd "$(dirname "$0")/.."
SMALL=${SMALL:-100000}
LARGE=${LARGE:-1000000}
OPTS=${OPTS:-}
# shellcheck source=bench/lib.sh
. bench/lib.sh
[ -x "$WT" ] || { echo "scale: build $WT first (make)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# N -> "wall user sys peak-KB reuse-candidates" of the median run
measure() {
	local f
	f=$(gen_corpus "$1")
	# shellcheck disable=SC2086
	"$WT" scan -q --format json -o "$tmp/r.json" $OPTS "$f" # warm-up, stats
	local cand
	cand=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["stats"]["reuse_candidates"])' "$tmp/r.json")
	: >"$tmp/t"
	for _ in $(seq "$RUNS"); do
		# shellcheck disable=SC2086
		/usr/bin/time -f '%e %U %S %M' -a -o "$tmp/t" "$WT" scan -q --format json \
			-o /dev/null $OPTS "$f"
	done
	sort -n "$tmp/t" | awk -v c="$cand" '{l[NR]=$0} END {print l[int((NR+1)/2)], c}'
}

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores; options: ${OPTS:-defaults}"
for f in /sys/bus/virtio/drivers/virtio_balloon/virtio*/features; do
	[ -r "$f" ] && [ "$(cut -c6 "$f")" = 1 ] &&
		echo "note: this VM reports free pages to its host (virtio-balloon feature 5): fresh pages cost a host fault"
done
read -r w1 u1 s1 m1 c1 < <(measure "$SMALL")
read -r w2 u2 s2 m2 c2 < <(measure "$LARGE")
printf '%-10s %9s %9s %9s %12s %16s\n' docs wall user sys "peak KiB" "reuse cand."
printf '%-10s %9.2f %9.2f %9.2f %12d %16d\n' "$SMALL" "$w1" "$u1" "$s1" "$m1" "$c1"
printf '%-10s %9.2f %9.2f %9.2f %12d %16d\n' "$LARGE" "$w2" "$u2" "$s2" "$m2" "$c2"
awk -v a="$w1 $u1 $s1 $m1 $c1" -v b="$w2 $u2 $s2 $m2 $c2" -v n="$((LARGE / SMALL))" 'BEGIN {
	split(a, x, " "); split(b, y, " ")
	printf "%-10s", "ratio"
	for (i = 1; i <= 5; i++) {
		fmt = i == 4 ? " %12.2f" : i == 5 ? " %16.2f" : " %9.2f"
		printf fmt, (x[i] > 0 ? y[i] / x[i] : 0)
	}
	printf "\n(%dx the documents; the issue asks for a wall ratio under 10 at 100k -> 1M)\n", n }'
