#!/usr/bin/env bash
# The report does not depend on --threads: byte-identical JSON for 1, 2 and
# 5 threads, on the bundled corpus and on 6000 SaudiNewsNet articles (when
# ../shared is there), including batches that end mid-input.
set -u
cd "$(dirname "$0")/../.."
WT=${WT:-build/wiretrace}
SHARED=${SHARED:-../shared}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
inputs=(corpus)
snn=$SHARED/corpus/saudinewsnet/saudinewsnet.jsonl.gz
if [ -f "$snn" ]; then
	zcat "$snn" | head -n 6000 >"$tmp/snn6k.jsonl"
	inputs+=("$tmp/snn6k.jsonl")
fi
for in in "${inputs[@]}"; do
	"$WT" scan -q -j1 --format json -o "$tmp/1.json" "$in" || fail=1
	for j in 2 5; do
		"$WT" scan -q -j$j --format json -o "$tmp/$j.json" "$in" || fail=1
		if ! cmp -s "$tmp/1.json" "$tmp/$j.json"; then
			echo "FAILED: $in: -j$j differs from -j1"
			fail=1
		fi
	done
	grep -q '"pairs":\[$' "$tmp/1.json" || { echo "FAILED: $in: no pairs at all"; fail=1; }
done
"$WT" scan -q -j0 corpus >/dev/null 2>&1 && { echo "FAILED: -j0 accepted"; fail=1; }
exit $fail
