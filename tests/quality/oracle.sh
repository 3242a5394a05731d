#!/usr/bin/env bash
# Recall and precision of scan against the exact oracle, per corpus and
# configuration, pinned in tests/quality/quality.csv (zstd's results.csv
# idea): recall may not drop, precision must stay 1, the oracle's count of
# true pairs must not change. The SaudiNewsNet rows need ../shared.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
WT=${WT:-$BUILD/wiretrace}
ORACLE=$BUILD/tests/oracle
SHARED=${SHARED:-../shared}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 ran=0 skipped=0

input_for() {
	case $1 in
	corpus) echo corpus ;;
	snn6k)
		[ -f "$SHARED/corpus/saudinewsnet/saudinewsnet.jsonl.gz" ] || return 1
		[ -f "$tmp/snn6k.jsonl" ] ||
			zcat "$SHARED/corpus/saudinewsnet/saudinewsnet.jsonl.gz" |
			head -n 6000 >"$tmp/snn6k.jsonl"
		echo "$tmp/snn6k.jsonl" ;;
	*) return 1 ;;
	esac
}

while IFS=, read -r corpus shingle threshold true_pairs recall_high recall_low; do
	case $corpus in corpus | snn6k) ;; *) continue ;; esac
	if ! in=$(input_for "$corpus"); then
		echo "skipped $corpus (no $SHARED)"
		skipped=$((skipped + 1))
		continue
	fi
	ran=$((ran + 1))
	"$WT" scan -q --format json --shingle "$shingle" --threshold "$threshold" \
		-o "$tmp/r.json" "$in" || { echo "scan failed on $corpus"; fail=1; continue; }
	out=$("$ORACLE" --shingle "$shingle" --threshold "$threshold" \
		--check "$tmp/r.json" --min-recall-high "$recall_high" \
		--min-recall-low "$recall_low" "$in")
	rc=$?
	echo "== $corpus shingle=$shingle threshold=$threshold"
	echo "$out"
	got=$(echo "$out" | sed -n 's/.* \([0-9]*\) true pairs.*/\1/p')
	if [ "$rc" != 0 ]; then
		fail=1
	elif [ "$got" != "$true_pairs" ]; then
		echo "true pairs changed: $got, pinned $true_pairs (a normalization or shingling change? update quality.csv on purpose)"
		fail=1
	fi
done <tests/quality/quality.csv
[ $fail = 0 ] || exit 1
[ $ran = 0 ] && { echo "skipped: no corpus available"; exit 77; }
exit 0
