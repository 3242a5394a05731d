#!/usr/bin/env bash
# dedup: the stream filter against the exact filter (brute-force Jaccard
# by tests/oracle on the same shingles), its output contract, --dropped,
# --db, threads, bad records.
# shellcheck source=tests/e2e/lib/assert.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/assert.sh"
ORACLE=${BUILD:-build}/tests/oracle
S=corpus/saudinewsnet-sample.jsonl
# a feed with real copies: the sample, then every third article again
# under a new id, with a sentence added
python3 - "$S" >"$T/feed.jsonl" <<'PY'
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
for d in docs:
    print(json.dumps(d, ensure_ascii=False))
for d in docs[::3]:
    t = d["text"] + "\nوأضاف المصدر أن التحقيقات ما زالت جارية في الحادث."
    print(json.dumps(dict(d, id=d["id"] + "-copy", text=t), ensure_ascii=False))
PY
N=$(wc -l <"$T/feed.jsonl")

wt dedup --no-boilerplate --dropped "$T/dropped.tsv" - <"$T/feed.jsonl"
expect_rc "feed: exit 0" 0
cp "$T/out" "$T/unique.jsonl"
expect_err "feed: a summary line" "passed .* dropped"
check "dedup against the exact filter" sh -c \
	"'$ORACLE' --pairs --no-boilerplate '$T/feed.jsonl' >'$T/truth.tsv' &&
	 python3 tests/e2e/dedup_truth.py '$T/truth.tsv' '$T/feed.jsonl' '$T/unique.jsonl' '$T/dropped.tsv' 0.99"
check "passed records are the input lines byte for byte" python3 -c "
import sys
inp = set(open('$T/feed.jsonl', 'rb').read().split(b'\n'))
out = open('$T/unique.jsonl', 'rb').read().split(b'\n')[:-1]
assert out and all(l in inp for l in out)"
check "every copy is dropped" python3 -c "
ids = [l.split('\t')[0] for l in open('$T/dropped.tsv', encoding='utf-8')]
copies = sum(1 for l in open('$T/feed.jsonl', encoding='utf-8') if '-copy\"' in l)
assert sum(i.endswith('-copy') for i in ids) >= 0.95 * copies, (len(ids), copies)"

wt dedup -q --no-boilerplate -j 1 -o "$T/j1.jsonl" "$T/feed.jsonl"
expect_rc "-j 1: exit 0" 0
expect_same "-j 1 and -j 2 pass the same records" "$T/j1.jsonl" "$T/unique.jsonl"

# the five seed articles tell one story in different words: all pass
wt dedup -q --dropped "$T/seeds.tsv" corpus/seeds
expect_rc "seeds: exit 0" 0
check "seeds: all five pass, written as JSON" python3 -c "
import json
rows = [json.loads(l) for l in open('$T/out', encoding='utf-8')]
assert len(rows) == 5 and all(r['id'].endswith('.txt') and r['text'] for r in rows), len(rows)"
expect_empty "seeds: nothing dropped" "$T/seeds.tsv"

# against an index: the indexed documents' copies are dropped as such
wt index add -q --db "$T/db" -o /dev/null "$S"
expect_rc "index add: exit 0" 0
wt dedup -q --db "$T/db" --dropped "$T/db.tsv" "$T/feed.jsonl"
expect_rc "--db: exit 0" 0
check "--db: every document of the index is dropped as an exact copy of itself or its twin" python3 -c "
import json
text = {}
for l in open('$S', encoding='utf-8'):
    d = json.loads(l); text[d['id']] = d['text']
rows = [l.rstrip('\n').split('\t') for l in open('$T/db.tsv', encoding='utf-8')]
own = [r for r in rows if not r[0].endswith('-copy')]
assert len(own) == len(text), (len(own), len(text))
assert all(r[4] == 'index' and r[3] == 'exact' for r in own), rows[:3]
assert sum(r[0] == r[1] for r in own) >= 0.9 * len(own), 'too few name themselves'
assert all(r[0] == r[1] or text[r[0]] == text[r[1]] or r[2] == '1.0000' for r in own), own
out = open('$T/out', encoding='utf-8').read()
assert out.count('\n') == $N - len(rows), (out.count('\n'), len(rows))"
wt dedup -q --db "$T/db" --shingle 4 "$S"
expect_rc "--db with another --shingle: exit 2" 2
expect_err "--db with another --shingle: says so" "created with --shingle 5"

# a bad record: reported with its line; skipped on request
{ head -n 3 "$S"; echo '{"id": "broken", "text": '; sed -n 4,6p "$S"; } >"$T/bad.jsonl"
wt dedup -q "$T/bad.jsonl"
expect_rc "bad record: exit 2" 2
expect_err "bad record: file and line" "bad.jsonl:4"
wt dedup -q --on-error skip "$T/bad.jsonl"
expect_rc "bad record skipped: exit 0" 0
check "bad record skipped: the six others pass or drop" python3 -c "
n = open('$T/out', encoding='utf-8').read().count('\n'); assert 1 <= n <= 6, n"
wt dedup --dropped /nonexistent/dir/x.tsv "$S"
expect_rc "unwritable --dropped: exit 1" 1
wt dedup --help
expect_rc "dedup --help: exit 0" 0
for o in --dropped --db --threshold --output; do
	expect_out "dedup --help documents $o" "^ +(-\w, )?$o"
done
wt index --help
for o in --db --replace --no-text --before; do
	expect_out "index --help documents $o" "$o"
done
wt scan --replace "$S"
expect_rc "scan refuses an option of index: exit 2" 2
finish
