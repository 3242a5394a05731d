#!/usr/bin/env bash
# Recall and precision of scan against the exact oracle, per corpus and
# configuration, pinned in tests/quality/quality.csv (zstd's results.csv
# idea). Near-duplicates (exact and near pairs): recall may not drop,
# precision must stay 1, the oracle's count of true pairs must not change.
# Reuse (pairs sharing a run of min_passage words): recall over the pairs
# whose shared run is held by at most fp_df_cap documents and precision
# (reported reuse pairs sharing such a run; passages bridged across edits
# need not) may not drop below their floors, the count of true reuse
# pairs must not change. The SaudiNewsNet rows need ../shared.
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

while IFS=, read -r corpus shingle threshold true_pairs recall_high recall_low \
	min_passage df_cap reuse_pairs reuse_recall reuse_precision; do
	case $corpus in corpus | snn6k) ;; *) continue ;; esac
	if ! in=$(input_for "$corpus"); then
		echo "skipped $corpus (no $SHARED)"
		skipped=$((skipped + 1))
		continue
	fi
	ran=$((ran + 1))
	"$WT" scan -q --format json --shingle "$shingle" --threshold "$threshold" \
		--min-passage "$min_passage" --fp-df-cap "$df_cap" \
		-o "$tmp/r.json" "$in" || { echo "scan failed on $corpus"; fail=1; continue; }
	out=$("$ORACLE" --shingle "$shingle" --threshold "$threshold" \
		--check "$tmp/r.json" --min-recall-high "$recall_high" \
		--min-recall-low "$recall_low" --fp-df-cap "$df_cap" \
		--min-reuse-recall "$reuse_recall" \
		--min-reuse-precision "$reuse_precision" "$in")
	rc=$?
	echo "== $corpus shingle=$shingle threshold=$threshold min_passage=$min_passage fp_df_cap=$df_cap"
	echo "$out"
	got=$(echo "$out" | sed -n 's/^oracle: .* \([0-9]*\) true pairs.*/\1/p')
	got_reuse=$(echo "$out" | sed -n 's/^oracle: \([0-9]*\) true reuse pairs.*/\1/p')
	if [ "$rc" != 0 ]; then
		fail=1
	elif [ "$got" != "$true_pairs" ]; then
		echo "true pairs changed: $got, pinned $true_pairs (a normalization or shingling change? update quality.csv on purpose)"
		fail=1
	elif [ "$got_reuse" != "$reuse_pairs" ]; then
		echo "true reuse pairs changed: $got_reuse, pinned $reuse_pairs (a normalization or boilerplate change? update quality.csv on purpose)"
		fail=1
	fi
done <tests/quality/quality.csv
[ $fail = 0 ] || exit 1
[ $ran = 0 ] && { echo "skipped: no corpus available"; exit 77; }
exit 0
