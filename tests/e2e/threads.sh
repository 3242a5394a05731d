#!/usr/bin/env bash
# The report does not depend on --threads: byte-identical JSON for 1, 2 and
# 5 threads, on the bundled corpus and on 6000 SaudiNewsNet articles (when
# ../shared is there), including batches that end mid-input. Nor on how
# the spool is read: --spool-map 0 (records copied, the mapping trimmed)
# gives the same JSON and text reports as reading it in place. A report
# of 8999 pairs (formatted in chunks on threads) lists them in order.
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
# thousands of small pages, then long ones holding one learned line 150,000
# times: a long page goes through the learning pipe too (counted beside
# it, it raced with the pipe's thread), and its learned lines are walked
# once (looking each one up from the start took minutes)
python3 - "$tmp/long.jsonl" <<'EOF'
import json, sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for i in range(20000):
        f.write(json.dumps({"id": "s%d" % i, "source": "x", "text":
            "سطر ثابت في كل صفحة هنا\nخبر رقم %s من الأخبار المتنوعة هنا" % chr(0x627 + i % 20) * (1 + i % 3)},
            ensure_ascii=False) + "\n")
    for k in range(2):
        f.write(json.dumps({"id": "long%d" % k, "source": "x", "text":
            ("سطر ثابت في كل صفحة هنا\nكلمة أخرى هنا وهناك %s\n" % chr(0x628 + k)) * 150000},
            ensure_ascii=False) + "\n")
EOF
inputs+=("$tmp/long.jsonl")
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
	"$WT" scan -q --spool-map 0 --format json -o "$tmp/c.json" "$in" || fail=1
	cmp -s "$tmp/1.json" "$tmp/c.json" || { echo "FAILED: $in: --spool-map 0 differs (json)"; fail=1; }
	"$WT" scan -q -o "$tmp/m.txt" "$in" || fail=1
	"$WT" scan -q --spool-map 0 -o "$tmp/c.txt" "$in" || fail=1
	cmp -s "$tmp/m.txt" "$tmp/c.txt" || { echo "FAILED: $in: --spool-map 0 differs (text)"; fail=1; }
done
# 9000 copies of one article: 8999 exact pairs, formatted in chunks of 4096
# on threads and written in order
python3 - "$tmp/copies.jsonl" <<'PY'
import json, sys
t = json.loads(open("corpus/saudinewsnet-sample.jsonl", encoding="utf-8").readline())["text"]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for k in range(9000):
        f.write(json.dumps({"id": "d%04d" % k, "text": t}, ensure_ascii=False) + "\n")
PY
"$WT" scan -q --format json -o "$tmp/copies.json" "$tmp/copies.jsonl" || fail=1
python3 -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
got = [(p["a"], p["b"], p["kind"]) for p in d["pairs"]]
assert got == [("d0000", "d%04d" % k, "exact") for k in range(1, 9000)], got[:3]
' "$tmp/copies.json" || { echo "FAILED: 8999 exact pairs in chunks"; fail=1; }
"$WT" scan -q --spool-map 1X corpus >/dev/null 2>&1 && { echo "FAILED: --spool-map 1X accepted"; fail=1; }
"$WT" scan -q -j0 corpus >/dev/null 2>&1 && { echo "FAILED: -j0 accepted"; fail=1; }
exit $fail
