#!/usr/bin/env bash
# make bench: end-to-end scan throughput and peak memory on real corpora,
# a generated corpus, the stages one by one, and the quality of the runs
# against exact ground truth. Each input is scanned RUNS times (default 3)
# after one warm-up; the median wall time is reported. Never part of make
# test. GEN=N (default 100000, 0 skips) adds the corpus bench/datagen.py
# builds with --docs N --seed 1 --reuse reword, cached in BENCH_DIR
# (default ${TMPDIR:-/tmp}/wiretrace-bench) with its truth file.
set -euo pipefail
cd "$(dirname "$0")/.."
GEN=${GEN:-100000}
# shellcheck source=bench/lib.sh
. bench/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

inputs=(corpus)
snn=$SHARED/corpus/saudinewsnet/saudinewsnet.jsonl.gz
[ -f "$snn" ] && inputs+=("$snn")
meter=$SHARED/corpus/meter_rawtexts/meter.jsonl.gz
[ -f "$meter" ] && inputs+=("$meter")
gen=
if [ "$GEN" != 0 ] && [ -f "$snn" ]; then
	gen=$(gen_corpus "$GEN")
	inputs+=("$gen")
fi

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
echo "compiler: $(${CC:-cc} --version | head -1); CFLAGS: ${CFLAGS:--O2 -g}"
echo "wiretrace $("$WT" --version | cut -d' ' -f2), scan defaults (shingle 5, perm 128, threshold 0.5)"
echo
# median "seconds peak-KB" of RUNS scans with the options given
median_run() {
	: >"$tmp/t"
	for _ in $(seq "$RUNS"); do
		/usr/bin/time -f '%e %M' -a -o "$tmp/t" "$WT" scan -q --format json -o "$tmp/r.json" "$@"
	done
	sort -n "$tmp/t" | awk '{a[NR]=$1; m[NR]=$2} END {i=int((NR+1)/2); print a[i], m[i]}'
}

printf '%-28s %8s %8s %8s %9s %10s %9s %8s %9s %7s\n' input docs MB seconds MB/s docs/s "RSS MB" "B/doc" "no-reuse" "reuse%"
for in in "${inputs[@]}"; do
	# warm-up, the stats, and the report the quality section scores
	"$WT" scan -q --format json -o "$tmp/${in##*/}.json" "$in"
	read -r docs bytes < <(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["stats"]; print(s["documents"], s["bytes"])' "$tmp/${in##*/}.json")
	read -r nr _ < <(median_run --no-reuse "$in")
	read -r secs kb < <(median_run "$in")
	awk -v n="${in##*/}" -v d="$docs" -v b="$bytes" -v s="$secs" -v k="$kb" -v nr="$nr" 'BEGIN {
		if (s <= 0) s = 0.001
		printf "%-28s %8d %8.1f %8.2f %9.1f %10.0f %9.1f %8.0f %9.2f %6.0f%%\n", n, d, b/1e6, s, b/1e6/s, d/s, k/1024, k*1024/d, nr, 100*(s-nr)/s }'
done
echo
echo "MB = document text bytes; RSS = peak resident set (median run); B/doc = RSS / documents;"
echo "no-reuse = seconds with --no-reuse; reuse% = share of the scan's time that reuse tracing costs"
echo
big=${inputs[${#inputs[@]} > 1 ? 1 : 0]}
echo "per stage on ${big##*/}:"
"$BUILD"/bench_stages "$big"
echo
# Quality of the default runs above: the exact oracle (brute-force Jaccard
# and shared runs on the same shingles) and the generator's truth.
checked=(corpus)
[ "$big" = corpus ] || checked+=("$big")
for in in "${checked[@]}"; do
	echo "against the exact oracle, ${in##*/}:"
	"$BUILD"/tests/oracle --check "$tmp/${in##*/}.json" "$in" | grep -E '^(oracle|recall|precision|reuse (recall|precision))' | sed 's/^/  /'
done
if [ -n "$gen" ]; then
	echo "${gen##*/} against its truth (bench/score.py):"
	python3 bench/score.py "$tmp/${gen##*/}.json" "${gen%.jsonl}.truth.tsv" | sed 's/^/  /'
fi
